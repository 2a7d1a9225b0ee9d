package dev.shoplens.functions.ingest;

import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.SnapStartPriming;
import dev.shoplens.aws.metrics.CloudWatchIngestMetrics;
import dev.shoplens.aws.s3.S3NotificationIngest;
import dev.shoplens.core.service.IndexStartupPolicy;

/**
 * What the ingest handlers share: built once per Lambda container, in the init phase (which SnapStart
 * snapshots with the model loaded).
 */
public final class IngestFunction {
    private IngestFunction() {
    }

    private static final class Holder {
        static final S3NotificationIngest INSTANCE = of(primed(AwsApplication.start(AwsSettings.fromEnvironment(), IndexStartupPolicy.Role.INGEST, false)));
    }

    private static AwsApplication primed(AwsApplication app) {
        SnapStartPriming.register(app);
        return app;
    }

    static S3NotificationIngest fromEnvironment() {
        return Holder.INSTANCE;
    }

    public static S3NotificationIngest of(AwsApplication app) {
        return new S3NotificationIngest(app.ingest(), app.settings().imageBucket(),
                new CloudWatchIngestMetrics(app.settings().metricsNamespace()));
    }
}
