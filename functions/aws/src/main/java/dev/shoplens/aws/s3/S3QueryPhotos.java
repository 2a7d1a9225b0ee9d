package dev.shoplens.aws.s3;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.QueryPhotos;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.regex.Pattern;

/**
 * Shoppers' query photos, uploaded through presigned URLs under {@code queries/}, where a lifecycle rule
 * deletes them after a day. Only keys the uploads function could have made are read.
 */
public final class S3QueryPhotos implements QueryPhotos {
    public static final String PREFIX = "queries/";
    private static final Pattern KEY = Pattern.compile("queries/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(jpg|png|webp|gif)");

    private final S3Client s3;
    private final String bucket;

    public S3QueryPhotos(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public byte[] read(String key, long maxBytes) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ShopLensException.invalid("queryKey '" + key + "' is not a query photo key: ask POST /uploads for one");
        }
        return S3ImageStore.readBounded(s3, bucket, key, maxBytes).orElseThrow(() -> notFound(key)).bytes();
    }

    private static ShopLensException notFound(String key) {
        return new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no query photo under '" + key
                + "': it was never uploaded, or it expired (query photos are kept one day)");
    }
}
