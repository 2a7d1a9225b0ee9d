package dev.shoplens.aws.metrics;

import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.port.IngestMetrics;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ingest's counts as CloudWatch metrics through Powertools (Embedded Metric Format lines in the function's
 * log, which CloudWatch turns into metrics): {@code ImagesIndexed}, {@code ImagesRemoved},
 * {@code ImagesFailed}, {@code ImagesRetried} and {@code NotificationsRefused}, in the namespace
 * {@code ShopLens} (or POWERTOOLS_METRICS_NAMESPACE).
 */
public final class CloudWatchIngestMetrics implements IngestMetrics {
    static final String NAMESPACE = "ShopLens";
    private static final Map<IngestOutcome.Result, String> NAMES = Map.of(
            IngestOutcome.Result.INDEXED, "ImagesIndexed", IngestOutcome.Result.REMOVED, "ImagesRemoved",
            IngestOutcome.Result.FAILED, "ImagesFailed", IngestOutcome.Result.RETRY, "ImagesRetried");

    private final Metrics metrics = MetricsFactory.getMetricsInstance();
    private final String namespace;

    public CloudWatchIngestMetrics(String namespace) {
        this.namespace = namespace == null || namespace.isBlank() ? NAMESPACE : namespace;
    }

    @Override
    public void applied(List<IngestOutcome> outcomes) {
        Map<String, Long> counts = outcomes.stream().filter(o -> NAMES.containsKey(o.result()))
                .collect(Collectors.groupingBy(o -> NAMES.get(o.result()), Collectors.counting()));
        if (!counts.isEmpty()) {
            metrics.flushMetrics(m -> {
                m.setNamespace(namespace);
                counts.forEach((name, count) -> m.addMetric(name, count, MetricUnit.COUNT));
            });
        }
    }

    @Override
    public void refused(String reason) {
        metrics.flushMetrics(m -> {
            m.setNamespace(namespace);
            m.addMetric("NotificationsRefused", 1, MetricUnit.COUNT);
            m.addMetadata("reason", reason);
        });
    }
}
