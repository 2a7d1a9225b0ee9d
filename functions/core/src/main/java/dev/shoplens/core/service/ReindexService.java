package dev.shoplens.core.service;

import dev.shoplens.core.domain.ETags;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.IndexGenerations;
import dev.shoplens.core.port.VectorIndex;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves the catalog to another model: embeds every indexed catalog image with the new model into that
 * model's own index, points the ledger at the new vectors, then makes the new index live in one step.
 * Until then searches use the old index and model; vectors of two models never meet in one search.
 *
 * <p>It can stop anywhere and run again: images whose vector is already in the new index are not embedded
 * twice, and the ledger and the live pointer change only after the new index holds every image. Catalog
 * events must wait while it runs (locally: the server is stopped; in AWS: the queue's event source mapping
 * is disabled), then the ingest function, deployed with the new model, goes on from the queue.
 */
public final class ReindexService {
    private static final int BATCH = 16;
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private final Embedder embedder;
    private final VectorIndex target;
    private final CatalogStore catalog;
    private final StoredPictures pictures;
    private final ImageRecords records;
    private final IndexGenerations generations;
    private final Clock clock;

    public ReindexService(ImageDecoder decoder, Embedder embedder, VectorIndex target, CatalogStore catalog,
                          ImageStore images, ImageRecords records, IndexGenerations generations, Clock clock) {
        this.embedder = embedder;
        this.target = target;
        this.catalog = catalog;
        this.pictures = new StoredPictures(images, decoder, embedder);
        this.records = records;
        this.generations = generations;
        this.clock = clock;
    }

    /** Told how far the run has come. */
    public interface Listener {
        void started(long images, String fromModel, String toModel);

        void advanced(long done);
    }

    /**
     * @param embedded     images embedded by this run
     * @param alreadyThere images whose new vector an earlier, interrupted run had written
     * @param skipped      images not indexed (failed, being ingested, removed) or whose stored bytes changed
     *                     since: their pending events index them with the new model
     * @param problems     why images were skipped, where it is worth saying
     */
    public record Report(String fromModel, String toModel, long images, long embedded, long alreadyThere,
                         long skipped, List<String> problems) {
    }

    private record Job(Product product, ImageKey key, String eTag) {
    }

    public Report run(Listener listener) {
        String model = embedder.model().versionTag();
        String from = generations.live().orElse("(none)");
        List<Job> jobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long[] skipped = {0};
        catalog.forEach(product -> product.images().forEach(key -> {
            Optional<ImageRecord> record = records.find(key);
            if (record.isPresent() && record.get().status() == ImageRecord.Status.INDEXED) {
                jobs.add(new Job(product, key, record.get().eTag()));
            } else {
                skipped[0]++;
            }
        }));
        listener.started(jobs.size(), from, model);
        Map<ImageKey, VectorId> placed = new HashMap<>();
        List<Job> moving = new ArrayList<>();
        long embedded = 0;
        long already = 0;
        for (int start = 0; start < jobs.size(); start += BATCH) {
            List<Job> batch = jobs.subList(start, Math.min(jobs.size(), start + BATCH));
            List<Job> todo = new ArrayList<>();
            List<BufferedImage> decoded = new ArrayList<>();
            for (Job job : batch) {
                List<VectorId> existing = target.vectorIdsOf(job.key());
                if (!existing.isEmpty()) {
                    already++;
                    moving.add(job);
                    continue;
                }
                try {
                    Optional<StoredPictures.Picture> picture = pictures.read(job.key());
                    if (picture.isEmpty() || !ETags.same(picture.get().eTag(), job.eTag())) {
                        skipped[0]++; // removed or replaced: its waiting event brings the new version
                        continue;
                    }
                    decoded.add(picture.get().image());
                    todo.add(job);
                } catch (ShopLensException e) {
                    skipped[0]++;
                    problems.add(job.key() + ": " + e.getMessage());
                }
            }
            if (!todo.isEmpty()) {
                List<float[]> vectors = embedder.embed(decoded);
                List<VectorIndex.VectorRecord> add = new ArrayList<>(todo.size());
                for (int i = 0; i < todo.size(); i++) {
                    Job job = todo.get(i);
                    add.add(new VectorIndex.VectorRecord(job.key(), job.product().id(), vectors.get(i), model,
                            job.product().attributes()));
                }
                List<VectorId> ids = target.add(add);
                for (int i = 0; i < todo.size(); i++) {
                    placed.put(todo.get(i).key(), ids.get(i));
                    moving.add(todo.get(i));
                }
                embedded += todo.size();
            }
            listener.advanced(Math.min(jobs.size(), start + BATCH));
        }
        for (Job job : moving) {
            VectorId vector = placed.containsKey(job.key()) ? keepOne(job.key(), placed.get(job.key()))
                    : keepOne(job.key(), null);
            if (!records.moved(job.key(), job.eTag(), vector, model, clock.instant())) {
                problems.add(job.key() + ": changed during the re-index; its event indexes the new version");
            }
        }
        generations.promote(model);
        return new Report(from, model, jobs.size() + skipped[0], embedded, already, skipped[0], problems);
    }

    /**
     * The one vector of an image in the new index; copies an interrupted run may have left are removed. A
     * remote index shows new documents after its refresh, so an id only just returned is trusted as it is.
     */
    private VectorId keepOne(ImageKey key, VectorId justAdded) {
        List<VectorId> ids = target.vectorIdsOf(key);
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (justAdded == null && ids.isEmpty() && System.nanoTime() < deadline) {
            sleep();
            ids = target.vectorIdsOf(key);
        }
        VectorId keep = justAdded != null ? justAdded : ids.stream().findFirst().orElseThrow(() ->
                new IllegalStateException("the new index does not show the vector of " + key + "; run the re-index again"));
        List<VectorId> extra = ids.stream().filter(id -> !id.equals(keep)).toList();
        if (!extra.isEmpty()) {
            target.remove(extra);
        }
        return keep;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
