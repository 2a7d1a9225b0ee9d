package dev.shoplens.aws.s3;

import dev.shoplens.core.domain.ImageKey;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.util.function.Function;

/** Where a client fetches a catalog image in AWS: the bucket is private, so a short-lived presigned GET. */
public final class PresignedImageUrls {
    static final Duration VALID_FOR = Duration.ofMinutes(15);

    private PresignedImageUrls() {
    }

    public static Function<ImageKey, String> of(S3Presigner presigner, String bucket) {
        return key -> presigner.presignGetObject(p -> p.signatureDuration(VALID_FOR)
                .getObjectRequest(g -> g.bucket(bucket).key(key.value()))).url().toString();
    }
}
