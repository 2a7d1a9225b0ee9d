package dev.shoplens.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelManifestReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ObjectNode tinyManifest() throws IOException {
        return (ObjectNode) JSON.readTree(TestImages.tinyModel().resolve("manifest.json").toFile());
    }

    private Path writeModel(ObjectNode manifest) throws IOException {
        Files.copy(TestImages.tinyModel().resolve("model.onnx"), dir.resolve("model.onnx"));
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return dir;
    }

    @Test
    void readsEveryFieldOfAValidManifest() {
        ModelManifest m = ModelManifestReader.read(TestImages.tinyModel());
        assertThat(m.versionTag()).isEqualTo("tiny-test@1");
        assertThat(m.format()).isEqualTo(ModelManifest.Format.ONNX);
        assertThat(m.inputWidth()).isEqualTo(32);
        assertThat(m.resize()).isEqualTo(ModelManifest.Resize.SQUASH);
        assertThat(m.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(m.std()).containsExactly(0.25f, 0.25f, 0.25f);
        assertThat(m.colorOrder()).isEqualTo(ModelManifest.ColorOrder.RGB);
        assertThat(m.pixelScale()).isEqualTo(1f / 255f);
        assertThat(m.outputDimension()).isEqualTo(16);
        assertThat(m.normalization()).isEqualTo(ModelManifest.Normalization.L2);
        assertThat(m.interpolation()).as("the default, for manifests written before the field")
                .isEqualTo(ModelManifest.Interpolation.JAVA2D_BILINEAR);
    }

    @org.junit.jupiter.api.Test
    void aShorterSideSmallerThanTheCropIsRefused() throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.put("resize", "shorter-side-center-crop").put("interpolation", "bicubic").put("resizeShorterSide", 16);
        Path model = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.read(model)).hasMessageContaining("field 'resizeShorterSide'")
                .hasMessageContaining("from 32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "version", "format", "weights", "sha256", "inputWidth", "inputHeight", "resize",
            "mean", "std", "colorOrder", "pixelScale", "outputDimension", "normalization"})
    void aMissingFieldIsNamed(String field) throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.remove(field);
        Path model = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.read(model)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("field '" + field + "' is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "format|\"tensorflow\"|must be one of [onnx, torchscript]",
            "resize|\"stretch\"|must be one of [squash, shorter-side-center-crop, letterbox]",
            "colorOrder|\"RGBA\"|must be one of [rgb, bgr]",
            "mean|[0.5, 0.5]|must be a list of 3 numbers",
            "std|[0.2, 0, 0.2]|greater than 0",
            "inputWidth|0|must be a whole number from 8",
            "outputDimension|12.5|must be a whole number",
            "pixelScale|\"1/255\"|must be a number",
            "sha256|\"abc\"|64 hexadecimal digits",
            "weights|\"../model.onnx\"|must be a file name inside the model directory",
            "colour|\"RGB\"|is not a manifest field",
            "interpolation|\"lanczos\"|must be one of [java2d-bilinear, bilinear, bicubic]",
            "resizeShorterSide|256|only applies with resize shorter-side-center-crop"})
    void aWrongFieldIsNamedWithWhatIsExpected(String field, String value, String expected) throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.set(field, JSON.readTree(value));
        Path model = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.read(model)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("field '" + field + "'").hasMessageContaining(expected);
    }

    @Test
    void weightsThatDoNotMatchTheirHashAreRefused() throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.put("sha256", "0".repeat(64));
        Path model = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.read(model)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("field 'sha256'").hasMessageContaining("damaged");
    }

    @Test
    void missingWeightsAreNamed() throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.put("weights", "absent.onnx");
        Path model = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.read(model)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("absent.onnx").hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryWithoutManifestIsRefused() {
        assertThatThrownBy(() -> ModelManifestReader.read(dir)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("has no manifest.json");
    }

    @Test
    void invalidJsonIsRefused() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{ not json");
        assertThatThrownBy(() -> ModelManifestReader.read(dir)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("not valid JSON");
    }

    private ObjectNode finderManifest() throws IOException {
        ObjectNode manifest = tinyManifest();
        manifest.remove(java.util.List.of("outputDimension", "normalization", "outputName"));
        return manifest.put("kind", "object-finder").put("scoresName", "scores").put("boxesName", "boxes")
                .put("maxObjects", 16).put("minScore", 0.3);
    }

    @Test
    void readsAnObjectFindersManifest() throws IOException {
        ObjectFinderManifest m = ModelManifestReader.readObjectFinder(writeModel(finderManifest()));
        assertThat(m.versionTag()).isEqualTo("tiny-test@1");
        assertThat(m.input().inputWidth()).isEqualTo(32);
        assertThat(m.input().mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(m.scoresName()).isEqualTo("scores");
        assertThat(m.boxesName()).isEqualTo("boxes");
        assertThat(m.maxObjects()).isEqualTo(16);
        assertThat(m.minScore()).isEqualTo(0.3f);
    }

    @Test
    void theBuiltInObjectFindersManifestIsValid() {
        Path detector = TestImages.repositoryRoot().resolve("layers/model/detector");
        ObjectFinderManifest m = ModelManifestReader.readObjectFinder(detector);
        assertThat(m.versionTag()).startsWith("builtin-object-finder@");
    }

    @Test
    void anObjectFinderGivenAsTheModelOrTheOtherWayRoundIsNamedForWhatItIs() throws IOException {
        Path finder = writeModel(finderManifest());
        assertThatThrownBy(() -> ModelManifestReader.read(finder)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("field 'kind'").hasMessageContaining("holds an object finder, not an image embedder");
        assertThatThrownBy(() -> ModelManifestReader.readObjectFinder(TestImages.tinyModel()))
                .isInstanceOf(ModelManifestException.class).hasMessageContaining("field 'kind'")
                .hasMessageContaining("holds an image embedder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scoresName", "boxesName", "maxObjects", "minScore"})
    void aMissingObjectFinderFieldIsNamed(String field) throws IOException {
        ObjectNode manifest = finderManifest();
        manifest.remove(field);
        Path finder = writeModel(manifest);
        assertThatThrownBy(() -> ModelManifestReader.readObjectFinder(finder)).isInstanceOf(ModelManifestException.class)
                .hasMessageContaining("field '" + field + "' is missing");
    }

    @Test
    void aMinimumScoreOutsideZeroToOneIsRefused() throws IOException {
        Path finder = writeModel(finderManifest().put("minScore", 1.5));
        assertThatThrownBy(() -> ModelManifestReader.readObjectFinder(finder)).hasMessageContaining("field 'minScore'");
    }
}
