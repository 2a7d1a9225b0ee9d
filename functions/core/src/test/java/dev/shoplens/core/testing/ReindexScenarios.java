package dev.shoplens.core.testing;

import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.IndexGenerations;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.service.CatalogUploadService;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.ReindexService;
import dev.shoplens.core.service.SearchService;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Moving a catalog to another model: the new model's index is filled beside the live one, an interrupted
 * run resumes without embedding twice, the ledger then points at the new vectors (so later deletions
 * reach them), and the live pointer moves last. Run on in-memory, local (Lucene) and AWS stores.
 */
public abstract class ReindexScenarios {
    private static final int PRODUCTS = 20;

    /**
     * Empty stores of one kind, and the index of any model in them.
     *
     * @param indexes the index of one model, created when missing
     */
    public record Fixture(CatalogStore catalog, ImageStore images, ImageRecords records, IndexGenerations generations,
                          java.util.function.Function<Embedder, VectorIndex> indexes) {
        public VectorIndex indexFor(Embedder model) {
            return indexes.apply(model);
        }
    }

    protected abstract Fixture fixture();

    /** The model the catalog is indexed with first. */
    protected abstract Embedder oldModel();

    /** The model it moves to; another name and, best, another dimension. */
    protected abstract Embedder newModel();

    /** How long the vector store may take to show writes. */
    protected Duration settle() {
        return Duration.ofSeconds(0);
    }

    private static byte[] image(int seed) {
        return TestImages.encode(TestImages.blocks(64, 64, 3000 + seed), "png");
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + settle().plusSeconds(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Counting implements ReindexService.Listener {
        long total = -1;
        long done;
        String from;
        String to;
        final long stopAfter;

        Counting(long stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void started(long images, String fromModel, String toModel) {
            total = images;
            from = fromModel;
            to = toModel;
        }

        @Override
        public void advanced(long count) {
            done = count;
            if (count >= stopAfter) {
                throw new IllegalStateException("stopped by the test after " + count + " images");
            }
        }
    }

    @Test
    void aReindexFillsTheNewModelsIndexResumesAndThenGoesLive() {
        Fixture f = fixture();
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        String oldTag = oldModel().model().versionTag();
        String newTag = newModel().model().versionTag();
        VectorIndex oldIndex = f.indexFor(oldModel());
        IngestService oldIngest = new IngestService(decoder, oldModel(), oldIndex, f.catalog(), f.images(),
                f.records(), Clock.systemUTC(), Duration.ofMinutes(2));
        CatalogUploadService uploads = new CatalogUploadService(decoder, f.images(), oldIngest, Clock.systemUTC());
        List<ImageKey> keys = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            keys.add(uploads.upload(new CatalogImageUpload(ProductId.of(String.format(Locale.ROOT, "r%02d", i)),
                    image(i), null, Map.of("shelf", i % 2 == 0 ? "top" : "bottom"))));
        }
        keys.add(uploads.upload(CatalogImageUpload.of(ProductId.of("r00"), image(100))));
        f.generations().promote(oldTag);
        await("old vectors visible", () -> oldIndex.size() == keys.size());

        VectorIndex newIndex = f.indexFor(newModel());
        ReindexService reindex = new ReindexService(decoder, newModel(), newIndex, f.catalog(), f.images(),
                f.records(), f.generations(), Clock.systemUTC());

        // A first run stops after one batch: nothing has moved yet, searches still use the old model.
        Counting interrupted = new Counting(16);
        assertThatThrownBy(() -> reindex.run(interrupted)).hasMessageContaining("stopped by the test");
        assertThat(interrupted.total).isEqualTo(keys.size());
        assertThat(interrupted.from).isEqualTo(oldTag);
        assertThat(interrupted.to).isEqualTo(newTag);
        assertThat(f.generations().live()).contains(oldTag);
        assertThat(f.records().find(keys.getFirst()).orElseThrow().modelVersion()).isEqualTo(oldTag);
        await("first batch visible", () -> newIndex.size() == 16);

        ReindexService.Report report = reindex.run(new Counting(Long.MAX_VALUE));
        assertThat(report.alreadyThere()).isEqualTo(16);
        assertThat(report.embedded()).isEqualTo(keys.size() - 16);
        assertThat(report.skipped()).isZero();
        assertThat(f.generations().live()).contains(newTag);
        assertThat(f.generations().wasLive(oldTag)).isTrue();
        await("new vectors visible", () -> newIndex.size() == keys.size());
        for (ImageKey key : keys) {
            List<VectorId> ids = newIndex.vectorIdsOf(key);
            assertThat(ids).as("vectors of %s in the new index", key).hasSize(1);
            ImageRecord record = f.records().find(key).orElseThrow();
            assertThat(record.vectorId()).isEqualTo(ids.getFirst());
            assertThat(record.modelVersion()).isEqualTo(newTag);
            assertThat(record.staleVectors()).isEmpty();
        }
        assertThat(oldIndex.size()).as("the old index stays whole, for a way back").isEqualTo(keys.size());

        SearchService search = new SearchService(decoder, newModel(), newIndex, f.catalog());
        for (int i : new int[] {3, 11, 19}) {
            assertThat(search.search(new SearchRequest(image(i), 3)).matches().getFirst().productId().value())
                    .isEqualTo(String.format(Locale.ROOT, "r%02d", i));
        }
        assertThat(search.search(new SearchRequest(image(5), 3)).modelVersion()).isEqualTo(newTag);

        // The ingest path with the new model reaches the moved vectors: removing an image removes its vector.
        IngestService newIngest = new IngestService(decoder, newModel(), newIndex, f.catalog(), f.images(),
                f.records(), Clock.systemUTC(), Duration.ofMinutes(2));
        ImageKey gone = keys.get(7);
        f.images().delete(gone);
        IngestOutcome removed = newIngest.handle(ImageEvent.removed(gone,
                Sequencer.next(System.currentTimeMillis()), Instant.now()));
        assertThat(removed.result()).isEqualTo(IngestOutcome.Result.REMOVED);
        await("removed vector gone", () -> newIndex.vectorIdsOf(gone).isEmpty() && newIndex.size() == keys.size() - 1);

        // Running again changes nothing.
        ReindexService.Report again = reindex.run(new Counting(Long.MAX_VALUE));
        assertThat(again.embedded()).isZero();
        assertThat(again.alreadyThere()).isEqualTo(keys.size() - 1);
        assertThat(newIndex.size()).isEqualTo(keys.size() - 1);
    }
}
