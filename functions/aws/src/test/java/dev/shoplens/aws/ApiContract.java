package dev.shoplens.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the functions' HTTP answers against openapi.yaml as API Gateway would pass them on: status
 * documented for the route, body matching its schema, content type listed. Tests record the routes they
 * exercised, so each function's test can say that it covered every route the document gives it.
 */
public final class ApiContract {
    private static final String DOCUMENT = LocalAws.repositoryRoot().resolve("openapi.yaml").toUri().toString();
    private static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT).build();
    private static final Set<String> EXERCISED = new ConcurrentSkipListSet<>();

    private ApiContract() {
    }

    /** Fails when the response is not one the document allows for this request's route. */
    public static void check(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        String method = event.getRequestContext().getHttp().getMethod().toUpperCase(Locale.ROOT);
        SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.getStatusCode())
                .withBody(response.getBody());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(answered::withHeader);
        }
        // an image key holds slashes, which an OpenAPI path parameter cannot: a one-segment stand-in for it
        String route = event.getRouteKey() == null ? "" : event.getRouteKey();
        String path = route.contains("+}") ? route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+\\+}",
                "stand-in") : event.getRawPath();
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(method), answered.build());
        assertThat(report.getMessages().stream().map(ValidationReport.Message::toString).toList())
                .as("%s %s answered %d: %s", method, event.getRawPath(), response.getStatusCode(), response.getBody())
                .isEmpty();
        if (event.getRouteKey() != null) {
            EXERCISED.add(event.getRouteKey().replace("+}", "}"));
        }
    }

    /** The routes ("POST /search") checked so far in this JVM. */
    public static Set<String> exercised() {
        return Set.copyOf(EXERCISED);
    }

    /** The routes the document says {@code where} ("aws" or "local") serves. */
    @SuppressWarnings("unchecked")
    public static Set<String> documented(String where) {
        OpenAPI api = new OpenAPIV3Parser().read(DOCUMENT);
        Set<String> routes = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Object servedBy = operation.getExtensions() == null ? null : operation.getExtensions().get("x-served-by");
            if (servedBy instanceof List<?> list && ((List<String>) list).contains(where)) {
                routes.add(method + " " + path);
            }
        }));
        return routes;
    }
}
