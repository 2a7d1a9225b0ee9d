package dev.shoplens.local;

import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import dev.shoplens.local.cli.CatalogImporter;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample catalog checked in under local/, indexed once into a data directory for a test class. */
public final class SampleCatalog {
    public static final Path FOLDER = Path.of("sample-catalog");
    public static final Path QUERIES = Path.of("sample-queries");

    private SampleCatalog() {
    }

    public static LocalApplication indexedApplication(Path dataDir) {
        if (!Files.isDirectory(FOLDER)) {
            throw new IllegalStateException("run the tests from the local/ module folder (Maven does): "
                    + FOLDER.toAbsolutePath() + " is missing");
        }
        LocalApplication app = LocalApplication.start(LocalConfig.defaults(dataDir));
        CatalogImporter importer = CatalogImporter.of(app);
        CatalogImporter.Summary summary = importer.run(importer.plan(FOLDER), n -> { });
        if (summary.failed() > 0) {
            throw new IllegalStateException("sample catalog failed to index: " + summary.problems());
        }
        return app;
    }
}
