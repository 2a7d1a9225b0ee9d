package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.testing.IngestScenarios;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The ingest scenarios on the AWS adapters against real servers: DynamoDB and S3 on moto_server,
 * vectors in a local OpenSearch node (which the outage scenario really stops and starts).
 */
class AwsIngestScenariosTest extends IngestScenarios {
    private static DjlEmbedder embedder;
    private static Fixture fixture;

    @BeforeAll
    static void wire() {
        LocalServices.start();
        embedder = DjlEmbedder.load(Path.of("../../layers/model/builtin"), 2);
        LocalServices.Stores stores = LocalServices.freshStores("shoplens-test");
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), "vectors-" + stores.run(),
                embedder.model().versionTag(), embedder.model().dimension(), KnnEngine.LUCENE);
        index.createIndexIfMissing();
        IngestService ingest = new IngestService(new ImageDecoder(DecodeLimits.DEFAULT), embedder, index,
                stores.catalog(), stores.images(), stores.records(), Clock.systemUTC(), Duration.ofMinutes(2));
        fixture = new Parts(ingest, stores.images(), stores.records(), index::vectorCount, LocalServices::stopOpenSearch,
                LocalServices::startOpenSearch);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Override
    protected Fixture fixture() {
        return fixture;
    }

    @Override
    protected Duration settle() {
        return Duration.ofSeconds(15); // OpenSearch shows writes after its refresh interval
    }
}
