package dev.shoplens.engine.djl;

import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.DecodedImage;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models exported by layers/model/export/export_model.py (random weights, small networks of each
 * architecture) give the same input tensor and embedding in Java as the Python reference preprocessing
 * and ONNX Runtime, on a non-square JPEG photo, a PNG with alpha and a square PNG.
 */
class ExportedModelParityTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path TOOL = ROOT.resolve("layers/model/export/export_model.py");
    private static final List<String> IMAGES = List.of("photo.jpg", "alpha.png", "square.png", "large.jpg");
    private static Path work;

    @BeforeAll
    static void writeImages() throws IOException {
        work = Files.createTempDirectory("parity");
        Files.write(work.resolve("photo.jpg"), TestImages.jpeg(scene(333, 250, 1), 0.9f));
        Files.write(work.resolve("alpha.png"), TestImages.encode(cutOut(180, 240, 2), "png"));
        Files.write(work.resolve("square.png"), TestImages.encode(scene(256, 256, 3), "png"));
        // A 12-megapixel phone photo: the search path decodes it at reduced scale (every third pixel here).
        Files.write(work.resolve("large.jpg"), TestImages.jpeg(scene(4000, 3000, 4), 0.9f));
    }

    /** Smooth gradients with sharp-edged shapes: what resampling filters disagree on if they differ. */
    private static BufferedImage scene(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 200), w, h, new Color(240, 200, 40)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 25; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            int r = 5 + rnd.nextInt(40);
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), r, r + rnd.nextInt(20));
        }
        g.setStroke(new BasicStroke(2));
        g.setColor(Color.BLACK);
        g.drawLine(0, h / 3, w, h / 2);
        g.dispose();
        return img;
    }

    /** A product cut out on a transparent background, with soft (semi-transparent) edges. */
    private static BufferedImage cutOut(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256), 40 + rnd.nextInt(216)));
            int r = 20 + rnd.nextInt(60);
            g.fillOval(rnd.nextInt(w - 20), rnd.nextInt(h - 20), r, r);
        }
        g.dispose();
        return img;
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip-vit-b32", "dinov2-small", "resnet50"})
    void javaAndPythonAgreeOnTensorAndEmbedding(String arch) throws Exception {
        Path model = work.resolve(arch);
        Path reference = work.resolve(arch + "-reference");
        python("export", "--arch", arch, "--random", "--tiny", "--seed", "1", "--out", model.toString());
        List<String> args = new ArrayList<>(List.of("reference", "--model", model.toString(), "--out",
                reference.toString(), "--images"));
        IMAGES.forEach(name -> args.add(work.resolve(name).toString()));
        python(args.toArray(String[]::new));

        // The model layer's build takes the exported directory as it is.
        Process layer = new ProcessBuilder("make", "-s", "-C", ROOT.resolve("layers/model").toString(), "build-ModelLayer",
                "ARTIFACTS_DIR=" + work.resolve(arch + "-layer"), "MODEL_URI=" + model).redirectErrorStream(true).start();
        String built = new String(layer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(layer.waitFor()).as(built).isZero();
        assertThat(built).contains("model layer: " + arch + "-random@1");
        assertThat(work.resolve(arch + "-layer/model/model.onnx")).exists();

        ModelManifest manifest = ModelManifestReader.read(model);
        assertThat(manifest.interpolation()).isNotEqualTo(ModelManifest.Interpolation.JAVA2D_BILINEAR);
        ImagePreprocessor preprocessor = new ImagePreprocessor(manifest);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        try (DjlEmbedder embedder = DjlEmbedder.load(model, 1)) {
            for (String name : IMAGES) {
                String stem = name.substring(0, name.indexOf('.'));
                BufferedImage image = decoder.decode(Files.readAllBytes(work.resolve(name)), 0).image();
                float[] tensor = preprocessor.toTensor(image);
                float[] expected = readNpy(reference.resolve(stem + ".tensor.npy"));
                assertThat(tensor).hasSameSizeAs(expected);
                float maxDiff = 0;
                for (int i = 0; i < tensor.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(tensor[i] - expected[i]));
                }
                float[] embedding = embedder.embed(image);
                float[] referenceEmbedding = readNpy(reference.resolve(stem + ".embedding.npy"));
                float cosine = Vectors.dot(embedding, referenceEmbedding);
                // The search path decodes large photos at reduced scale: its embedding must stay as close.
                DecodedImage searched = decoder.decode(Files.readAllBytes(work.resolve(name)),
                        Math.min(manifest.inputWidth(), manifest.inputHeight()));
                float searchCosine = Vectors.dot(embedder.embed(searched.image()), referenceEmbedding);
                System.out.printf(Locale.ROOT, "%s %s: tensor max |diff| %.2e, embedding cosine %.6f; as searched "
                        + "(decoded 1/%d) %.6f%n", arch, name, maxDiff, cosine, searched.subsampling(), searchCosine);
                assertThat(searchCosine).as("%s %s embedding cosine on the search path", arch, name)
                        .isGreaterThanOrEqualTo(0.999f);
                assertThat(maxDiff).as("%s %s tensor", arch, name).isLessThanOrEqualTo(1e-2f);
                assertThat(cosine).as("%s %s embedding cosine", arch, name).isGreaterThanOrEqualTo(0.999f);
            }
        }
    }

    private static void python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", TOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("export_model.py %s (needs the project's Python environment: run "
                        + "scripts/test.sh, or source scripts/python-env.sh first)%n%s",
                args[0], out).isZero();
    }

    /** A little-endian float32 .npy file (format 1.0), as numpy.save writes it. */
    static float[] readNpy(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        buf.get(magic);
        assertThat(new String(magic, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        buf.get();
        buf.get();
        int headerLength = Short.toUnsignedInt(buf.getShort());
        byte[] header = new byte[headerLength];
        buf.get(header);
        assertThat(new String(header, StandardCharsets.US_ASCII)).contains("'descr': '<f4'").contains("'fortran_order': False");
        float[] values = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(values);
        return values;
    }
}
