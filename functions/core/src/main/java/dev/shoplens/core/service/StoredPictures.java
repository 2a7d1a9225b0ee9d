package dev.shoplens.core.service;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageStore;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * The step ingest and re-index share: a stored catalog image, read within the byte limit and decoded at
 * the scale the model takes (a JPEG decodes at a reduced scale where the model's input is small).
 */
final class StoredPictures {
    private final ImageStore images;
    private final ImageDecoder decoder;
    private final int side;

    StoredPictures(ImageStore images, ImageDecoder decoder, Embedder embedder) {
        this.images = images;
        this.decoder = decoder;
        this.side = Math.min(embedder.model().inputWidth(), embedder.model().inputHeight());
    }

    /** A decoded picture and the version (ETag) of the object it came from. */
    record Picture(BufferedImage image, String eTag) {
    }

    /**
     * The picture stored under {@code key}; empty when nothing is stored there.
     *
     * @throws dev.shoplens.core.domain.ShopLensException when the object is no picture this project takes
     * @throws RuntimeException                           when the store does not answer
     */
    Optional<Picture> read(ImageKey key) {
        return images.read(key, decoder.limits().maxBytes())
                .map(stored -> new Picture(decoder.decode(stored.bytes(), side).image(), stored.eTag()));
    }
}
