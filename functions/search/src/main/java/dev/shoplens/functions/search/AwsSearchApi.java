package dev.shoplens.functions.search;

import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.s3.S3QueryPhotos;
import dev.shoplens.core.api.SearchApi;
import dev.shoplens.core.domain.ImageKey;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.function.Function;

/** The search API on AWS: query photos from S3, thumbnails through short-lived presigned GETs. */
public final class AwsSearchApi {
    private AwsSearchApi() {
    }

    public static SearchApi of(AwsApplication app) {
        S3Presigner presigner = app.presigner();
        String bucket = app.settings().imageBucket();
        Function<ImageKey, String> thumbnails = key -> presigner.presignGetObject(p -> p
                .signatureDuration(Duration.ofMinutes(15))
                .getObjectRequest(g -> g.bucket(bucket).key(key.value()))).url().toString();
        return new SearchApi(app.search(), app.catalogService(), new S3QueryPhotos(app.s3(), bucket), thumbnails,
                app.settings().limits().maxBytes());
    }
}
