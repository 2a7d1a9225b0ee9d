package dev.shoplens.local.cli;

import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import tool on the three kinds of source, its dry run, its failures and its resuming after an interruption. */
class CatalogImporterTest {
    @TempDir
    Path catalog;
    @TempDir
    Path data;

    @Test
    void importsAFolderWithItsCsvAndReportsWhatFailed() throws Exception {
        Files.createDirectories(catalog.resolve("mug-1"));
        Files.createDirectories(catalog.resolve("lamp-2"));
        Files.write(catalog.resolve("mug-1/a.png"), TestImages.encode(TestImages.blocks(80, 80, 1), "png"));
        Files.write(catalog.resolve("mug-1/b.jpg"), TestImages.jpeg(TestImages.blocks(80, 80, 2), 0.9f));
        Files.write(catalog.resolve("lamp-2/a.jpg"), TestImages.jpeg(TestImages.blocks(80, 80, 3), 0.9f));
        Files.write(catalog.resolve("lamp-2/broken.jpg"), "not really a jpeg".getBytes());
        Files.writeString(catalog.resolve("lamp-2/notes.txt"), "hello");
        Files.writeString(catalog.resolve("products.csv"), "id,name,colour\nmug-1,Blue mug,blue\nlamp-2,Desk lamp,\n");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            CatalogImporter.Summary summary = ImportCommand.importFolder(app, catalog,
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            assertThat(summary.indexed()).isEqualTo(3);
            assertThat(summary.products()).isEqualTo(2);
            assertThat(summary.failed()).isEqualTo(1);
            assertThat(summary.skipped()).isEqualTo(1);
            assertThat(summary.problems()).anySatisfy(p -> assertThat(p).contains("broken.jpg").contains("not a JPEG"));
            var mug = app.catalogService().product(ProductId.of("mug-1"));
            assertThat(mug.name()).isEqualTo("Blue mug");
            assertThat(mug.attributes()).containsEntry("colour", "blue");
            assertThat(mug.images()).hasSize(2);
            assertThat(app.catalogService().product(ProductId.of("lamp-2")).attributes()).doesNotContainKey("colour");
        }
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Imported 3 images of 2 products").contains("1 failed, 1 entries skipped");
    }

