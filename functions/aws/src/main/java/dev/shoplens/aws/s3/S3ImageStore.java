package dev.shoplens.aws.s3;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.ImageStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Catalog images in an S3 bucket. Reads are bounded: the object's size comes from a HEAD request and an
 * oversize object is refused before a byte of it is read; the GET then asks for exactly the version the
 * HEAD saw (If-Match on its ETag), so size check and bytes belong together.
 */
public final class S3ImageStore implements ImageStore {
    private final S3Client s3;
    private final String bucket;

    public S3ImageStore(S3Client s3, String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the image bucket is not set (IMAGE_BUCKET)");
        }
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String write(ImageKey key, byte[] bytes, String contentType) {
        return s3.putObject(r -> r.bucket(bucket).key(key.value()).contentType(contentType)
                .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)).eTag();
    }

    @Override
    public Optional<StoredImage> read(ImageKey key, long maxBytes) {
        return readBounded(s3, bucket, key.value(), maxBytes);
    }

    @Override
    public boolean exists(ImageKey key) {
        return head(s3, bucket, key.value()).isPresent();
    }

    /** The object's metadata, or empty when it is not there. */
    private static Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Any object of the bucket, read as {@link #read} reads a catalog image; empty when it is not there. */
    static Optional<StoredImage> readBounded(S3Client s3, String bucket, String key, long maxBytes) {
        Optional<HeadObjectResponse> found = head(s3, bucket, key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        HeadObjectResponse head = found.get();
        if (head.contentLength() > maxBytes) {
            throw ImageDecoder.tooManyBytes(head.contentLength(), maxBytes);
        }
        try {
            var object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).ifMatch(head.eTag()));
            return Optional.of(new StoredImage(object.asByteArray(), object.response().contentType(),
                    object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void forEachObject(Consumer<StoredObject> action) {
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(ImageKey.CATALOG_PREFIX)).contents()
                .forEach(o -> action.accept(new StoredObject(o.key(), o.eTag())));
    }

    @Override
    public void delete(ImageKey key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key.value()));
    }
}
