package dev.shoplens.aws.metrics;

import dev.shoplens.core.api.ApiResponses;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The HTTP functions' answers as CloudWatch metrics through Powertools (Embedded Metric Format lines in the
 * function's log), by route: {@code Requests}, {@code ClientErrors} (4xx), {@code ServerErrors} (5xx) and
 * {@code Latency}; for searches also {@code ModelTime} (decode and embed) and {@code IndexTime} (k-NN and
 * catalog). Namespace {@code ShopLens}, or POWERTOOLS_METRICS_NAMESPACE.
 */
public final class CloudWatchApiMetrics {
    private final Metrics metrics = MetricsFactory.getMetricsInstance();
    private final String namespace;

    public CloudWatchApiMetrics(String namespace) {
        this.namespace = namespace == null || namespace.isBlank() ? CloudWatchIngestMetrics.NAMESPACE : namespace;
    }

    public static CloudWatchApiMetrics fromEnvironment() {
        return new CloudWatchApiMetrics(System.getenv("POWERTOOLS_METRICS_NAMESPACE"));
    }

    /**
     * One answer: its route ("POST /search", recorded as "POST:/search": dimension values hold no spaces),
     * status, time in the handler and, for a search, its timings.
     */
    public void answered(String route, int status, double millis, ApiResponses.Timings timings) {
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.addDimension("Route", route.replace(' ', ':'));
            m.addMetric("Requests", 1, MetricUnit.COUNT);
            m.addMetric("ClientErrors", status >= 400 && status < 500 ? 1 : 0, MetricUnit.COUNT);
            m.addMetric("ServerErrors", status >= 500 ? 1 : 0, MetricUnit.COUNT);
            m.addMetric("Latency", millis, MetricUnit.MILLISECONDS);
            if (timings != null) {
                m.addMetric("ModelTime", timings.embedMs(), MetricUnit.MILLISECONDS);
                m.addMetric("IndexTime", timings.searchMs(), MetricUnit.MILLISECONDS);
            }
        });
    }
}
