package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.dynamodb.DynamoDbImageRecords;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.aws.s3.S3ImageSource;
import dev.shoplens.core.embedding.DjlEmbedder;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.testing.SearchScenarios;
import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The query features on the AWS adapters against real servers: the k-NN filters, terms, ranges and
 * boolean trees run inside a local OpenSearch node; catalog and ledger in DynamoDB and images in S3 on
 * moto_server.
 */
class AwsSearchScenariosTest extends SearchScenarios {
    private final DjlEmbedder embedder = DjlEmbedder.load(Path.of("../../layers/model/builtin"), 2);

    @AfterAll
    void close() {
        embedder.close();
    }

    @Override
    protected Stores stores() {
        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AwsClients clients = LocalServices.clients();
        S3Client s3 = clients.s3();
        String bucket = "shoplens-search-" + run;
        s3.createBucket(b -> b.bucket(bucket));
        DynamoDbClient dynamo = clients.dynamoDb();
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(dynamo), "records-" + run);
        records.createTableIfMissing();
        DynamoDbCatalogStore catalog = new DynamoDbCatalogStore(dynamo, "products-" + run);
        catalog.createTableIfMissing();
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(LocalServices.openSearch(), "search-" + run,
                embedder.model().versionTag(), embedder.model().dimension(), "lucene");
        index.createIndexIfMissing();
        return new Stores(index, catalog, new S3ImageSource(s3, bucket), records);
    }

    @Override
    protected Embedder embedder() {
        return embedder;
    }
}
