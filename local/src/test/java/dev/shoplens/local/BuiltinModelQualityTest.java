package dev.shoplens.local;

import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.local.app.LocalApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in model on the sample catalog, through the real ingest and search path: re-encoded catalog
 * photos must come back first; synthetic shopper photos of products it never trained on are measured.
 */
class BuiltinModelQualityTest {
    @TempDir
    static Path data;
    private static LocalApplication app;

    @BeforeAll
    static void index() {
        app = SampleCatalog.indexedApplication(data);
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static List<Path> productFolders() throws Exception {
        try (Stream<Path> dirs = Files.list(SampleCatalog.FOLDER)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String top(byte[] photo, int k, int rank) {
        List<ProductMatch> matches = app.search().search(new SearchRequest(photo, k)).matches();
        return matches.size() > rank ? matches.get(rank).productId().value() : "";
    }

    @Test
    void everyReencodedAndResizedCatalogPhotoFindsItsProductFirst() throws Exception {
        List<Path> products = productFolders();
        assertThat(products).hasSizeGreaterThanOrEqualTo(40);
        for (Path product : products) {
            BufferedImage original = ImageIO.read(product.resolve("front.jpg").toFile());
            BufferedImage smaller = new BufferedImage(original.getWidth() * 2 / 3, original.getHeight() * 2 / 3,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = smaller.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(original, 0, 0, smaller.getWidth(), smaller.getHeight(), null);
            g.dispose();
            byte[] reencoded = TestImages.jpeg(smaller, 0.5f);
            assertThat(top(reencoded, 1, 0)).as("re-encoded %s", product.getFileName())
                    .isEqualTo(product.getFileName().toString());
        }
    }

    @Test
    void findsProductsFromShopperPhotos() throws Exception {
        List<String> lines = Files.readAllLines(SampleCatalog.QUERIES.resolve("truth.csv"));
        int queries = 0;
        int at1 = 0;
        int at10 = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split(",");
            byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve(cols[0]));
            List<ProductMatch> matches = app.search().search(new SearchRequest(photo, 10)).matches();
            List<String> ids = matches.stream().map(m -> m.productId().value()).toList();
            queries++;
            at1 += !ids.isEmpty() && ids.getFirst().equals(cols[1]) ? 1 : 0;
            at10 += ids.contains(cols[1]) ? 1 : 0;
        }
        double recall1 = at1 / (double) queries;
        double recall10 = at10 / (double) queries;
        System.out.printf("built-in model on %d sample shopper photos (56-product catalog): recall@1 %.3f, recall@10 %.3f%n",
                queries, recall1, recall10);
        assertThat(recall10).isGreaterThanOrEqualTo(0.8);
        assertThat(recall1).isGreaterThanOrEqualTo(0.5);
    }
}
