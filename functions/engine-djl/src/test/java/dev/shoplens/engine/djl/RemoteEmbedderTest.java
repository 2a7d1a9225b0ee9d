package dev.shoplens.engine.djl;

import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.embedding.remote.RemoteEmbedder;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.testing.ModelServerProcess;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The remote embedder against a real model server process (layers/model/serve/inference_server.py, ONNX
 * Runtime in Python) serving the built-in model: the same vectors as the local DJL embedder.
 */
class RemoteEmbedderTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path MODEL = ROOT.resolve("layers/model/builtin");
    private static ModelServerProcess server;
    private static URI endpoint;

    @BeforeAll
    static void startServer() {
        server = ModelServerProcess.start(ROOT, MODEL);
        endpoint = server.endpoint();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void givesTheSameVectorsAsTheLocalEmbedder() {
        ModelManifest manifest = ModelManifestReader.read(MODEL);
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than one batch
            images.add(TestImages.blocks(150, 110, i));
        }
        try (RemoteEmbedder remote = RemoteEmbedder.connect(manifest, endpoint);
             DjlEmbedder local = DjlEmbedder.load(MODEL, 1)) {
            assertThat(remote.model()).isEqualTo(local.model());
            List<float[]> a = remote.embed(images);
            List<float[]> b = local.embed(images);
            assertThat(a).hasSize(40);
            for (int i = 0; i < a.size(); i++) {
                assertThat(Vectors.dot(a.get(i), b.get(i))).as("image %d", i).isCloseTo(1f, within(1e-4f));
            }
        }
    }

    @Test
    void aServerOfAnotherModelIsRefused() throws Exception {
        Path other = Files.createTempDirectory("other-model");
        Files.copy(MODEL.resolve("model.onnx"), other.resolve("model.onnx"));
        ModelManifest served = ModelManifestReader.read(MODEL);
        Files.writeString(other.resolve("manifest.json"), Files.readString(MODEL.resolve("manifest.json"))
                .replace("\"version\": \"" + served.version() + "\"", "\"version\": \"9.9.9\""));
        ModelManifest wrong = ModelManifestReader.read(other);
        assertThatThrownBy(() -> RemoteEmbedder.connect(wrong, endpoint)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("serves " + served.versionTag() + ", not builtin-shopper-cnn@9.9.9");
    }

    @Test
    void anUnreachableServerIsNamed() {
        ModelManifest manifest = ModelManifestReader.read(MODEL);
        assertThatThrownBy(() -> RemoteEmbedder.connect(manifest, URI.create("http://127.0.0.1:1")))
                .isInstanceOf(ModelManifestException.class).hasMessageContaining("does not answer");
    }
}
