package dev.shoplens.functions.search;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.SnapStartPriming;
import dev.shoplens.aws.lambda.HttpInvocation;
import dev.shoplens.aws.lambda.LambdaHttp;
import dev.shoplens.aws.metrics.CloudWatchApiMetrics;
import dev.shoplens.core.api.SearchApi;
import dev.shoplens.core.service.IndexStartupPolicy;

/** API Gateway (HTTP API) in front of the search routes: POST /search, GET /products/{id}[/similar]. */
public final class SearchHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final class Holder {
        static final SearchApi API = AwsSearchApi.of(primed(AwsApplication.start(AwsSettings.fromEnvironment(),
                IndexStartupPolicy.Role.SEARCH, false)));

        private static AwsApplication primed(AwsApplication app) {
            SnapStartPriming.register(app);
            return app;
        }
    }

    private final SearchApi api;
    private final HttpInvocation invocation = new HttpInvocation(CloudWatchApiMetrics.fromEnvironment());

    public SearchHandler() {
        this(Holder.API);
    }

    public SearchHandler(SearchApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return invocation.run(event, context, () -> api.handle(LambdaHttp.request(event, SearchApi.SEARCH_BODY)));
    }
}
