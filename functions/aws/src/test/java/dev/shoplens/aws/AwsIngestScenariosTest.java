package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.dynamodb.DynamoDbImageRecords;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.aws.s3.S3ImageSource;
import dev.shoplens.core.embedding.DjlEmbedder;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.testing.IngestScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

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
        String run = UUID.randomUUID().toString().substring(0, 8);
        AwsClients clients = LocalServices.clients();
        S3Client s3 = clients.s3();
        String bucket = "shoplens-test-" + run;
        s3.createBucket(b -> b.bucket(bucket));
        DynamoDbClient dynamo = clients.dynamoDb();
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(dynamo), "records-" + run);
        records.createTableIfMissing();
        DynamoDbCatalogStore catalog = new DynamoDbCatalogStore(dynamo, "products-" + run);
        catalog.createTableIfMissing();
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), "vectors-" + run,
                embedder.model().versionTag(), embedder.model().dimension(), "lucene");
        index.createIndexIfMissing();
        S3ImageSource images = new S3ImageSource(s3, bucket);
        IngestService ingest = new IngestService(new ImageDecoder(DecodeLimits.DEFAULT), embedder, index, catalog,
                images, records, Clock.systemUTC(), Duration.ofMinutes(2));
        fixture = new Parts(ingest, images, records, index::vectorsOf, LocalServices::stopOpenSearch,
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
