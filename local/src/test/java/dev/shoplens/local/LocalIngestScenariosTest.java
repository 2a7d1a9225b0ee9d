package dev.shoplens.local;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageSource;
import dev.shoplens.core.service.IngestService;
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
        fixture = new Fixture() {
            public IngestService ingest() {
                return app.ingest();
            }

            public ImageSource images() {
                return app.images();
            }

            public ImageRecords records() {
                return app.records();
            }

            public long vectorsOf(ImageKey key) {
                return app.index().vectorsOf(key);
            }

            public boolean canStopVectorStore() {
                return false;
            }

            public void stopVectorStore() {
                throw new UnsupportedOperationException();
            }

            public void startVectorStore() {
                throw new UnsupportedOperationException();
            }
        };
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
