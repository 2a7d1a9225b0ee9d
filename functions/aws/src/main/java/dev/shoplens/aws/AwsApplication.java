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
import dev.shoplens.core.service.ReindexService;
import dev.shoplens.core.service.SearchService;
import dev.shoplens.aws.opensearch.OpenSearchIndexGenerations;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AwsApplication.class);
    private final AwsSettings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final Embedder embedder;
    private final IngestService ingest;
    private final SearchService search;
    private final CatalogService catalog;
    private final CatalogStore products;

    private final ReindexService reindex;

    private AwsApplication(AwsSettings settings, S3Client s3, S3Presigner presigner, Embedder embedder,
                           IngestService ingest, SearchService search, CatalogService catalog, CatalogStore products,
                           ReindexService reindex) {
        this.settings = settings;
        this.reindex = reindex;
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
        return start(settings, createMissing, false);
    }

    /**
     * @param reindexing true for the re-index job: it fills this model's index beside the live one instead
     *                   of requiring it to be live
     */
    public static AwsApplication start(AwsSettings settings, boolean createMissing, boolean reindexing) {
        AwsClients clients = new AwsClients(settings.region(), settings.awsEndpoint());
        S3Client s3 = clients.s3();
        DynamoDbClient dynamo = clients.dynamoDb();
        // Embedding runs here (DJL, on a GPU when the engine sees one) or on a remote model server: configuration.
        Embedder embedder = embedder(settings);
        OpenSearchClient openSearch = settings.serverless()
                ? clients.openSearchServerless(settings.openSearchUrl().getHost())
                : AwsClients.openSearchLocal(settings.openSearchUrl());
        String model = embedder.model().versionTag();
        OpenSearchIndexGenerations generations = new OpenSearchIndexGenerations(openSearch, settings.vectorIndex());
        if (reindexing && generations.wasLive(model) && generations.live().filter(model::equals).isEmpty()) {
            generations.discard(model); // a way back: the old index missed the changes made since it was left
        }
        OpenSearchVectorIndex index = new OpenSearchVectorIndex(openSearch,
                OpenSearchVectorIndex.indexName(settings.vectorIndex(), model), model, embedder.model().dimension(),
                settings.knnEngine());
        DynamoDbCatalogStore products = new DynamoDbCatalogStore(dynamo, settings.productsTable());
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(dynamo),
                settings.imageRecordsTable());
        index.createIndexIfMissing();
        checkGeneration(generations, model, reindexing);
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
                new CatalogService(products, images, settings.limits().maxBytes()), products,
                new ReindexService(decoder, embedder, index, products, images, records, generations, Clock.systemUTC()));
    }

    /** The model in this process (DJL), on a model server over HTTP, or on a SageMaker endpoint: configuration. */
    private static Embedder embedder(AwsSettings settings) {
        if (settings.embedderUrl() == null) {
            return DjlEmbedder.load(settings.modelDir(), 1);
        }
        var manifest = ModelManifestReader.read(settings.modelDir());
        if (settings.sageMakerEndpoint() != null) {
            return RemoteEmbedder.connect(manifest, new dev.shoplens.aws.sagemaker.SageMakerEndpointTransport(
                    settings.sageMakerEndpoint(), settings.region(),
                    software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build(),
                    settings.awsEndpoint()));
        }
        return RemoteEmbedder.connect(manifest, settings.embedderUrl());
    }

    /**
     * A function answers only from a complete index of its own model: the live one, or (while a new model
     * is rolled out) the one that was live before. A model whose index is still being filled must wait.
     */
    private static void checkGeneration(OpenSearchIndexGenerations generations, String model, boolean reindexing) {
        java.util.Optional<String> live = generations.live();
        if (live.isEmpty()) {
            generations.promote(model); // the first deployment: its index is the live one
        } else if (!live.get().equals(model) && !reindexing) {
            if (!generations.wasLive(model)) {
                throw new IllegalStateException("the live vector index is for model " + live.get() + "; this "
                        + "function runs " + model + ", whose index is not complete. Run the re-index job with "
                        + model + " (dev.shoplens.aws.ReindexJob) before deploying it.");
            }
            LOG.warn("the live vector index is for model {}; this function still runs {} and answers from that "
                    + "model's former index until it is deployed with the new model", live.get(), model);
        }
    }

    /** Moves the catalog to this application's model (the re-index job). */
    public ReindexService reindex() {
        return reindex;
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
