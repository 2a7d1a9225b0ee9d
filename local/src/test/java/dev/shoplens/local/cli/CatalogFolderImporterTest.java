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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogFolderImporterTest {
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
            CatalogFolderImporter.Summary summary = IndexCommand.importFolder(app, catalog,
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
        assertThat(printed).contains("Indexed 3 images of 2 products").contains("1 failed, 1 files skipped");
    }

    @Test
    void aCsvWithoutIdColumnIsRefusedBeforeAnythingIsIndexed() throws Exception {
        Files.createDirectories(catalog.resolve("p1"));
        Files.write(catalog.resolve("p1/a.png"), TestImages.encode(TestImages.blocks(40, 40, 1), "png"));
        Files.writeString(catalog.resolve("products.csv"), "sku,name\np1,Thing\n");
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThatThrownBy(() -> new CatalogFolderImporter(app.uploads()).plan(catalog))
                    .hasMessageContaining("'id' column");
            assertThat(app.catalogService().productCount()).isZero();
        }
    }

    @Test
    void aMissingFolderIsNamed() throws Exception {
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThatThrownBy(() -> new CatalogFolderImporter(app.uploads()).plan(catalog.resolve("absent")))
                    .hasMessageContaining("is not a folder");
        }
    }
}
