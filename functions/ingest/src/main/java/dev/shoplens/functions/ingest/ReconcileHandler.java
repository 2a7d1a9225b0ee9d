package dev.shoplens.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.core.service.IndexStartupPolicy;
import dev.shoplens.core.service.ReconcileService;

import java.util.Map;

/**
 * The scheduled reconcile run (EventBridge Scheduler, once a day): compares the catalog objects in S3, the
 * image records, the vector index and the products' image lists, logs every difference and repairs it. An
 * input of {@code {"dryRun": true}} only reports.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final class Holder {
        static final ReconcileService RECONCILE = AwsApplication.start(AwsSettings.fromEnvironment(),
                IndexStartupPolicy.Role.INGEST, false).reconcile();
    }

    private final ReconcileService reconcile;

    public ReconcileHandler() {
        this(Holder.RECONCILE);
    }

    public ReconcileHandler(ReconcileService reconcile) {
        this.reconcile = reconcile;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        boolean dryRun = input != null && Boolean.TRUE.equals(input.get("dryRun"));
        ReconcileService.Report report = reconcile.run(!dryRun);
        report.differences().forEach(d -> context.getLogger().log(d.kind() + " " + d.key() + ": " + d.kind().meaning()
                + " (" + d.detail() + ")"));
        return Map.of("objects", report.objects(), "records", report.records(), "vectors", report.vectors(),
                "differences", report.differences().size(), "repaired", report.repaired(),
                "failedRepairs", report.failedRepairs(), "dryRun", dryRun);
    }
}
