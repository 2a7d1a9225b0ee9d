package dev.shoplens.core.testing;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.RetryableIngestException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * At-least-once, out-of-order delivery of storage events must leave exactly one vector per image, that of
 * its newest version. Written once, run against in-memory ports in the core and against the real stores
 * (DynamoDB and S3 on moto_server, OpenSearch) by the AWS adapters.
 */
public abstract class IngestScenarios {

    /** The system under test, wired to one set of stores. */
    public interface Fixture {
        IngestService ingest();

        ImageStore images();

        ImageRecords records();

        /** How many vectors the index holds for the key (it may lag; callers poll). */
        long vectorCount(ImageKey key);

        /** Whether the vector store is a separate server that can be stopped (not an embedded index). */
        default boolean canStopVectorStore() {
            return true;
        }

        /** Makes the vector store unreachable, as if it had stopped. */
        void stopVectorStore();

        /** Brings the vector store back. */
        void startVectorStore();
    }

    /** A fixture from its parts; {@code stop} and {@code start} are null where the store is embedded. */
    public record Parts(IngestService ingest, ImageStore images, ImageRecords records,
                        java.util.function.ToLongFunction<ImageKey> counter, Runnable stop, Runnable start)
            implements Fixture {
        @Override
        public long vectorCount(ImageKey key) {
            return counter.applyAsLong(key);
        }

        @Override
        public boolean canStopVectorStore() {
            return stop != null;
        }

        @Override
        public void stopVectorStore() {
            stop.run();
        }

        @Override
        public void startVectorStore() {
            start.run();
        }
    }

    protected abstract Fixture fixture();

    /** How long eventually consistent stores may take to show a change. */
    protected Duration settle() {
        return Duration.ofSeconds(10);
    }

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Instant t0 = Instant.parse("2026-11-26T10:00:00Z");

    protected ImageKey key(String name) {
        return ImageKey.of(ProductId.of("p-" + run), name + ".png");
    }

    private static byte[] png(long seed) {
        return TestImages.encode(TestImages.blocks(64, 64, seed), "png");
    }

    private ImageEvent stored(ImageKey key, int sequence, String eTag) {
        return ImageEvent.stored(key, new Sequencer(String.format("%016X", sequence)), eTag, t0.plusSeconds(sequence));
    }

    private ImageEvent removed(ImageKey key, int sequence) {
        return ImageEvent.removed(key, new Sequencer(String.format("%016X", sequence)), t0.plusSeconds(sequence));
    }

