package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageKey;

import java.util.Optional;
import java.util.function.Consumer;

/** Where catalog images are stored (S3, or files in local mode), read back for indexing and thumbnails. */
public interface ImageStore {

    /** Stores an image; returns its entity tag. */
    String write(ImageKey key, byte[] bytes, String contentType);

    /**
     * Reads an image, refusing it from its stored size before reading when it is larger than
     * {@code maxBytes} (a {@code ShopLensException} with code IMAGE_TOO_LARGE).
     *
     * @return the image, or empty when nothing is stored under the key
     */
    Optional<StoredImage> read(ImageKey key, long maxBytes);

    /** Whether an image is stored under the key, without reading it. */
    boolean exists(ImageKey key);

    /** Deletes an image; nothing happens when it is absent. */
    void delete(ImageKey key);

    /**
     * Every object under {@code catalog/}, as listed (keys not yet checked: the store may hold keys no
     * upload made), for the reconcile run.
     */
    void forEachObject(Consumer<StoredObject> action);

    record StoredImage(byte[] bytes, String contentType, String eTag) {
    }

    /** A listed object: its key as stored and its entity tag. */
    record StoredObject(String key, String eTag) {
    }
}
