package dev.shoplens.engine.djl;

import ai.djl.engine.Engine;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A TorchScript model on DJL's PyTorch engine gives the same vectors as the same weights exported to ONNX.
 * Runs with the {@code torchscript} Maven profile, which puts the engine and its native library on the
 * class path.
 */
class TorchScriptEmbedderTest {

    @BeforeAll
    static void needsThePyTorchEngine() {
        boolean present = Engine.getAllEngines().contains("PyTorch");
        if (!present) {
            System.err.println("\n*** TorchScriptEmbedderTest SKIPPED here: scripts/test.sh runs it in a build with -Ptorchscript ***\n");
        }
        assumeTrue(present, "DJL's PyTorch engine is not on the class path");
    }

    @Test
    void torchScriptAndOnnxExportsOfOneModelAgree() throws URISyntaxException {
        Path torchscript = Path.of(getClass().getResource("/models/tiny-torchscript/manifest.json").toURI()).getParent();
        try (DjlEmbedder ts = DjlEmbedder.load(torchscript, 1);
             DjlEmbedder onnx = DjlEmbedder.load(TestImages.tinyModel(), 1)) {
            assertThat(ts.manifest().format().djlEngine()).isEqualTo("PyTorch");
            for (long seed = 1; seed <= 5; seed++) {
                BufferedImage img = TestImages.blocks(48, 40, seed);
                float[] a = ts.embed(img);
                float[] b = onnx.embed(img);
                assertThat(Vectors.dot(a, b)).isCloseTo(1f, within(1e-4f));
            }
        }
    }
}