    private void awaitVectors(ImageKey key, long expected) {
        BooleanSupplier done = () -> fixture().vectorCount(key) == expected;
        Instant deadline = Instant.now().plus(settle());
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                assertThat(fixture().vectorCount(key)).as("vectors of %s after %s", key, settle()).isEqualTo(expected);
            }
            sleep(100);
        }
        // and it stays so: nothing arrives late
        sleep(200);
        assertThat(fixture().vectorCount(key)).as("vectors of %s", key).isEqualTo(expected);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ImageRecord record(ImageKey key) {
        return fixture().records().find(key).orElseThrow();
    }

    @Test
    void theSameEventDeliveredThreeTimesLeavesOneVector() {
        ImageKey key = key("dup");
        String eTag = fixture().images().write(key, png(1), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        List<IngestOutcome.Result> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(fixture().ingest().handle(event).result());
        }
        assertThat(results).containsExactly(IngestOutcome.Result.INDEXED, IngestOutcome.Result.SKIPPED,
                IngestOutcome.Result.SKIPPED);
        awaitVectors(key, 1);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.INDEXED);
    }

    @Test
    void anOlderVersionDeliveredLateIsIgnored() {
        ImageKey key = key("versions");
        String v1 = fixture().images().write(key, png(1), "image/png");
        ImageEvent first = stored(key, 1, v1);
        assertThat(fixture().ingest().handle(first).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        String v2 = fixture().images().write(key, png(2), "image/png");
        ImageEvent second = stored(key, 2, v2);
        assertThat(fixture().ingest().handle(second).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        assertThat(fixture().ingest().handle(first).result()).isEqualTo(IngestOutcome.Result.SKIPPED);
        awaitVectors(key, 1);
        assertThat(record(key).eTag()).isEqualTo(v2);
        assertThat(record(key).staleVectors()).isEmpty();
    }

    @Test
    void eventsDeliveredNewestFirstLeaveTheNewestVersion() {
        ImageKey key = key("reversed");
        String v1 = fixture().images().write(key, png(3), "image/png");
        ImageEvent first = stored(key, 1, v1);
        String v2 = fixture().images().write(key, png(4), "image/png");
        ImageEvent second = stored(key, 2, v2);
        assertThat(fixture().ingest().handle(second).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        assertThat(fixture().ingest().handle(first).result()).isEqualTo(IngestOutcome.Result.SKIPPED);
        awaitVectors(key, 1);
        assertThat(record(key).eTag()).isEqualTo(v2);
    }

    @Test
    void createDeleteCreateIndexesTheNewestImageWithNoOrphan() {
        ImageKey key = key("recreated");
        String v1 = fixture().images().write(key, png(5), "image/png");
        assertThat(fixture().ingest().handle(stored(key, 1, v1)).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        fixture().images().delete(key);
        assertThat(fixture().ingest().handle(removed(key, 2)).result()).isEqualTo(IngestOutcome.Result.REMOVED);
        awaitVectors(key, 0);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.REMOVED);
        String v3 = fixture().images().write(key, png(6), "image/png");
        assertThat(fixture().ingest().handle(stored(key, 3, v3)).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        // a late redelivery of the removal changes nothing
        assertThat(fixture().ingest().handle(removed(key, 2)).result()).isEqualTo(IngestOutcome.Result.SKIPPED);
        awaitVectors(key, 1);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.INDEXED);
        assertThat(record(key).eTag()).isEqualTo(v3);
    }

    @Test
    void twentyConcurrentDeliveriesLeaveOneVector() throws Exception {
        ImageKey key = key("concurrent");
        String eTag = fixture().images().write(key, png(7), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<IngestOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return fixture().ingest().handleAll(List.of(event)).getFirst();
                }));
            }
            start.countDown();
            long indexed = 0;
            long retried = 0;
            for (Future<IngestOutcome> f : futures) {
                IngestOutcome outcome = f.get();
                indexed += outcome.result() == IngestOutcome.Result.INDEXED ? 1 : 0;
                retried += outcome.result() == IngestOutcome.Result.RETRY ? 1 : 0;
                assertThat(outcome.result()).as("a delivery that meets the event in flight is told to come back, "
                        + "never acknowledged").isIn(IngestOutcome.Result.INDEXED, IngestOutcome.Result.RETRY,
                        IngestOutcome.Result.SKIPPED);
            }
            assertThat(indexed).isEqualTo(1);
            for (int i = 0; i < retried; i++) { // the redeliveries, after the first worker completed
                assertThat(fixture().ingest().handle(event).result()).isEqualTo(IngestOutcome.Result.SKIPPED);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitVectors(key, 1);
    }

    @Test
    void aStoppedVectorStoreFailsRetryablyAndARetryCompletes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(fixture().canStopVectorStore(),
                "the vector index is embedded in this process");
        ImageKey key = key("outage");
        String eTag = fixture().images().write(key, png(8), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        fixture().stopVectorStore();
        try {
            assertThatThrownBy(() -> fixture().ingest().handle(event)).isInstanceOf(RetryableIngestException.class)
                    .hasMessageContaining("vector index");
            assertThat(record(key).status()).isNotEqualTo(ImageRecord.Status.INDEXED);
        } finally {
            fixture().startVectorStore();
        }
        assertThat(fixture().ingest().handle(event).result()).isEqualTo(IngestOutcome.Result.INDEXED);
        awaitVectors(key, 1);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.INDEXED);
    }

    @Test
    void somethingThatIsNotAnImageFailsWithItsReasonAndIsNotRetried() {
        ImageKey key = key("fake");
        String eTag = fixture().images().write(key, "plain text, not a picture".getBytes(), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        IngestOutcome outcome = fixture().ingest().handle(event);
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.FAILED);
        assertThat(outcome.detail()).contains("not a JPEG, PNG, WebP or GIF");
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.FAILED);
        assertThat(record(key).failure()).contains("not a JPEG");
        assertThat(fixture().ingest().handle(event).result()).isEqualTo(IngestOutcome.Result.SKIPPED);
        // A store may show a write late, so "no vector" is only known once a later write shows: index a
        // real picture after the failure, wait for it, then the failed key must still have none.
        ImageKey witness = key("witness");
        String witnessTag = fixture().images().write(witness, png(7), "image/png");
        assertThat(fixture().ingest().handle(stored(witness, 1, witnessTag)).result())
                .isEqualTo(IngestOutcome.Result.INDEXED);
        awaitVectors(witness, 1);
        assertThat(fixture().vectorCount(key)).as("vectors of the file that is not an image").isZero();
    }

    @Test
    void anImageInAFolderThatIsNoProductIdIsRecordedFailedWithTheIdToUse() {
        // what `aws s3 sync` of a merchant's folders makes: spaces, brackets, accents
        ImageKey key = ImageKey.of("catalog/Café Dress " + run + "/photo (1).png");
        String eTag = fixture().images().write(key, png(5), "image/png");
        IngestOutcome outcome = fixture().ingest().handle(stored(key, 1, eTag));
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.FAILED);
        assertThat(outcome.detail()).contains("is not a product id")
                .contains("store the image under catalog/Cafe-Dress-" + run + "/photo (1).png");
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.FAILED);
        assertThat(record(key).failure()).isEqualTo(outcome.detail());
        assertThat(fixture().ingest().handle(removed(key, 2)).result()).isEqualTo(IngestOutcome.Result.REMOVED);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.REMOVED);
    }

    @Test
    void anImageDeletedBetweenItsEventAndItsReadFailsAndItsDeleteEventRemovesIt() {
        ImageKey key = key("deleted-early");
        String eTag = fixture().images().write(key, png(11), "image/png");
        fixture().images().delete(key); // the delete happens before ingest reads the object
        IngestOutcome outcome = fixture().ingest().handle(stored(key, 1, eTag));
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.FAILED);
        assertThat(outcome.detail()).contains("no longer stored");
        assertThat(fixture().ingest().handle(removed(key, 2)).result()).isEqualTo(IngestOutcome.Result.REMOVED);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.REMOVED);
        assertThat(fixture().vectorCount(key)).isZero();
    }

    @Test
    void aDeliveryThatMeetsAnotherWorkersLiveClaimIsToldToComeBackNotAcknowledged() {
        ImageKey key = key("claimed");
        String eTag = fixture().images().write(key, png(13), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        assertThat(fixture().records().claim(event, "busy-worker", Instant.now(), Duration.ofMinutes(5))).isPresent();
        IngestOutcome outcome = fixture().ingest().handleAll(List.of(event)).getFirst();
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.RETRY);
        assertThat(outcome.detail()).contains("being applied by another worker");
        assertThat(record(key).status()).as("the other worker's claim stands").isEqualTo(ImageRecord.Status.PENDING);
    }

    @Test
    void aWorkerKilledMidBatchLeavesAClaimThatTheRedeliveryTakesOverWhenItsLeaseEnds() {
        ImageKey key = key("killed");
        String eTag = fixture().images().write(key, png(12), "image/png");
        ImageEvent event = stored(key, 1, eTag);
        // A worker claimed the image, then died before completing: its lease ran out long ago.
        assertThat(fixture().records().claim(event, "dead-worker", Instant.now().minusSeconds(600), Duration.ofSeconds(5)))
                .isPresent();
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.PENDING);
        assertThat(fixture().ingest().handle(event).result()).as("the redelivery takes the claim over")
                .isEqualTo(IngestOutcome.Result.INDEXED);
        assertThat(record(key).status()).isEqualTo(ImageRecord.Status.INDEXED);
        awaitVectors(key, 1);
    }
}
