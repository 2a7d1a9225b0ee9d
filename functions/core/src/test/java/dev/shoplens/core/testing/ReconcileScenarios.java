package dev.shoplens.core.testing;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.ReconcileService.Kind;
import dev.shoplens.core.service.ReconcileService;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconcile run on a store's real adapters: differences made behind the ledger's back (an object
 * stored or deleted without its event, a vector lost or left over, a product listing an image that was
 * never indexed) are each reported by kind, a dry run changes nothing, and a repair leaves none.
 */
public abstract class ReconcileScenarios {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** The adapters of one store, new for each test. */
    public record Parts(IngestService ingest, ImageStore images, ImageRecords records, VectorIndex index,
                        CatalogStore catalog, Embedder embedder) {
    }

    protected abstract Parts parts();

    /** How long the store may take to show a write (OpenSearch's refresh). */
    protected Duration settle() {
        return Duration.ZERO;
    }

    private ImageKey key(String name) {
        return ImageKey.of(ProductId.of("r-" + run), name + ".png");
    }

    private static byte[] png(int seed) {
        return TestImages.encode(TestImages.blocks(64, 64, seed), "png");
    }

    private Report await(ReconcileService reconcile, Predicate<ReconcileService.Report> done, String what) {
        Instant deadline = Instant.now().plus(settle()).plusSeconds(2);
        ReconcileService.Report report = reconcile.run(false);
        while (!done.test(report) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            report = reconcile.run(false);
        }
        return new Report(report, done.test(report));
    }

    private record Report(ReconcileService.Report report, boolean reached) {
    }

    private static Set<Kind> kinds(ReconcileService.Report report) {
        return report.differences().stream().map(ReconcileService.Difference::kind).collect(Collectors.toSet());
    }

    /** Only this test's keys count: the store may hold other tests' images. */
    private Predicate<ReconcileService.Report> mine(Predicate<Set<Kind>> test) {
        return r -> test.test(r.differences().stream().filter(d -> d.key().contains("/r-" + run + "/"))
                .map(ReconcileService.Difference::kind).collect(Collectors.toSet()));
    }

    @Test
    void everyKindOfDifferenceIsReportedADryRunChangesNothingAndARepairLeavesNone() {
        Parts p = parts();
        ReconcileService reconcile = new ReconcileService(p.images(), p.records(), p.index(), p.catalog(), p.ingest(),
                Clock.systemUTC());
        ProductId product = ProductId.of("r-" + run);
        ImageKey a = key("a");
        ImageKey b = key("b");
        ImageKey c = key("c");
        int seed = 1;
        for (ImageKey k : List.of(a, b, c)) {
            String eTag = p.images().write(k, png(seed++), "image/png");
            assertThat(p.ingest().handle(ImageEvent.stored(k, Sequencer.next(System.currentTimeMillis()), eTag,
                    Instant.now())).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        }
        assertThat(await(reconcile, mine(Set::isEmpty), "a consistent start").reached()).isTrue();

        ImageKey unnoticed = key("stored-without-event");
        p.images().write(unnoticed, png(4), "image/png");
        p.images().delete(b);
        p.index().remove(p.index().vectorIdsOf(a));
        ImageKey orphan = key("orphan");
        p.index().add(List.of(new VectorIndex.VectorRecord(orphan, product, p.embedder().embed(TestImages.blocks(32, 32, 9)),
                p.embedder().model().versionTag(), Map.of())));
        ImageKey neverStored = key("never-stored");
        p.catalog().addImage(product, neverStored, null, Map.of(), Instant.now());

        Set<Kind> expected = Set.of(Kind.NOT_INDEXED, Kind.OBJECT_GONE, Kind.MISSING_VECTOR, Kind.ORPHAN_VECTOR,
                Kind.LISTED_NOT_INDEXED);
        Report found = await(reconcile, mine(k -> k.equals(expected)), "every difference to show");
        assertThat(found.reached()).as("differences: %s", found.report().differences()).isTrue();
        assertThat(kinds(reconcile.run(false))).as("a dry run changes nothing").containsAll(expected);
        assertThat(p.records().find(unnoticed)).isEmpty();

        ReconcileService.Report repair = reconcile.run(true);
        assertThat(repair.failedRepairs()).isZero();
        assertThat(repair.repaired()).isGreaterThanOrEqualTo(expected.size());
        Report after = await(reconcile, mine(Set::isEmpty), "the repair to show");
        assertThat(after.reached()).as("left after the repair: %s", after.report().differences()).isTrue();
        assertThat(p.records().find(unnoticed).map(ImageRecord::status)).contains(ImageRecord.Status.INDEXED);
        assertThat(p.records().find(b).map(ImageRecord::status)).contains(ImageRecord.Status.REMOVED);
        assertThat(p.index().vectorIdsOf(a)).hasSize(1);
        assertThat(p.catalog().find(product).orElseThrow().images()).containsExactlyInAnyOrder(a, c, unnoticed);
    }
}
