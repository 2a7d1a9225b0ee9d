package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.dynamodb.DynamoDbImageRecords;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.aws.s3.S3ImageSource;
import dev.shoplens.core.embedding.DjlEmbedder;
import dev.shoplens.core.embedding.RemoteEmbedder;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.SearchService;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.time.Duration;

/**
 * The functions' composition root: the core services over the AWS adapters, built once per Lambda
 * container (or once per local process). Each function takes the services it needs.
 */
public final class AwsApplication implements AutoCloseable {
    private final AwsSettings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final Embedder embedder;
    private final IngestService ingest;
    private final SearchService search;
    private final CatalogService catalog;
    private final CatalogStore products;

    private AwsApplication(AwsSettings settings, S3Client s3, S3Presigner presigner, Embedder embedder,
                           IngestService ingest, SearchService search, CatalogService catalog, CatalogStore products) {
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
        this.embedder = embedder;
        this.ingest = ingest;
        this.search = search;
        this.catalog = catalog;
        this.products = products;
    }

    /**
     * Builds everything from the settings; {@code createMissing} creates tables and the vector index where
     * they are absent (local runs: in AWS the template creates them).
     */
    public static AwsApplication start(AwsSettings settings, boolean createMissing) {
        AwsClients clients = new AwsClients(settings.region(), settings.awsEndpoint());
        S3Client s3 = clients.s3();
        DynamoDbClient dynamo = clients.dynamoDb();
        // Embedding runs here (DJL, on a GPU when the engine sees one) or on a remote model server: configuration.
        Embedder embedder = settings.embedderUrl() == null ? DjlEmbedder.load(settings.modelDir(), 1)
                : RemoteEmbedder.connect(ModelManifestReader.read(settings.modelDir()), settings.embedderUrl());
        OpenSearchClient openSearch = settings.serverless()
                ? clients.openSearchServerless(settings.openSearchUrl().getHost())
                : AwsClients.openSearchLocal(settings.openSearchUrl());
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(openSearch, settings.vectorIndex(),
                embedder.model().versionTag(), embedder.model().dimension(), settings.knnEngine());
        DynamoDbCatalogStore products = new DynamoDbCatalogStore(dynamo, settings.productsTable());
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(dynamo),
                settings.imageRecordsTable());
        index.createIndexIfMissing();
        if (createMissing) {
            products.createTableIfMissing();
            records.createTableIfMissing();
        }
        S3ImageSource images = new S3ImageSource(s3, settings.imageBucket());
        ImageDecoder decoder = new ImageDecoder(settings.limits());
        // The lease outlasts one Lambda invocation's work on an image, and is shorter than the queue's
        // visibility timeout, so a redelivery after a crash can take the image over.
        IngestService ingest = new IngestService(decoder, embedder, index, products, images, records,
                Clock.systemUTC(), Duration.ofMinutes(2));
        return new AwsApplication(settings, s3, clients.presigner(), embedder, ingest, new SearchService(decoder, embedder, index, products),
                new CatalogService(products, images, settings.limits().maxBytes()), products);
    }

    public AwsSettings settings() {
        return settings;
    }

    public S3Client s3() {
        return s3;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    public Embedder embedder() {
        return embedder;
    }

    public IngestService ingest() {
        return ingest;
    }

    public SearchService search() {
        return search;
    }

    public CatalogService catalog() {
        return catalog;
    }

    /** Where product details are written (merchant tools, tests); searches go through the services. */
    public CatalogStore products() {
        return products;
    }

    @Override
    public void close() {
        embedder.close();
        presigner.close();
        s3.close();
    }
}
