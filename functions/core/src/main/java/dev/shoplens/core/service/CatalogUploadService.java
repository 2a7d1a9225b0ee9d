package dev.shoplens.core.service;

import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.ImageFormat;
import dev.shoplens.core.port.ImageStore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Catalog images handed over directly (the local server, the folder import): checked, stored under a key
 * derived from their bytes, then applied through the same {@link IngestService} as storage events, so the
 * local mode and the Lambdas share one ingest path. The same image uploaded twice is one image.
 */
public final class CatalogUploadService {
    private final ImageDecoder decoder;
    private final ImageStore images;
    private final IngestService ingest;
    private final Clock clock;

    public CatalogUploadService(ImageDecoder decoder, ImageStore images, IngestService ingest, Clock clock) {
        this.decoder = decoder;
        this.images = images;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** What became of one upload: its key when indexed, or why it was refused. */
    public record Uploaded(ImageKey key, ShopLensException failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** Adds one image, or throws a {@link ShopLensException} saying what is wrong; a refusal stores nothing. */
    public ImageKey upload(CatalogImageUpload upload) {
        Uploaded result = uploadAll(List.of(upload)).getFirst();
        if (!result.ok()) {
            throw result.failure();
        }
        return result.key();
    }

    /** Adds several images, embedding them as one batch; a bad image does not stop the others. */
    public List<Uploaded> uploadAll(List<CatalogImageUpload> uploads) {
        List<Uploaded> results = new ArrayList<>(uploads.size());
        List<ImageEvent> events = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (CatalogImageUpload upload : uploads) {
            try {
                ImageFormat format = decoder.probe(upload.image());
                ImageKey key = keyOf(upload.productId(), upload.image(), format);
                String eTag = images.write(key, upload.image(), format.mediaType());
                Instant now = clock.instant();
                events.add(new ImageEvent(key, ImageEvent.Kind.STORED, Sequencer.next(now.toEpochMilli()), eTag, now,
                        new ImageEvent.ProductDetails(upload.productName(), upload.attributes())));
                positions.add(results.size());
                results.add(null);
            } catch (ShopLensException e) {
                results.add(new Uploaded(null, e));
            }
        }
        List<IngestOutcome> outcomes = ingest.handleAll(events);
        RetryableIngestException.throwIfAnyRetry(outcomes);
        for (int i = 0; i < outcomes.size(); i++) {
            IngestOutcome outcome = outcomes.get(i);
            results.set(positions.get(i), switch (outcome.result()) {
                case INDEXED, SKIPPED -> new Uploaded(outcome.key(), null);
                case FAILED -> {
                    images.delete(outcome.key()); // a refused image leaves nothing behind
                    yield new Uploaded(null, new ShopLensException(ErrorCode.CORRUPT_IMAGE, outcome.detail()));
                }
                // removed by a delete of the same picture meanwhile: adding it again will work
                case REMOVED -> throw new RetryableIngestException("the image was removed while it was being "
                        + "added; send it again", null);
                case RETRY -> throw new IllegalStateException("RETRY outcomes were thrown above");
            });
        }
        return results;
    }

    /**
     * Deletes a catalog image and applies the removal through ingest, as a storage event would: its vector
     * leaves the index and the image its product (a product without images leaves the catalog's searches).
     *
     * @throws ShopLensException IMAGE_NOT_FOUND when nothing is stored under the key
     */
    public IngestOutcome delete(ImageKey key) {
        if (!images.exists(key)) {
            throw new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no catalog image under '" + key + "'");
        }
        images.delete(key);
        Instant now = clock.instant();
        IngestOutcome outcome = ingest.handleAll(List.of(new ImageEvent(key, ImageEvent.Kind.REMOVED,
                Sequencer.next(now.toEpochMilli()), null, now, null))).getFirst();
        RetryableIngestException.throwIfAnyRetry(List.of(outcome));
        return outcome;
    }

    /**
     * The key an upload would be stored under, without storing it: an import that resumes asks the image
     * records about it and skips what is already indexed.
     *
     * @throws ShopLensException when the bytes are no image this service takes
     */
    public ImageKey keyOf(ProductId product, byte[] image) {
        return keyOf(product, image, decoder.probe(image));
    }

    private static ImageKey keyOf(ProductId product, byte[] image, ImageFormat format) {
        return ImageKey.ofContent(product, sha256(image), format.extension());
    }

    /** The SHA-256 of the bytes in hex: what a presigned catalog upload names its image by too. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
