package dev.shoplens.engine.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DjlEmbedderTest {
    private static DjlEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = DjlEmbedder.load(TestImages.tinyModel(), 2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void describesTheModelFromItsManifest() {
        assertThat(embedder.model().versionTag()).isEqualTo("tiny-test@1");
        assertThat(embedder.model().dimension()).isEqualTo(16);
    }

    @Test
    void matchesThePythonReferenceEmbedding() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(TestImages.tinyModel().resolve("reference.json").toFile());
        byte[] png = Files.readAllBytes(TestImages.tinyModel().resolve("reference.png"));
        BufferedImage img = new ImageDecoder(DecodeLimits.DEFAULT).decode(png, 32).image();
        float[] v = embedder.embed(img);
        float[] expected = new float[ref.get("embedding").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) ref.get("embedding").get(i).asDouble();
        }
        assertThat(v).containsExactly(expected, within(1e-4f));
    }

    @Test
    void returnsUnitVectors() {
        float[] v = embedder.embed(TestImages.blocks(50, 70, 1));
        assertThat(Vectors.dot(v, v)).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void aBatchGivesTheSameVectorsAsOneByOne() {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than one internal batch
            images.add(TestImages.blocks(40, 40, i));
        }
        List<float[]> batch = embedder.embed(images);
        assertThat(batch).hasSize(40);
        for (int i = 0; i < 40; i += 13) {
            assertThat(batch.get(i)).containsExactly(embedder.embed(images.get(i)), within(1e-5f));
        }
        assertThat(Vectors.dot(batch.get(0), batch.get(1))).isLessThan(0.9999f);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        BufferedImage img = TestImages.blocks(64, 64, 7);
        float[] expected = embedder.embed(img);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                results.add(pool.submit(() -> embedder.embed(img)));
            }
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(expected, within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aManifestThatDisagreesWithTheModelOutputFailsAtLoad(@TempDir Path dir) throws IOException {
        Files.copy(TestImages.tinyModel().resolve("model.onnx"), dir.resolve("model.onnx"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(TestImages.tinyModel().resolve("manifest.json").toFile());
        manifest.put("outputDimension", 512);
        json.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        assertThatThrownBy(() -> DjlEmbedder.load(dir, 1)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("outputDimension").hasMessageContaining("512");
    }
}
