package dev.shoplens.core.service;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageRecords.Claim;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.VectorIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Applies storage events of catalog images: a stored image is read, decoded, embedded and indexed; a
 * removed one leaves the index. Events arrive at least once, late and out of order (S3 and SQS guarantee no
 * more), so every step goes through the {@link ImageRecords} ledger's conditional writes: whatever the
 * delivery order, each image ends with exactly one vector, that of its newest version. A passing failure
 * gives the claim back and reports {@link IngestOutcome.Result#RETRY}; nothing is half-written that a
 * redelivery cannot finish.
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final Embedder embedder;
    private final VectorIndex index;
    private final CatalogStore catalog;
    private final StoredPictures pictures;
    private final ImageRecords records;
    private final Clock clock;
    private final Duration lease;
    private final VectorAttributeSync attributeSync;

    public IngestService(ImageDecoder decoder, Embedder embedder, VectorIndex index, CatalogStore catalog,
                         ImageStore images, ImageRecords records, Clock clock, Duration lease) {
        this.embedder = embedder;
        this.index = index;
        this.catalog = catalog;
        this.pictures = new StoredPictures(images, decoder, embedder);
        this.records = records;
        this.clock = clock;
        this.lease = lease;
        this.attributeSync = new VectorAttributeSync(catalog, records, index);
    }

    /** Applies one event; a passing failure is thrown as a {@link RetryableIngestException}. */
    public IngestOutcome handle(ImageEvent event) {
        List<IngestOutcome> outcome = handleAll(List.of(event));
        RetryableIngestException.throwIfAnyRetry(outcome);
        return outcome.getFirst();
    }

    /** Applies several events, embedding the stored images as one batch; one outcome per event, in order. */
    public List<IngestOutcome> handleAll(List<ImageEvent> events) {
        String owner = UUID.randomUUID().toString();
        IngestOutcome[] outcomes = new IngestOutcome[events.size()];
        List<Pending> toEmbed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ImageEvent event = events.get(i);
            Optional<Claim> claim;
            try {
                claim = records.claim(event, owner, clock.instant(), lease);
            } catch (RuntimeException e) {
                outcomes[i] = retry(event.key(), "the image ledger did not answer", e);
                continue;
            }
            if (claim.isEmpty()) {
                outcomes[i] = unclaimed(event);
            } else if (event.kind() == ImageEvent.Kind.REMOVED) {
                outcomes[i] = remove(claim.get());
            } else {
                Pending pending = read(claim.get());
                if (pending.outcome != null) {
                    outcomes[i] = pending.outcome;
                } else {
                    pending.position = i;
                    toEmbed.add(pending);
                }
            }
        }
        embedAndIndex(toEmbed, outcomes);
        return List.of(outcomes);
    }

    /**
     * An event the ledger would not let this worker claim: one another worker is applying now, or one already
     * applied, or older than what was. The ledger's record is read once for all three.
     */
    private IngestOutcome unclaimed(ImageEvent event) {
        Optional<ImageRecord> record;
        try {
            record = records.find(event.key());
        } catch (RuntimeException e) {
            return retry(event.key(), "the image ledger did not answer", e);
        }
        if (record.filter(r -> r.status() == ImageRecord.Status.PENDING && r.leaseUntil().isAfter(clock.instant())
                && r.sequencer().equals(event.sequencer())).isPresent()) {
            // Not done yet: acknowledging this delivery would lose the event if that worker fails.
            return new IngestOutcome(event.key(), IngestOutcome.Result.RETRY,
                    "the same event is being applied by another worker; deliver it again after its lease");
        }
        record.ifPresent(this::dropStaleVectors);
        return redelivered(event, record);
    }

    /**
     * Nothing to index. When it is the very event that indexed the image, its product's vectors are brought
     * in line with the catalog once more, since that step is what failed if this is a redelivery after a RETRY.
     */
    private IngestOutcome redelivered(ImageEvent event, Optional<ImageRecord> record) {
        IngestOutcome skipped = new IngestOutcome(event.key(), IngestOutcome.Result.SKIPPED,
                "a duplicate or an older event: a newer or the same version is already applied");
        boolean indexedByThisEvent = event.kind() == ImageEvent.Kind.STORED
                && event.key().productFolderProblem().isEmpty()
                && record.filter(r -> r.status() == ImageRecord.Status.INDEXED
                        && r.sequencer().equals(event.sequencer())).isPresent();
        if (!indexedByThisEvent) {
            return skipped;
        }
        try {
            attributeSync.sync(event.key().productId());
            return skipped;
        } catch (RuntimeException e) {
            return retry(event.key(), "the product's vectors could not be updated", e);
        }
    }

    private static final class Pending {
        final Claim claim;
        BufferedImage image;
        IngestOutcome outcome;
        int position;

        Pending(Claim claim) {
            this.claim = claim;
        }
    }

    private Pending read(Claim claim) {
        Pending pending = new Pending(claim);
        ImageKey key = claim.event().key();
        Optional<String> folderProblem = key.productFolderProblem();
        if (folderProblem.isPresent()) { // no product to list it on: say which key to use instead
            pending.outcome = fail(claim, folderProblem.get());
            return pending;
        }
        try {
            Optional<StoredPictures.Picture> picture = pictures.read(key);
            if (picture.isEmpty()) {
                pending.outcome = fail(claim, "the image is no longer stored under " + key);
                return pending;
            }
            pending.image = picture.get().image();
        } catch (ShopLensException e) {
            pending.outcome = fail(claim, e.getMessage());
        } catch (RuntimeException e) {
            pending.outcome = giveBack(claim, "the image store did not answer", e);
        }
        return pending;
    }

    private void embedAndIndex(List<Pending> pending, IngestOutcome[] outcomes) {
        if (pending.isEmpty()) {
            return;
        }
        List<VectorId> ids;
        List<VectorIndex.VectorRecord> vectors = new ArrayList<>(pending.size());
        Map<ProductId, Product> beforeBatch;
        try {
            List<float[]> embeddings = embedder.embed(pending.stream().map(p -> p.image).toList());
            String model = embedder.model().versionTag();
            // One catalog read for the batch: each vector carries its product's attributes for filtering.
            beforeBatch = catalog.findAll(pending.stream()
                    .map(p -> p.claim.event().key().productId()).distinct().toList());
            for (int i = 0; i < pending.size(); i++) {
                ImageEvent event = pending.get(i).claim.event();
                vectors.add(new VectorIndex.VectorRecord(event.key(), event.key().productId(), embeddings.get(i),
                        model, attributesFor(event, beforeBatch.get(event.key().productId()))));
            }
            ids = index.add(vectors);
        } catch (RuntimeException e) {
            for (Pending p : pending) {
                outcomes[p.position] = giveBack(p.claim, "the vector index did not answer", e);
            }
            return;
        }
        for (int i = 0; i < pending.size(); i++) {
            outcomes[pending.get(i).position] = complete(pending.get(i).claim, ids.get(i));
        }
        syncDriftedProducts(pending, vectors, beforeBatch, outcomes);
    }

    /**
     * A vector was written with the attributes its product had when the batch began. When the product's
     * attributes are not those now (this event's details changed them, or a merchant's edit landed
     * meanwhile), every vector of the product is brought in line. This runs after the ledger names the new
     * vector, so an edit either sees it there or is seen here. When it fails, the events are delivered again.
     */
    private void syncDriftedProducts(List<Pending> pending, List<VectorIndex.VectorRecord> vectors,
                                     Map<ProductId, Product> beforeBatch, IngestOutcome[] outcomes) {
        Map<ProductId, List<Integer>> indexed = new LinkedHashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            if (outcomes[pending.get(i).position].result() == IngestOutcome.Result.INDEXED) {
                indexed.computeIfAbsent(vectors.get(i).productId(), id -> new ArrayList<>()).add(i);
            }
        }
        if (indexed.isEmpty()) {
            return;
        }
        Map<ProductId, Product> now;
        try {
            now = catalog.findAll(indexed.keySet());
        } catch (RuntimeException e) {
            now = Map.of(); // treat every product as drifted: the sync below reads again or fails retryably
        }
        for (Map.Entry<ProductId, List<Integer>> product : indexed.entrySet()) {
            Product current = now.get(product.getKey());
            Product before = beforeBatch.get(product.getKey()); // what its other images' vectors carry
            boolean inLine = current != null
                    && (before == null || before.attributes().equals(current.attributes()))
                    && product.getValue().stream()
                    .allMatch(i -> vectors.get(i).attributes().equals(current.attributes()));
            if (inLine) {
                continue;
            }
            try {
                attributeSync.sync(product.getKey());
            } catch (RuntimeException e) {
                for (int i : product.getValue()) {
                    outcomes[pending.get(i).position] = retry(vectors.get(i).imageKey(),
                            "the image is indexed, but its product's vectors could not be updated", e);
                }
            }
        }
    }

    private IngestOutcome complete(Claim claim, VectorId vector) {
        ImageEvent event = claim.event();
        ImageKey key = event.key();
        try {
            ImageEvent.ProductDetails details = event.details();
            // The product lists the image before the ledger says INDEXED: a retry after a failure here
            // finds the claim released and does both again; both steps are idempotent.
            catalog.addImage(key.productId(), key, details == null ? null : details.name(),
                    details == null ? Map.of() : details.attributes(), clock.instant());
            if (!records.indexed(claim, vector, embedder.model().versionTag(), clock.instant())) {
                index.remove(List.of(vector));
                if (records.find(key).map(r -> r.status() == ImageRecord.Status.REMOVED).orElse(false)) {
                    catalog.removeImage(key.productId(), key, clock.instant());
                }
                return new IngestOutcome(key, IngestOutcome.Result.SKIPPED, "a newer event took over the image");
            }
        } catch (RuntimeException e) {
            safely(() -> index.remove(List.of(vector)));
            return giveBack(claim, "the catalog or the ledger did not answer", e);
        }
        dropStaleVectors(key);
        return new IngestOutcome(key, IngestOutcome.Result.INDEXED, null);
    }

    private IngestOutcome remove(Claim claim) {
        ImageKey key = claim.event().key();
        try {
            if (!records.removed(claim, clock.instant())) {
                return new IngestOutcome(key, IngestOutcome.Result.SKIPPED, "a newer event took over the image");
            }
            if (key.productFolderProblem().isEmpty()) { // an image outside any product was never listed
                catalog.removeImage(key.productId(), key, clock.instant());
            }
        } catch (RuntimeException e) {
            return giveBack(claim, "the catalog or the ledger did not answer", e);
        }
        dropStaleVectors(key);
        return new IngestOutcome(key, IngestOutcome.Result.REMOVED, null);
    }

    /** Removes vectors the ledger marked stale; what fails now is removed on the key's next event. */
    private void dropStaleVectors(ImageKey key) {
        try {
            records.find(key).ifPresent(this::dropStaleVectors);
        } catch (RuntimeException e) {
            LOG.warn("stale vectors of {} stay until its next event: {}", key, e.getMessage());
        }
    }

    private void dropStaleVectors(ImageRecord record) {
        if (record.staleVectors().isEmpty()) {
            return;
        }
        try {
            index.remove(record.staleVectors());
            records.forgetStale(record.key(), record.staleVectors());
        } catch (RuntimeException e) {
            LOG.warn("stale vectors of {} stay until its next event: {}", record.key(), e.getMessage());
        }
    }

    /** The attributes stored with the vector, for filtered search: the product's, updated by the event's. */
    private static Map<String, String> attributesFor(ImageEvent event, Product product) {
        Map<String, String> attributes = new TreeMap<>(product == null ? Map.of() : product.attributes());
        if (event.details() != null) {
            attributes.putAll(event.details().attributes());
        }
        return attributes;
    }

    private IngestOutcome fail(Claim claim, String reason) {
        try {
            records.failed(claim, reason, clock.instant());
        } catch (RuntimeException e) {
            return giveBack(claim, "the ledger did not answer", e);
        }
        return new IngestOutcome(claim.event().key(), IngestOutcome.Result.FAILED, reason);
    }

    private IngestOutcome giveBack(Claim claim, String what, RuntimeException cause) {
        safely(() -> records.release(claim, clock.instant()));
        return retry(claim.event().key(), what, cause);
    }

    private static IngestOutcome retry(ImageKey key, String what, RuntimeException cause) {
        LOG.warn("{}: {} ({}); the event must be delivered again", key, what, cause.toString());
        return new IngestOutcome(key, IngestOutcome.Result.RETRY, what + ": " + cause.getMessage());
    }

    private static void safely(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("clean-up step failed: {}", e.toString());
        }
    }

}
