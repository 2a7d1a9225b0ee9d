package dev.shoplens.local;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.testing.SearchScenarios;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The query features on the embedded stores: Lucene's HNSW index with its filters, catalog and ledger. */
class LocalSearchScenariosTest extends SearchScenarios {
    private final LocalApplication app;

    LocalSearchScenariosTest() {
        try {
            app = LocalApplication.start(LocalConfig.defaults(Files.createTempDirectory("search-scenarios")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Override
    protected Stores stores() {
        return new Stores(app.index(), app.catalogStore(), app.images(), app.records());
    }

    @Override
    protected Embedder embedder() {
        return app.embedder();
    }
}
