package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.ProductId;

import java.util.Optional;

/** The original bytes of catalog images, kept so clients can show thumbnails and models can re-embed. */
public interface ImageSource {

    void put(ProductId product, ImageId image, byte[] bytes, String contentType);

    Optional<StoredImage> get(ImageId image);

    record StoredImage(byte[] bytes, String contentType) {
    }
}
