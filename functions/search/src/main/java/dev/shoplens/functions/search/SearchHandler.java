package dev.shoplens.functions.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.SnapStartPriming;
import dev.shoplens.core.service.IndexStartupPolicy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** API Gateway (HTTP API) in front of the search routes: POST /search, GET /products/{id}[/similar]. */
public final class SearchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Holder {
        static final SearchRoutes ROUTES = SearchRoutes.of(primed(AwsApplication.start(AwsSettings.fromEnvironment(), IndexStartupPolicy.Role.SEARCH, false)));

        private static AwsApplication primed(AwsApplication app) {
            SnapStartPriming.register(app);
            return app;
        }
    }

    private final SearchRoutes routes;

    public SearchHandler() {
        this(Holder.ROUTES);
    }

    public SearchHandler(SearchRoutes routes) {
        this.routes = routes;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        SearchRoutes.Response response = routes.handle(event.getRouteKey(), event.getPathParameters(),
                event.getQueryStringParameters(), body);
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status())
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(JSON.writeValueAsString(response.body())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response always serialises", e);
        }
    }
}
