package dev.shoplens.aws;

import dev.shoplens.core.service.IndexStartupPolicy;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The functions' composition root on the local servers: moto_server and the local OpenSearch node. */
public final class LocalAws {
    private LocalAws() {
    }

    /** Settings as the template would set them, pointed at the local servers; tables and index are new. */
    public static AwsSettings settings(String bucket) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return AwsSettings.from(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", LocalServices.motoEndpoint().toString(),
                "IMAGE_BUCKET", bucket,
                "PRODUCTS_TABLE", "products-" + run,
                "IMAGE_RECORDS_TABLE", "image-records-" + run,
                "OPENSEARCH_ENDPOINT", LocalServices.openSearchEndpoint().toString(),
                "VECTOR_INDEX", "vectors-" + run,
                "KNN_ENGINE", "lucene",
                "MODEL_DIR", repositoryRoot().resolve("layers/model/builtin").toString(),
                "OBJECT_FINDER_DIR", repositoryRoot().resolve("layers/model/detector").toString()));
    }

    /** Starts the local servers, creates the bucket if missing, and builds the application. */
    public static AwsApplication start(String bucket) {
        LocalServices.start();
        AwsApplication app = AwsApplication.start(settings(bucket), IndexStartupPolicy.Role.INGEST, true);
        try {
            app.s3().createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
            // made by an earlier test in this run
        }
        return app;
    }

    public static Path repositoryRoot() {
        return dev.shoplens.core.testing.TestImages.repositoryRoot();
    }
}
