package dev.shoplens.aws.s3;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.ImageDecoder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.regex.Pattern;

/**
 * Shoppers' query photos, uploaded through presigned URLs under {@code queries/}, where a lifecycle rule
 * deletes them after a day. Only keys the uploads function could have made are read.
 */
public final class S3QueryPhotos {
    public static final String PREFIX = "queries/";
    private static final Pattern KEY = Pattern.compile("queries/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(jpg|png|webp|gif)");

    private final S3Client s3;
    private final String bucket;

    public S3QueryPhotos(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public byte[] read(String key, long maxBytes) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ShopLensException.invalid("queryKey '" + key + "' is not a query photo key: ask POST /uploads for one");
        }
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            if (head.contentLength() > maxBytes) {
                throw ImageDecoder.tooManyBytes(head.contentLength(), maxBytes);
            }
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).ifMatch(head.eTag())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw notFound(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw notFound(key);
            }
            throw e;
        }
    }

    private static ShopLensException notFound(String key) {
        return new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no query photo under '" + key
                + "': it was never uploaded, or it expired (query photos are kept one day)");
    }
}
