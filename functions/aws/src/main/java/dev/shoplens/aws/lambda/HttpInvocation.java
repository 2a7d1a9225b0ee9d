package dev.shoplens.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.shoplens.aws.metrics.CloudWatchApiMetrics;
import dev.shoplens.core.api.ApiResponse;
import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.domain.ShopLensException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * How an HTTP function answers one request: inside Powertools' structured logging (one JSON object per log
 * line, with the Lambda context and API Gateway's request id as {@code correlation_id}), a refusal turned
 * into its error answer, one log line per answer, and the answer's metrics ({@link CloudWatchApiMetrics}).
 */
public final class HttpInvocation {
    private static final Logger LOG = LoggerFactory.getLogger(HttpInvocation.class);

    private final CloudWatchApiMetrics metrics;

    public HttpInvocation(CloudWatchApiMetrics metrics) {
        this.metrics = metrics;
    }

    public APIGatewayV2HTTPResponse run(APIGatewayV2HTTPEvent event, Context context, Supplier<ApiResponse> handler) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_HTTP, event, () -> {
            long start = System.nanoTime();
            ApiResponse response;
            try {
                response = handler.get();
            } catch (ShopLensException e) {
                response = ApiResponse.error(e);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            String route = route(event);
            ApiResponses.Timings timings = response.body() instanceof ApiResponses.Search search ? search.timings() : null;
            try {
                metrics.answered(route, response.status(), millis, timings);
            } catch (RuntimeException e) { // a metric lost is no reason to lose the answer
                LOG.warn("metrics of " + route + " not recorded", e);
            }
            LOG.info(String.format(Locale.ROOT, "%s answered %d in %.1f ms", route, response.status(), millis));
            return LambdaHttp.response(response);
        });
    }

    /** The route template ("GET /products/{id}"), never the path: a metric dimension must stay few-valued. */
    private static String route(APIGatewayV2HTTPEvent event) {
        return event.getRouteKey() != null && !event.getRouteKey().isBlank() ? event.getRouteKey() : "unknown";
    }
}
