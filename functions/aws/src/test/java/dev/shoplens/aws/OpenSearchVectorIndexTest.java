package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The OpenSearch adapter against a real local node with the k-NN plugin (lucene engine). */
class OpenSearchVectorIndexTest {
    private static final String MODEL = "random@1";

    @BeforeAll
    static void services() {
        LocalServices.start();
    }

    private static String name() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }


    private static VectorIndex.VectorRecord record(int i, float[] v, Map<String, String> attributes) {
        return new VectorIndex.VectorRecord(ImageKey.of("catalog/p" + i + "/a.jpg"), ProductId.of("p" + i), v, MODEL,
                attributes);
    }

    /** OpenSearch shows writes after a refresh, which the adapter never forces: wait for them. */
    private static void await(LongSupplier count, long expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (count.getAsLong() != expected) {
            assertThat(Instant.now()).as("waiting for %d documents", expected).isBefore(deadline);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + expected + " documents", e);
            }
        }
    }

    private static OpenSearchVectorIndex index(String name, int dim) {
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), name, MODEL, dim, KnnEngine.LUCENE);
        index.createIndexIfMissing();
        return index;
    }

    @Test
    void approximateTopTenHoldsAtLeast98PercentOfTheExactTopTen() {
        int n = 10_000;
        int dim = 32;
        Random rnd = new Random(42);
        OpenSearchVectorIndex index = index(name(), dim);
        InMemoryPorts.ExactIndex exact = new InMemoryPorts.ExactIndex();
        for (int from = 0; from < n; from += 1000) {
            List<VectorIndex.VectorRecord> batch = new ArrayList<>();
            for (int i = from; i < from + 1000; i++) {
                batch.add(record(i, TestVectors.unit(rnd, dim), Map.of()));
            }
            index.add(batch);
            exact.add(batch);
        }
        await(index::size, n);
        int queries = 200;
        int identical = 0;
        double overlap = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = TestVectors.unit(rnd, dim);
            Set<ProductId> truth = new HashSet<>();
            exact.nearest(query, 10, AttributeFilter.none()).forEach(h -> truth.add(h.productId()));
            Set<ProductId> found = new HashSet<>();
            index.nearest(query, 10, AttributeFilter.none()).forEach(h -> found.add(h.productId()));
            identical += found.equals(truth) ? 1 : 0;
            found.retainAll(truth);
            overlap += found.size() / 10.0;
        }
        double share = identical / (double) queries;
        System.out.printf("OpenSearch k-NN (lucene HNSW, m 16, ef_construction 128, k 100): top-10 identical to exact "
                + "on %.1f%% of %d queries, recall@10 %.3f (%d random unit vectors, dim %d)%n", share * 100, queries,
                overlap / queries, n, dim);
        // Recall, not the share of identical lists: one neighbour swapped at rank 10 spoils a whole list, and
        // which one swaps depends on how the index's refreshes happened to cut it into segments.
        assertThat(overlap / queries).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void aFilteredSearchReturnsOnlyMatchesAndStillReturnsK() {
        Random rnd = new Random(7);
        OpenSearchVectorIndex index = index(name(), 16);
        List<VectorIndex.VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            batch.add(record(i, TestVectors.unit(rnd, 16), Map.of("colour", i % 50 == 0 ? "red" : "blue")));
        }
        index.add(batch);
        await(index::size, 2000);
        List<VectorIndex.ImageHit> hits = index.nearest(TestVectors.unit(rnd, 16), 10, AttributeFilter.equalTo("colour", "red"));
        assertThat(hits).hasSize(10);
        assertThat(hits).allSatisfy(h -> assertThat(Integer.parseInt(h.productId().value().substring(1)) % 50).isZero());
    }

    @Test
    void theServiceChoosesIdsAndRemoveDropsThem() {
        Random rnd = new Random(8);
        OpenSearchVectorIndex index = index(name(), 8);
        float[] v = TestVectors.unit(rnd, 8);
        List<VectorId> ids = index.add(List.of(record(1, v, Map.of()), record(2, TestVectors.unit(rnd, 8), Map.of())));
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        await(index::size, 2);
        VectorIndex.ImageHit best = index.nearest(v, 1, AttributeFilter.none()).getFirst();
        assertThat(best.vectorId()).isEqualTo(ids.getFirst());
        assertThat(best.score()).isCloseTo(1f, within(1e-4f));
        index.remove(List.of(ids.getFirst(), new VectorId("no-such-id")));
        await(index::size, 1);
    }

    @Test
    void anIndexOfAnotherDimensionIsRefusedAtStart() {
        String name = name();
        index(name, 8);
        assertThatThrownBy(() -> index(name, 16)).hasMessageContaining("dimension 8")
                .hasMessageContaining("makes 16");
        assertThatThrownBy(() -> new OpenSearchVectorIndex(LocalServices.openSearch(), "Bad Name", MODEL, 8, KnnEngine.LUCENE))
                .hasMessageContaining("VECTOR_INDEX");
    }

    @Test
    void holdsVectorsWiderThanLucenesOwnLimitAndRefusesWiderThanItsOwn() {
        Random rnd = new Random(9);
        int dim = 2048; // ResNet-50's width
        OpenSearchVectorIndex index = index(name(), dim);
        float[] v = TestVectors.unit(rnd, dim);
        index.add(List.of(record(1, v, Map.of()), record(2, TestVectors.unit(rnd, dim), Map.of())));
        await(index::size, 2);
        assertThat(index.nearest(v, 1, AttributeFilter.none()).getFirst().productId()).isEqualTo(ProductId.of("p1"));
        assertThatThrownBy(() -> index(name(), 16_001)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16001-dimensional").hasMessageContaining("1 to 16000");
    }
}
