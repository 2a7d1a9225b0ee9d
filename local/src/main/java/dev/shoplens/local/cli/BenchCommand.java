package dev.shoplens.local.cli;

import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.JpegEncoder;
import dev.shoplens.local.app.LocalApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code shoplens bench}: prints this machine's figures for decoding, embedding, searching and starting.
 * Every figure is a median (or percentile) of repeated runs after a warm-up, with its conditions.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure decode, embed and search times and the time from start to first answer.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--sample-catalog", description = "Catalog folder to index first when the catalog is empty.")
    Path sampleCatalog;

    @Option(names = "--queries", description = "Folder of query photos (default: the catalog's own images).")
    Path queries;

    @Option(names = "--searches", defaultValue = "200", description = "Searches to time. Default: ${DEFAULT-VALUE}")
    int searches;

    @Override
    public Integer call() {
        double jvmBoot = ManagementFactory.getRuntimeMXBean().getUptime(); // JVM start to this line, in ms
        long appStart = System.nanoTime();
        LocalApplication app = LocalApplication.start(data.config());
        long appReady = System.nanoTime();
        try (app) {
            if (app.catalogService().productCount() == 0) {
                if (sampleCatalog == null) {
                    throw new IllegalArgumentException("the catalog in " + data.dataDir
                            + " is empty: pass --sample-catalog FOLDER");
                }
                IndexCommand.importFolder(app, sampleCatalog, System.out);
            }
            List<byte[]> photos = loadPhotos(queries != null ? queries : sampleCatalog);
            long firstStart = System.nanoTime();
            app.search().search(new SearchRequest(photos.getFirst(), 10));
            long firstDone = System.nanoTime();

            System.out.printf(Locale.ROOT, "ShopLens benchmark: %d CPU cores, Java %s, %s %s, model %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    System.getProperty("os.name"), System.getProperty("os.arch"), app.embedder().model().versionTag());
            decodeFigures(app);
            embedFigures(app);
            searchFigures(app, photos);
            System.out.printf(Locale.ROOT, "start to first answered search: %.0f ms (JVM boot %.0f ms + model and "
                            + "index load %.0f ms + first search %.0f ms; catalog of %d products, %d images)%n",
                    Math.max(0, jvmBoot) + (appReady - appStart) / 1e6 + (firstDone - firstStart) / 1e6,
                    Math.max(0, jvmBoot), (appReady - appStart) / 1e6, (firstDone - firstStart) / 1e6,
                    app.catalogService().productCount(), app.imageCount());
        }
        return 0;
    }

    private void decodeFigures(LocalApplication app) {
        ImageDecoder decoder = new ImageDecoder(data.config().limits());
        int side = Math.min(app.embedder().model().inputWidth(), app.embedder().model().inputHeight());
        for (int[] size : new int[][]{{4000, 3000}, {1224, 816}}) {
            byte[] jpeg = syntheticJpeg(size[0], size[1]);
            double reduced = medianMillis(7, () -> decoder.decode(jpeg, side));
            double full = medianMillis(5, () -> decoder.decode(jpeg, 0));
            System.out.printf(Locale.ROOT, "decode %.1f MP JPEG (%d KB): %.1f ms at reduced scale for a %d px model, "
                            + "%.1f ms full size (%.1fx)%n", size[0] * size[1] / 1e6, jpeg.length / 1024, reduced,
                    side, full, full / reduced);
        }
    }

    private static void embedFigures(LocalApplication app) {
        var model = app.embedder().model();
        BufferedImage img = new BufferedImage(model.inputWidth() * 2, model.inputHeight() * 2,
                BufferedImage.TYPE_INT_RGB);
        paint(img, new Random(1));
        for (int batch : new int[]{1, 8}) {
            List<BufferedImage> images = Collections.nCopies(batch, img);
            double ms = medianMillis(15, () -> app.embedder().embed(images));
            System.out.printf(Locale.ROOT, "embed batch %d: %.1f ms per call, %.1f ms per image%n", batch, ms,
                    ms / batch);
        }
    }

    private void searchFigures(LocalApplication app, List<byte[]> photos) {
        long[] total = new long[searches];
        long[] ann = new long[searches];
        for (int i = 0; i < Math.min(20, searches); i++) {
            app.search().search(new SearchRequest(photos.get(i % photos.size()), 10));
        }
        for (int i = 0; i < searches; i++) {
            long t = System.nanoTime();
            SearchResult r = app.search().search(new SearchRequest(photos.get(i % photos.size()), 10));
            total[i] = System.nanoTime() - t;
            ann[i] = r.searchMillis();
        }
        Arrays.sort(total);
        Arrays.sort(ann);
        System.out.printf(Locale.ROOT, "search (decode + embed + HNSW + catalog, k=10) over %d searches: "
                        + "p50 %.1f ms, p99 %.1f ms; of which index and catalog p50 %d ms, p99 %d ms%n", searches,
                total[searches / 2] / 1e6, total[(int) Math.ceil(searches * 0.99) - 1] / 1e6, ann[searches / 2],
                ann[(int) Math.ceil(searches * 0.99) - 1]);
    }

    private static List<byte[]> loadPhotos(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("pass --queries or --sample-catalog: the benchmark needs photos");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.filter(Files::isRegularFile).filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp|gif)$"))
                    .sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no images under " + folder);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double medianMillis(int runs, Runnable work) {
        work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /** A photo-like test image: gradients, shapes and sensor-like noise, so JPEG has real work to do. */
    static byte[] syntheticJpeg(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        paint(img, new Random(42));
        return JpegEncoder.encode(img, 0.9f);
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
