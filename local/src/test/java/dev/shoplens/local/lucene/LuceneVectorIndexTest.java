package dev.shoplens.local.lucene;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LuceneVectorIndexTest {
    private static final String MODEL = "m@1";

    @TempDir
    Path dir;


    private static VectorIndex.VectorRecord record(int i, float[] v, Map<String, String> attributes) {
        return new VectorIndex.VectorRecord(ImageKey.of("catalog/p" + i + "/a.jpg"), ProductId.of("p" + i), v, MODEL,
                attributes);
    }

    private static VectorIndex.VectorRecord record(int i, float[] v) {
        return record(i, v, Map.of());
    }

    @Test
    void findsTheNearestVectorWithItsCosine() {
        Random rnd = new Random(1);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 8)) {
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                vs.add(TestVectors.unit(rnd, 8));
                index.add(List.of(record(i, vs.get(i))));
            }
            List<VectorIndex.ImageHit> hits = index.nearest(vs.get(17), 3, AttributeFilter.none());
            assertThat(hits.getFirst().imageKey()).isEqualTo(ImageKey.of("catalog/p17/a.jpg"));
            assertThat(hits.getFirst().productId()).isEqualTo(ProductId.of("p17"));
            assertThat(hits.getFirst().score()).isCloseTo(1f, within(1e-5f));
            assertThat(hits.get(1).score()).isCloseTo(Vectors.dot(vs.get(17),
                    vs.get(Integer.parseInt(hits.get(1).productId().value().substring(1)))), within(1e-5f));
        }
    }

    @Test
    void addGivesIdsAndRemoveDropsThem() {
        Random rnd = new Random(2);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 8)) {
            float[] v = TestVectors.unit(rnd, 8);
            List<VectorId> ids = index.add(List.of(record(1, v), record(1, TestVectors.unit(rnd, 8))));
            assertThat(ids).hasSize(2).doesNotHaveDuplicates();
            assertThat(index.vectorCount(ImageKey.of("catalog/p1/a.jpg"))).isEqualTo(2);
            index.remove(List.of(ids.get(1), new VectorId("absent")));
            assertThat(index.size()).isEqualTo(1);
            assertThat(index.nearest(v, 1, AttributeFilter.none()).getFirst().vectorId()).isEqualTo(ids.get(0));
        }
    }

    @Test
    void reopeningFindsEverything() {
        Random rnd = new Random(3);
        float[] v = TestVectors.unit(rnd, 8);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 8)) {
            index.add(List.of(record(5, v), record(6, TestVectors.unit(rnd, 8))));
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 8)) {
            assertThat(index.size()).isEqualTo(2);
            assertThat(index.nearest(v, 1, AttributeFilter.none()).getFirst().productId()).isEqualTo(ProductId.of("p5"));
        }
    }

    @Test
    void refusesToMixModels() {
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 4)) {
            index.add(List.of(record(1, new float[]{1, 0, 0, 0})));
            assertThatThrownBy(() -> index.add(List.of(new VectorIndex.VectorRecord(ImageKey.of("catalog/x/a.jpg"),
                    ProductId.of("x"), new float[]{0, 1, 0, 0}, "other@2", Map.of())))).hasMessageContaining("other@2");
            assertThatThrownBy(() -> index.nearest(new float[3], 1, AttributeFilter.none())).hasMessageContaining("3 dimensions");
        }
        assertThatThrownBy(() -> LuceneVectorIndex.open(dir, "other@2", 4))
                .hasMessageContaining("holds vectors of model m@1");
    }

    @Test
    void aFilteredSearchReturnsOnlyMatchesAndStillReturnsK() {
        Random rnd = new Random(5);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, 16)) {
            List<VectorIndex.VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                // one in fifty is red: far fewer than the HNSW candidates a plain search would visit
                batch.add(record(i, TestVectors.unit(rnd, 16), Map.of("colour", i % 50 == 0 ? "red" : "blue")));
            }
            index.add(batch);
            List<VectorIndex.ImageHit> hits = index.nearest(TestVectors.unit(rnd, 16), 10, AttributeFilter.equalTo("colour", "red"));
            assertThat(hits).hasSize(10);
            assertThat(hits).allSatisfy(h -> assertThat(Integer.parseInt(h.productId().value().substring(1)) % 50).isZero());
        }
    }

    @Test
    void approximateSearchAgreesWithExactSearch() {
        int n = 3000;
        int dim = 64;
        Random rnd = new Random(4);
        InMemoryPorts.ExactIndex exact = new InMemoryPorts.ExactIndex();
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, dim)) {
            List<VectorIndex.VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(record(i, TestVectors.unit(rnd, dim)));
            }
            List<VectorId> ids = index.add(batch);
            exact.add(batch);
            java.util.Map<VectorId, ProductId> products = new java.util.HashMap<>();
            for (int i = 0; i < n; i++) {
                products.put(ids.get(i), batch.get(i).productId());
            }
            int queries = 100;
            double overlap = 0;
            for (int q = 0; q < queries; q++) {
                float[] query = TestVectors.unit(rnd, dim);
                Set<ProductId> truth = new HashSet<>();
                exact.nearest(query, 10, AttributeFilter.none()).forEach(h -> truth.add(h.productId()));
                if (q < 10) { // the index's own exact scan, which eval measures against, is the same truth
                    Set<ProductId> scanned = new HashSet<>();
                    index.exactNearest(query, 10).forEach(id -> scanned.add(products.get(id)));
                    assertThat(scanned).isEqualTo(truth);
                }
                long found = index.nearest(query, 10, AttributeFilter.none()).stream()
                        .filter(h -> truth.contains(h.productId())).count();
                overlap += found / 10.0;
            }
            double recall = overlap / queries;
            System.out.printf("HNSW recall@10 against exact search: %.3f (%d random unit vectors, dim %d, %d queries)%n",
                    recall, n, dim, queries);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void holdsVectorsAsWideAsOpenSearchAcceptsAcrossReopening() {
        Random rnd = new Random(11);
        int dim = 2048; // ResNet-50's width; Lucene's own format stops at 1,024
        float[] first = TestVectors.unit(rnd, dim);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, dim)) {
            for (int i = 0; i < 20; i++) {
                index.add(List.of(record(i, i == 0 ? first : TestVectors.unit(rnd, dim))));
            }
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, dim)) {
            index.add(List.of(record(20, TestVectors.unit(rnd, dim))));
            VectorIndex.ImageHit best = index.nearest(first, 1, AttributeFilter.none()).getFirst();
            assertThat(best.productId()).isEqualTo(ProductId.of("p0"));
            assertThat(best.score()).isCloseTo(1f, within(1e-5f));
            assertThat(index.exactNearest(first, 1)).containsExactly(best.vectorId());
        }
    }

    @Test
    void aModelWiderThanOpenSearchAcceptsIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> LuceneVectorIndex.open(dir.resolve("too-wide"), "huge@1", 16_001))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("huge@1").hasMessageContaining("16001-dimensional")
                .hasMessageContaining("1 to 16000");
        assertThat(dir.resolve("too-wide")).doesNotExist();
    }
}
