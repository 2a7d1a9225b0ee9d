package dev.shoplens.local.lucene;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.TestVectors;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each way the embedded index may hold vectors finds the same neighbours with their true cosines. */
class VectorEncodingTest {
    private static final String MODEL = "m@1";
    private static final int DIMENSION = 64;

    @TempDir
    Path dir;

    private static List<VectorIndex.VectorRecord> records(Random rnd, int from, int count) {
        List<VectorIndex.VectorRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(new VectorIndex.VectorRecord(ImageKey.of("catalog/p" + i + "/a.jpg"), ProductId.of("p" + i),
                    TestVectors.unit(rnd, DIMENSION), MODEL, Map.of("shelf", Integer.toString(i % 4))));
        }
        return records;
    }

    private static int number(VectorIndex.ImageHit hit) {
        return Integer.parseInt(hit.productId().value().substring(1));
    }

    @ParameterizedTest
    @EnumSource(VectorEncoding.class)
    void everyEncodingFindsTheNeighboursWithTheirFloatCosines(VectorEncoding encoding) throws IOException {
        Random rnd = new Random(5);
        List<VectorIndex.VectorRecord> records = records(rnd, 0, 400);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, DIMENSION, encoding)) {
            index.add(records);
            int found = 0;
            for (int q = 0; q < 20; q++) {
                float[] query = TestVectors.unit(rnd, DIMENSION);
                List<VectorIndex.ImageHit> hits = index.nearest(query, 10, AttributeFilter.none());
                List<Integer> exact = records.stream()
                        .sorted((a, b) -> Float.compare(Vectors.dot(query, b.vector()), Vectors.dot(query, a.vector())))
                        .limit(10).map(r -> Integer.parseInt(r.productId().value().substring(1))).toList();
                List<Integer> numbers = hits.stream().map(VectorEncodingTest::number).toList();
                if (encoding != VectorEncoding.BINARY) {
                    // 100 candidates of 400, rescored with float32: the exact top 10, in order
                    assertThat(numbers).as(encoding.label()).isEqualTo(exact);
                }
                found += (int) numbers.stream().filter(exact::contains).count();
                for (VectorIndex.ImageHit hit : hits) {
                    assertThat(hit.score()).as("%s reports the float32 cosine", encoding.label())
                            .isCloseTo(Vectors.dot(query, records.get(number(hit)).vector()), within(1e-4f));
                }
            }
            // One bit a dimension of 64 random dimensions ranks candidates coarsely: a few true neighbours fall
            // outside the 100 it keeps (the benchmark's 256-d model vectors lose none; README "Vector size").
            assertThat(found / 200.0).as("%s recall@10", encoding.label()).isGreaterThanOrEqualTo(0.95);
            List<VectorIndex.ImageHit> shelf = index.nearest(TestVectors.unit(rnd, DIMENSION), 10,
                    AttributeFilter.equalTo("shelf", "2"));
            assertThat(shelf).hasSize(10).allSatisfy(h -> assertThat(number(h) % 4).isEqualTo(2));
        }
        assertThat(formatsOnDisk()).containsExactly(encoding.format().getName());
    }

    /** The vectors format each segment on disk names for the vector field. */
    private Set<String> formatsOnDisk() throws IOException {
        Set<String> formats = new TreeSet<>();
        try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                formats.add(leaf.reader().getFieldInfos().fieldInfo(LuceneVectorIndex.VECTOR)
                        .getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
            }
        }
        return formats;
    }

    @Test
    void anIndexWrittenInOneEncodingIsReadAndExtendedInAnother() throws IOException {
        Random rnd = new Random(6);
        List<VectorIndex.VectorRecord> first = records(rnd, 0, 100);
        List<VectorIndex.VectorRecord> second = records(rnd, 100, 100);
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, DIMENSION, VectorEncoding.FLOAT32)) {
            index.add(first);
        }
        try (LuceneVectorIndex index = LuceneVectorIndex.open(dir, MODEL, DIMENSION, VectorEncoding.INT7)) {
            index.add(second);
            assertThat(index.size()).isEqualTo(200);
            for (VectorIndex.VectorRecord r : List.of(first.get(3), second.get(7))) {
                VectorIndex.ImageHit top = index.nearest(r.vector(), 1, AttributeFilter.none()).getFirst();
                assertThat(top.productId()).isEqualTo(r.productId());
                assertThat(top.score()).isCloseTo(1f, within(1e-4f));
            }
        }
        assertThat(formatsOnDisk()).containsExactlyInAnyOrder(VectorEncoding.FLOAT32.format().getName(),
                VectorEncoding.INT7.format().getName());
    }

    @Test
    void theDefaultIsBinaryForVectorsAsWideAsTheBuiltInModelsAndInt7ForNarrowerOnes() {
        assertThat(VectorEncoding.defaultFor(256)).isEqualTo(VectorEncoding.BINARY);
        assertThat(VectorEncoding.defaultFor(2048)).isEqualTo(VectorEncoding.BINARY);
        assertThat(VectorEncoding.defaultFor(64)).isEqualTo(VectorEncoding.INT7);
        assertThat(VectorEncoding.parseOrAuto("auto")).isNull();
        assertThat(VectorEncoding.parseOrAuto(null)).isNull();
    }

    @Test
    void aChoiceThatIsNoEncodingNamesTheChoices() {
        assertThat(VectorEncoding.parse(" INT4 ")).isEqualTo(VectorEncoding.INT4);
        assertThatThrownBy(() -> VectorEncoding.parse("fp8")).hasMessageContaining("'fp8'")
                .hasMessageContaining("[float32, int7, int4, binary]").hasMessageContaining("--vectors");
    }
}
