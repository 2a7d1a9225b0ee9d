package dev.shoplens.local.bench;

import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.imaging.JpegEncoder;
import dev.shoplens.core.imaging.JpegHeader;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.engine.djl.DjlEmbedder;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The {@code bench} command's run, in the order that keeps each measurement clean: references first, then
 * ingest into a fresh catalog, decode, embed, search, start-up in fresh JVMs, Lambda sizing, and the k-NN index
 * last.
 */
public final class Benchmark {
    private final PrintStream out;
    private final Path scratch;
    private final String python;
    private final Path referenceScript;
    private final double searchIoMs;
    private final double ingestIoMs;
    /** Images a deployed ingest invocation receives at most (template.yaml's SQS BatchSize). */
    static final int INGEST_BATCH = 10;

    /**
     * @param searchIoMs what a deployed search waits on S3, DynamoDB and OpenSearch, for the Lambda sizing
     * @param ingestIoMs the same for one ingested image
     */
    public Benchmark(PrintStream out, Path scratch, String python, Path referenceScript, double searchIoMs,
                     double ingestIoMs) {
        this.out = out;
        this.scratch = scratch;
        this.python = python;
        this.referenceScript = referenceScript;
        this.searchIoMs = searchIoMs;
        this.ingestIoMs = ingestIoMs;
    }

    /**
     * @param importCatalog imports the sample catalog into the application; returns the images indexed
     */
    public void run(LocalConfig config, byte[] jpeg, Path jpegFile, String photoName, Path catalog, Path query,
                    List<Integer> knnSizes, ToIntFunction<LocalApplication> importCatalog) {
        Report report = new Report(out);
        report.line("ShopLens benchmark on %s", MachineInfo.describe());
        TimedEmbedder[] model = new TimedEmbedder[1];
        Path modelDir;
        int dimension;
        try (LocalApplication app = LocalApplication.start(config, e -> model[0] = new TimedEmbedder(e))) {
            modelDir = app.modelDir();
            ModelManifest manifest = ModelManifestReader.read(modelDir);
            dimension = manifest.outputDimension();
            int side = Math.min(manifest.inputWidth(), manifest.inputHeight());
            String photo = String.format(Locale.ROOT, "%s (%.1f MP JPEG, %,d KB)",
                    photoName != null ? photoName : "generated photo", megapixels(jpeg), jpeg.length / 1024);
            report.line("model %s, %d x %d input; photo: %s", manifest.versionTag(), manifest.inputWidth(),
                    manifest.inputHeight(), photo);
            PythonReferences references = PythonReferences.measure(python, referenceScript, jpegFile, side,
                    manifest.format() == ModelManifest.Format.ONNX ? modelDir.resolve(manifest.weights()) : null,
                    DjlEmbedder.intraOpThreads());
            if (references.problem() != null) {
                report.line("references missing: %s", references.problem());
            }

            model[0].reset();
            long start = System.nanoTime();
            int indexed = importCatalog.applyAsInt(app);
            double importMs = (System.nanoTime() - start) / 1e6;
            PipelineBench.ingest(report, indexed, importMs, model[0].millis(), decodeAll(app, catalog, side));

            DecodeBench.run(report, jpeg, photo, side, new ImagePreprocessor(manifest), references);
            BufferedImage image = new BufferedImage(side * 2, side * 2, BufferedImage.TYPE_INT_RGB);
            paint(image, new Random(1));
            EmbedBench.run(report, model[0].delegate(), manifest, modelDir, image, references);
            PipelineBench.search(report, app, jpeg, photo, side);
        }
        double residentMb = StartBench.run(report, config.dataDir(), modelDir, query);
        if (!Double.isNaN(residentMb)) {
            try (LocalApplication app = LocalApplication.start(config)) {
                ModelManifest manifest = ModelManifestReader.read(modelDir);
                SizingBench.run(report, app, catalogImages(catalog), Math.min(manifest.inputWidth(),
                        manifest.inputHeight()), residentMb, searchIoMs, ingestIoMs, INGEST_BATCH);
            }
        }
        for (int size : knnSizes) {
            KnnBench.run(report, size, dimension, scratch.resolve("knn"));
        }
        MachineInfo.residentMb().ifPresent(m -> report.line("%nthis process: resident %.0f MB now, %.0f MB at peak",
                m[0], m[1]));
        report.summary();
    }

    /** Milliseconds to decode every image under the catalog folder at the model's side. */
    private static double decodeAll(LocalApplication app, Path catalog, int side) {
        List<byte[]> images = catalogImages(catalog);
        long start = System.nanoTime();
        images.forEach(b -> app.decoder().decode(b, side));
        return (System.nanoTime() - start) / 1e6;
    }

    private static List<byte[]> catalogImages(Path catalog) {
        try (Stream<Path> files = Files.walk(catalog)) {
            List<byte[]> images = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp|gif)$")).toList()) {
                images.add(Files.readAllBytes(f));
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double megapixels(byte[] jpeg) {
        JpegHeader header = JpegHeader.read(jpeg).orElseThrow(() -> new IllegalArgumentException(
                "--photo must be a JPEG (a phone photo of 8 MP or more): its header cannot be read"));
        return header.width() * (double) header.height() / 1e6;
    }

    /** A photo-like JPEG: gradients, shapes and sensor-like noise, so the decoder has a camera's work to do. */
    public static byte[] syntheticPhoto(int w, int h, float quality) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        paint(img, new Random(42));
        return JpegEncoder.encode(img, quality);
    }

    private static void paint(BufferedImage img, Random rnd) {
        int w = img.getWidth();
        int h = img.getHeight();
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(200, 180, 150), w, h, new Color(40, 60, 90)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
            g.fillOval(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(w / 4 + 1), rnd.nextInt(h / 4 + 1));
        }
        g.dispose();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int n = rnd.nextInt(17) - 8;
                int p = row[x];
                int r = Math.clamp(((p >> 16) & 0xFF) + n, 0, 255);
                int gr = Math.clamp(((p >> 8) & 0xFF) + n, 0, 255);
                int b = Math.clamp((p & 0xFF) + n, 0, 255);
                row[x] = (r << 16) | (gr << 8) | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
    }
}
