package dev.shoplens.local;

import dev.shoplens.core.testing.IngestScenarios;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The ingest scenarios on the local mode's real stores (Lucene index and ledger, image files). The index
 * is embedded in the process, so the outage scenario does not apply here.
 */
class LocalIngestScenariosTest extends IngestScenarios {
    @TempDir
    Path data;
    private LocalApplication app;
    private Fixture fixture;

    @BeforeEach
    void start() {
        app = LocalApplication.start(LocalConfig.defaults(data));
        fixture = new Parts(app.ingest(), app.images(), app.records(), app.index()::vectorCount, null, null);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Override
    protected Fixture fixture() {
        return fixture;
    }
}
