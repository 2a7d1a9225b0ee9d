package dev.shoplens.core.service;

import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.DecodedImage;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageSource;
import dev.shoplens.core.port.VectorIndex;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds catalog images: decode, embed, keep the original, index the vector, then record the image on its
 * product. The product lists an image only once its vector is indexed, and every step can be repeated
 * (the image id comes from the bytes), so a failure part-way leaves nothing a retry cannot finish.
 */
public final class IngestService {
    private final ImageDecoder decoder;
    private final Embedder embedder;
    private final VectorIndex index;
    private final CatalogStore catalog;
    private final ImageSource images;
    private final Clock clock;

    public IngestService(ImageDecoder decoder, Embedder embedder, VectorIndex index, CatalogStore catalog,
                         ImageSource images, Clock clock) {
        this.decoder = decoder;
        this.embedder = embedder;
        this.index = index;
        this.catalog = catalog;
        this.images = images;
        this.clock = clock;
    }

    /** Adds one image, or throws a {@link ShopLensException} saying what is wrong with it. */
    public IngestOutcome ingest(CatalogImageUpload upload) {
        IngestOutcome outcome = ingestAll(List.of(upload)).getFirst();
        if (!outcome.ok()) {
            throw outcome.failure();
        }
        return outcome;
    }

    /**
     * Adds several images, embedding them as one batch. A bad image is reported in its own outcome and does
     * not stop the others.
     */
    public List<IngestOutcome> ingestAll(List<CatalogImageUpload> uploads) {
        List<IngestOutcome> outcomes = new ArrayList<>(uploads.size());
        List<Integer> decodedAt = new ArrayList<>();
        List<BufferedImage> decoded = new ArrayList<>();
        int side = Math.min(embedder.model().inputWidth(), embedder.model().inputHeight());
        for (CatalogImageUpload upload : uploads) {
            try {
                DecodedImage image = decoder.decode(upload.image(), side);
                decodedAt.add(outcomes.size());
                decoded.add(image.image());
                outcomes.add(null);
            } catch (ShopLensException e) {
                outcomes.add(IngestOutcome.failed(upload.productId(), e));
            }
        }
        List<float[]> vectors = embedder.embed(decoded);
        List<VectorIndex.VectorRecord> records = new ArrayList<>(vectors.size());
        String modelVersion = embedder.model().versionTag();
        for (int i = 0; i < vectors.size(); i++) {
            CatalogImageUpload upload = uploads.get(decodedAt.get(i));
            ImageId id = ImageId.of(upload.productId(), upload.image());
            String mediaType = dev.shoplens.core.imaging.ImageFormat.sniff(upload.image())
                    .orElseThrow().mediaType();
            images.put(upload.productId(), id, upload.image(), mediaType);
            records.add(new VectorIndex.VectorRecord(id, upload.productId(), vectors.get(i), modelVersion,
                    upload.attributes()));
        }
        index.upsert(records);
        for (int i = 0; i < records.size(); i++) {
            int at = decodedAt.get(i);
            CatalogImageUpload upload = uploads.get(at);
            ImageId id = records.get(i).imageId();
            catalog.addImage(upload.productId(), id, upload.productName(), upload.attributes(), clock.instant());
            outcomes.set(at, IngestOutcome.indexed(upload.productId(), id));
        }
        return outcomes;
    }

}