    @Test
    void aCsvWithoutIdColumnIsRefusedBeforeAnythingIsIndexed() throws Exception {
        Files.createDirectories(catalog.resolve("p1"));
        Files.write(catalog.resolve("p1/a.png"), TestImages.encode(TestImages.blocks(40, 40, 1), "png"));
        Files.writeString(catalog.resolve("products.csv"), "sku,name\np1,Thing\n");
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThatThrownBy(() -> CatalogImporter.of(app).plan(catalog))
                    .hasMessageContaining("needs a header row with the columns [id]");
            assertThat(app.catalogService().productCount()).isZero();
        }
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThatThrownBy(() -> CatalogImporter.of(app).plan(catalog.resolve("absent")))
                    .hasMessageContaining("neither a catalog folder");
        }
    }

    private static String run(LocalApplication app, Path source, boolean dryRun) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ImportCommand.importCatalog(app, source, new PrintStream(console, true, StandardCharsets.UTF_8), dryRun);
        return console.toString(StandardCharsets.UTF_8);
    }

    /** A CSV manifest with attributes, two images in one cell, an image behind an http URL, and a bad row. */
    @Test
    void importsACsvManifestWithFilesAndUrlsAndNamesTheBadRow() throws Exception {
        Files.write(catalog.resolve("a.png"), TestImages.encode(TestImages.blocks(80, 80, 11), "png"));
        Files.write(catalog.resolve("b.jpg"), TestImages.jpeg(TestImages.blocks(80, 80, 12), 0.9f));
        byte[] remote = TestImages.jpeg(TestImages.blocks(80, 80, 13), 0.9f);
        com.sun.net.httpserver.HttpServer images = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        images.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/shop/c.jpg");
            exchange.sendResponseHeaders(found ? 200 : 404, found ? remote.length : -1);
            if (found) {
                exchange.getResponseBody().write(remote);
            }
            exchange.close();
        });
        images.start();
        try {
            String base = "http://127.0.0.1:" + images.getAddress().getPort();
            Files.writeString(catalog.resolve("catalog.csv"), "id,name,image,colour,price\n"
                    + "mug-1,Blue mug,a.png|b.jpg,blue,12.50\n"
                    + "lamp-2,Desk lamp," + base + "/shop/c.jpg,,30\n"
                    + "bad id!,Broken,a.png,,\n"
                    + "vase-3,Vase," + base + "/shop/missing.jpg,,\n");
            try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
                String printed = run(app, catalog.resolve("catalog.csv"), false);
                assertThat(printed).contains("Imported 3 images of 2 products").contains("1 failed, 1 entries skipped")
                        .contains("catalog.csv line 4").contains("catalog.csv line 5").contains("HTTP 404");
                var mug = app.catalogService().product(ProductId.of("mug-1"));
                assertThat(mug.images()).hasSize(2);
                assertThat(mug.attributes()).containsEntry("colour", "blue").containsEntry("price", "12.50");
                assertThat(app.catalogService().product(ProductId.of("lamp-2")).images()).hasSize(1);
            }
        } finally {
            images.stop(0);
        }
    }

    @Test
    void importsAJsonLinesManifestAndNamesTheLineThatIsNoProduct() throws Exception {
        Files.createDirectories(catalog.resolve("pics"));
        Files.write(catalog.resolve("pics/a.png"), TestImages.encode(TestImages.blocks(80, 80, 21), "png"));
        Files.write(catalog.resolve("pics/b.png"), TestImages.encode(TestImages.blocks(80, 80, 22), "png"));
        Files.writeString(catalog.resolve("catalog.jsonl"), """
                {"id": "kettle-9", "name": "Kettle", "attributes": {"Category": "kitchen"}, "images": ["pics/a.png", "pics/b.png"]}

                {"id": "kettle-10", "name": "Kettle", "images": "pics/a.png"}
                not json at all
                """);
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            String printed = run(app, catalog.resolve("catalog.jsonl"), false);
            assertThat(printed).contains("Imported 2 images of 1 products").contains("2 entries skipped")
                    .contains("catalog.jsonl line 3").contains("catalog.jsonl line 4: not a JSON object");
            assertThat(app.catalogService().product(ProductId.of("kettle-9")).attributes()).containsEntry("category", "kitchen");
        }
    }

    /** A dry run reads and checks everything and stores nothing; a second real run embeds nothing again. */
    @Test
    void aDryRunChangesNothingAndASecondImportSkipsWhatIsIndexed() throws Exception {
        Files.createDirectories(catalog.resolve("mug-1"));
        Files.write(catalog.resolve("mug-1/a.png"), TestImages.encode(TestImages.blocks(80, 80, 1), "png"));
        Files.write(catalog.resolve("mug-1/broken.jpg"), "not really a jpeg".getBytes());
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThat(run(app, catalog, true)).contains("Would import 1 images of 1 products")
                    .contains("1 failed").contains("broken.jpg");
            assertThat(app.catalogService().productCount()).isZero();
            assertThat(app.imageCount()).isZero();
            assertThat(run(app, catalog, false)).contains("Imported 1 images").contains("0 already indexed");
            assertThat(run(app, catalog, false)).contains("Imported 0 images").contains("1 already indexed (skipped)");
            assertThat(app.imageCount()).isEqualTo(1);
        }
    }

    /**
     * A real interruption: the import runs in a JVM of its own, which is killed once it has indexed a part of
     * the catalog; run again, the import skips what the first run indexed and ends with every image indexed once.
     */
    @Test
    void anImportKilledHalfwayResumesWhereItStopped() throws Exception {
        int images = 96;
        for (int i = 0; i < images; i++) {
            Path product = Files.createDirectories(catalog.resolve("item-" + i));
            Files.write(product.resolve("a.jpg"), TestImages.jpeg(TestImages.blocks(160, 160, 1000 + i), 0.9f));
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ShopLensCommand.class.getName(), "import", catalog.toString(), "--data", data.toString());
        Process first = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        java.util.regex.Pattern done = java.util.regex.Pattern.compile("(\\d+)/" + images);
        int before = 0;
        try (var out = new java.io.InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[256];
            int n;
            while ((n = out.read(buffer)) > 0) {
                seen.append(buffer, 0, n);
                java.util.regex.Matcher m = done.matcher(seen);
                int last = 0;
                while (m.find()) {
                    last = Integer.parseInt(m.group(1));
                }
                if (last >= 32) {
                    before = last;
                    first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
                    break;
                }
            }
        }
        first.waitFor();
        assertThat(before).as("the first run's progress before it was killed:%n%s", seen).isBetween(32, images - 1);

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            CatalogImporter.Summary second = ImportCommand.importCatalog(app, catalog,
                    new PrintStream(console, true, StandardCharsets.UTF_8), false);
            System.out.printf("import killed after %d of %d images; the second run skipped %d and indexed %d%n%s",
                    before, images, second.alreadyIndexed(), second.indexed(), console.toString(StandardCharsets.UTF_8));
            assertThat(second.failed()).isZero();
            if (second.interrupted() > 0) { // the kill landed inside a batch, not between two
                assertThat(console.toString(StandardCharsets.UTF_8)).contains("left half-done by an interrupted run")
                        .contains("0 repairs failed");
            }
            assertThat(second.alreadyIndexed()).isGreaterThanOrEqualTo(before);
            assertThat(second.alreadyIndexed() + second.indexed()).isEqualTo(images);
            assertThat(app.imageCount()).isEqualTo(images);
            assertThat(app.index().size()).isEqualTo(images);
        }
    }
}
