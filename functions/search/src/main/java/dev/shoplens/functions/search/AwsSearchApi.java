package dev.shoplens.functions.search;

import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.s3.PresignedImageUrls;
import dev.shoplens.aws.s3.S3QueryPhotos;
import dev.shoplens.core.api.SearchApi;

/** The search API on AWS: query photos from S3, thumbnails through short-lived presigned GETs. */
public final class AwsSearchApi {
    private AwsSearchApi() {
    }

    public static SearchApi of(AwsApplication app) {
        String bucket = app.settings().imageBucket();
        return new SearchApi(app.search(), app.catalogService(), new S3QueryPhotos(app.s3(), bucket),
                PresignedImageUrls.of(app.presigner(), bucket), app.settings().limits().maxBytes());
    }
}
