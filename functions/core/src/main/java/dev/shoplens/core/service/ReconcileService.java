package dev.shoplens.core.service;

import dev.shoplens.core.domain.ETags;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.VectorIndex;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the four places an image lives — the stored objects, the image records, the vector index and
 * the products' image lists — reports every difference, and (unless asked only to look) repairs it: a
 * missing or stale image is applied again through {@link IngestService}, as if its event had come (with a
 * sequencer just above the record's, so a real later event still wins); an image whose object is gone is
 * removed the same way; a vector no record holds is deleted; a product's listing of an image that is not
 * indexed is dropped. Images being ingested right now (a live lease) are left alone.
 */
public final class ReconcileService {

    /** What can disagree. */
    public enum Kind {
        NOT_INDEXED("stored, but no record says it was indexed or refused"),
        STALE("the record is of another version than the stored object"),
        OBJECT_GONE("recorded as indexed, but nothing is stored"),
        MISSING_VECTOR("recorded as indexed, but its vector is not in the index"),
        UNLISTED("indexed, but its product does not list it"),
        ORPHAN_VECTOR("a vector that no record holds"),
        LISTED_NOT_INDEXED("a product lists it, but it is not indexed"),
        NOT_A_CATALOG_KEY("stored under a key that names no catalog image");

        private final String meaning;

        Kind(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    public record Difference(Kind kind, String key, String detail) {
    }

    /**
     * Counts of what was read (stored objects, records and those INDEXED, vectors), the differences found,
     * and how many repairs took (or must be run again).
     */
    public record Report(long objects, long records, long indexed, long vectors, List<Difference> differences,
                         int repaired, int failedRepairs) {
        public boolean consistent() {
            return differences.isEmpty();
        }
    }

    private final ImageStore images;
    private final ImageRecords records;
    private final VectorIndex index;
    private final CatalogStore catalog;
    private final IngestService ingest;
    private final Clock clock;

    public ReconcileService(ImageStore images, ImageRecords records, VectorIndex index, CatalogStore catalog,
                            IngestService ingest, Clock clock) {
        this.images = images;
        this.records = records;
        this.index = index;
        this.catalog = catalog;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** @param repair false for a dry run: report, change nothing */
    public Report run(boolean repair) {
        Instant now = clock.instant();
        Map<ImageKey, String> stored = new TreeMap<>();
        List<Difference> differences = new ArrayList<>();
        images.forEachObject(o -> {
            try {
                stored.put(ImageKey.of(o.key()), ETags.plain(o.eTag()));
            } catch (ShopLensException e) {
                differences.add(new Difference(Kind.NOT_A_CATALOG_KEY, o.key(), e.getMessage()));
            }
        });
        Map<ImageKey, ImageRecord> ledger = new HashMap<>();
        records.forEach(r -> ledger.put(r.key(), r));
        Map<ImageKey, Set<VectorId>> vectors = new HashMap<>();
        List<VectorIndex.IndexedVector> allVectors = new ArrayList<>();
        index.forEachVector(v -> {
            allVectors.add(v);
            vectors.computeIfAbsent(v.imageKey(), k -> new HashSet<>()).add(v.vectorId());
        });
        Map<ImageKey, ProductId> listed = new HashMap<>();
        catalog.forEach(p -> p.images().forEach(k -> listed.put(k, p.id())));

        Set<ImageKey> reapply = new HashSet<>();
        stored.forEach((key, eTag) -> {
            ImageRecord r = ledger.get(key);
            if (r != null && inFlight(r, now)) {
                return;
            }
            Kind kind = differenceOf(r, eTag, vectors.getOrDefault(key, Set.of()), listed.containsKey(key));
            if (kind != null) {
                differences.add(new Difference(kind, key.value(), r == null ? "no record" : "record " + r.status()));
                reapply.add(key);
            }
        });
        Set<ImageKey> gone = new HashSet<>();
        ledger.values().stream().filter(r -> r.status() == ImageRecord.Status.INDEXED && !stored.containsKey(r.key()))
                .forEach(r -> {
                    differences.add(new Difference(Kind.OBJECT_GONE, r.key().value(), "vector " + r.vectorId()));
                    gone.add(r.key());
                });
        List<VectorIndex.IndexedVector> orphans = new ArrayList<>();
        for (VectorIndex.IndexedVector v : allVectors) {
            ImageRecord r = ledger.get(v.imageKey());
            boolean held = r != null && (inFlight(r, now)
                    || r.status() == ImageRecord.Status.INDEXED && v.vectorId().equals(r.vectorId()));
            if (!held && !gone.contains(v.imageKey())) {
                differences.add(new Difference(Kind.ORPHAN_VECTOR, v.imageKey().value(), "vector " + v.vectorId()
                        + (r == null ? ", no record" : r.staleVectors().contains(v.vectorId()) ? ", stale" : "")));
                orphans.add(v);
            }
        }
        Map<ImageKey, ProductId> unlist = new HashMap<>();
        listed.forEach((key, product) -> {
            ImageRecord r = ledger.get(key);
            boolean indexed = r != null && r.status() == ImageRecord.Status.INDEXED;
            if (!indexed && !reapply.contains(key) && !(r != null && inFlight(r, now))) {
                differences.add(new Difference(Kind.LISTED_NOT_INDEXED, key.value(), "listed by " + product));
                unlist.put(key, product);
            }
        });
        if (!repair) {
            return new Report(stored.size(), ledger.size(), indexed(ledger), allVectors.size(), differences, 0, 0);
        }
        Repairs repairs = new Repairs();
        reapply.forEach(key -> repairs.attempt(1,
                () -> ingest.handle(ImageEvent.stored(key, after(ledger.get(key)), stored.get(key), now))));
        gone.forEach(key -> repairs.attempt(1, () -> ingest.handle(ImageEvent.removed(key, after(ledger.get(key)), now))));
        if (!orphans.isEmpty()) {
            repairs.attempt(orphans.size(), () -> index.remove(orphans.stream().map(VectorIndex.IndexedVector::vectorId)
                    .toList()));
        }
        unlist.forEach((key, product) -> repairs.attempt(1, () -> catalog.removeImage(product, key, now)));
        return new Report(stored.size(), ledger.size(), indexed(ledger), allVectors.size(), differences, repairs.done,
                repairs.failed);
    }

    /** What is wrong with a stored object's record, or null when it agrees (a FAILED record of it does). */
    private static Kind differenceOf(ImageRecord r, String eTag, Set<VectorId> vectorsOfKey, boolean listed) {
        if (r == null || r.status() == ImageRecord.Status.PENDING || r.status() == ImageRecord.Status.REMOVED) {
            return Kind.NOT_INDEXED;
        }
        if (!ETags.same(r.eTag(), eTag)) {
            return Kind.STALE;
        }
        if (r.status() != ImageRecord.Status.INDEXED) {
            return null;
        }
        if (!vectorsOfKey.contains(r.vectorId())) {
            return Kind.MISSING_VECTOR;
        }
        return listed ? null : Kind.UNLISTED;
    }

    private static long indexed(Map<ImageKey, ImageRecord> ledger) {
        return ledger.values().stream().filter(r -> r.status() == ImageRecord.Status.INDEXED).count();
    }

    private static boolean inFlight(ImageRecord r, Instant now) {
        return r.status() == ImageRecord.Status.PENDING && r.leaseUntil().isAfter(now);
    }

    /** Just above the record's sequencer: later than what the ledger saw, earlier than any later real event. */
    private static Sequencer after(ImageRecord record) {
        return record == null ? new Sequencer("0") : new Sequencer(record.sequencer().value() + "1");
    }

    /** Counts repairs; one that fails (a store did not answer) is found again by the next run. */
    private static final class Repairs {
        int done;
        int failed;

        void attempt(int differences, Runnable repair) {
            try {
                repair.run();
                done += differences;
            } catch (RuntimeException e) {
                failed += differences;
            }
        }
    }
}
