package dev.shoplens.engine.djl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.DetectedObject;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.testing.ShelfPhoto;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in object finder on DJL: the items of a shelf photo, nothing in a blank one, a wrong manifest refused. */
class DjlObjectFinderTest {
    private static final Path DETECTOR = TestImages.repositoryRoot().resolve("layers/model/detector");
    private static DjlObjectFinder finder;

    @BeforeAll
    static void load() {
        finder = DjlObjectFinder.load(DETECTOR);
    }

    @AfterAll
    static void close() {
        finder.close();
    }

    @Test
    void findsEachItemOfAShelfPhotoAndNothingElse() throws IOException {
        ShelfPhoto shelf = ShelfPhoto.ofSampleProducts("sneaker-running", "camera-compact", "teapot-ceramic");
        List<DetectedObject> found = finder.find(ImageIO.read(new ByteArrayInputStream(shelf.jpeg())));
        System.out.println("found " + found);
        for (Box item : shelf.boxes()) {
            double best = found.stream().mapToDouble(o -> o.box().iou(item)).max().orElse(0);
            assertThat(best).as("best overlap with %s among %s", item, found).isGreaterThanOrEqualTo(0.5);
        }
        assertThat(found).as("no more boxes than items, give or take one").hasSizeBetween(3, 4);
        assertThat(found).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        assertThat(found.getFirst().score()).isBetween(0.0, 1.0);
    }

    @Test
    void aBlankPhotoHoldsNoItem() {
        BufferedImage blank = TestImages.solid(640, 480, new Color(200, 200, 200));
        assertThat(finder.find(blank)).isEmpty();
    }

    @Test
    void aManifestNamingAnOutputTheModelLacksFailsAtLoad(@TempDir Path dir) throws IOException {
        Files.copy(DETECTOR.resolve("model.onnx"), dir.resolve("model.onnx"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(DETECTOR.resolve("manifest.json").toFile());
        json.writeValue(dir.resolve("manifest.json").toFile(), manifest.put("scoresName", "confidence"));
        assertThatThrownBy(() -> DjlObjectFinder.load(dir)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("no output named 'confidence'");
        json.writeValue(dir.resolve("manifest.json").toFile(), manifest.put("scoresName", "scores").put("maxObjects", 10));
        assertThatThrownBy(() -> DjlObjectFinder.load(dir)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("the manifest says (1, 10");
    }
}
