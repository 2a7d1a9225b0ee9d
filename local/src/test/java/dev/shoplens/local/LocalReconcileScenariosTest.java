package dev.shoplens.local;

import dev.shoplens.core.testing.ReconcileScenarios;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The reconcile run on the local mode's stores: image files, the Lucene ledger, catalog and index. */
class LocalReconcileScenariosTest extends ReconcileScenarios {
    @TempDir
    Path data;
    private LocalApplication app;

    @BeforeEach
    void start() {
        app = LocalApplication.start(LocalConfig.defaults(data));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Override
    protected Parts parts() {
        return new Parts(app.ingest(), app.images(), app.records(), app.index(), app.catalogStore(), app.embedder());
    }
}
