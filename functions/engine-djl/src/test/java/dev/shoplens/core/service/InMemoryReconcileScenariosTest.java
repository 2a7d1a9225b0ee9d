package dev.shoplens.core.service;

import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.ReconcileScenarios;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;

/** The reconcile run on the in-memory reference stores. */
class InMemoryReconcileScenariosTest extends ReconcileScenarios {
    private static DjlEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = DjlEmbedder.load(TestImages.tinyModel(), 1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Override
    protected Parts parts() {
        var index = new InMemoryPorts.ExactIndex();
        var catalog = new InMemoryPorts.Catalog();
        var images = new InMemoryPorts.Images();
        var records = new InMemoryPorts.Records();
        IngestService ingest = new IngestService(new ImageDecoder(DecodeLimits.DEFAULT), embedder, index, catalog,
                images, records, Clock.systemUTC(), Duration.ofMinutes(2));
        return new Parts(ingest, images, records, index, catalog, embedder);
    }
}
