package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.testing.ReconcileScenarios;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The reconcile run on the AWS adapters: S3 and DynamoDB on moto_server, vectors in a local OpenSearch node. */
class AwsReconcileScenariosTest extends ReconcileScenarios {
    private static DjlEmbedder embedder;

    @BeforeAll
    static void load() {
        LocalServices.start();
        embedder = DjlEmbedder.load(Path.of("../core/src/test/resources/models/tiny"), 1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Override
    protected Parts parts() {
        LocalServices.Stores stores = LocalServices.freshStores("shoplens-reconcile");
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), "reconcile-" + stores.run(),
                embedder.model().versionTag(), embedder.model().dimension(), KnnEngine.LUCENE);
        index.createIndexIfMissing();
        IngestService ingest = new IngestService(new ImageDecoder(DecodeLimits.DEFAULT), embedder, index,
                stores.catalog(), stores.images(), stores.records(), Clock.systemUTC(), Duration.ofMinutes(2));
        return new Parts(ingest, stores.images(), stores.records(), index, stores.catalog(), embedder);
    }

    @Override
    protected Duration settle() {
        return Duration.ofSeconds(15); // OpenSearch shows writes after its refresh interval
    }
}
