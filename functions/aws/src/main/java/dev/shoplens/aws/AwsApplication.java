package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.dynamodb.DynamoDbImageRecords;
import dev.shoplens.aws.opensearch.OpenSearchIndexGenerations;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.aws.s3.PresignedImageUrls;
import dev.shoplens.aws.s3.S3ImageStore;
import dev.shoplens.aws.sagemaker.SageMakerEndpointTransport;
import dev.shoplens.core.api.CatalogApi;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.embedding.ModelEngines;
import dev.shoplens.core.embedding.remote.RemoteEmbedder;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.IndexStartupPolicy;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.ProductEditService;
import dev.shoplens.core.service.ReconcileService;
import dev.shoplens.core.service.ReindexService;
import dev.shoplens.core.service.SearchService;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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
    private final AwsClients clients;
    private final Embedder embedder;
    private final IngestService ingest;
    private final SearchService search;
    private final CatalogService catalog;
    private final CatalogStore products;

    private final ReindexService reindex;
    private final ReconcileService reconcile;

    private AwsApplication(AwsSettings settings, AwsClients clients, Embedder embedder,
                           IngestService ingest, SearchService search, CatalogService catalog, CatalogStore products,
                           ReindexService reindex, ReconcileService reconcile) {
        this.reconcile = reconcile;
        this.settings = settings;
        this.reindex = reindex;
        this.clients = clients;
        this.embedder = embedder;
        this.ingest = ingest;
        this.search = search;
        this.catalog = catalog;
        this.products = products;
    }

    /**
     * Builds everything from the settings.
     *
     * @param role          what this process does with its model's index, which decides the indexes it may
     *                      open ({@link IndexStartupPolicy})
     * @param createMissing creates the tables and the vector index where they are absent (local runs: in AWS the
     *                      template does)
     */
    public static AwsApplication start(AwsSettings settings, IndexStartupPolicy.Role role, boolean createMissing) {
        AwsClients clients = AwsClients.of(settings);
        // Embedding runs here (DJL, on a GPU when the engine sees one) or on a remote model server: configuration.
        Embedder embedder = embedder(settings);
        String model = embedder.model().versionTag();
        OpenSearchIndexGenerations generations = new OpenSearchIndexGenerations(clients.openSearch(),
                settings.vectorIndex());
        OpenSearchVectorIndex index = openIndex(settings, clients, generations, model, embedder.model().dimension(),
                role, createMissing);
        DynamoDbCatalogStore products = new DynamoDbCatalogStore(clients.dynamoDb(), settings.productsTable());
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(),
                settings.imageRecordsTable());
        if (createMissing) {
            products.createTableIfMissing();
            records.createTableIfMissing();
        }
        S3ImageStore images = new S3ImageStore(clients.s3(), settings.imageBucket());
        ImageDecoder decoder = new ImageDecoder(settings.limits());
        // The lease outlasts one Lambda invocation's work on an image, and is shorter than the queue's
        // visibility timeout, so a redelivery after a crash can take the image over.
        IngestService ingest = new IngestService(decoder, embedder, index, products, images, records,
                Clock.systemUTC(), Duration.ofMinutes(2));
        // Only searches look for the items of a photo: the other functions do not load the finder's model (local
        // runs, which create what is missing, hold every function in one process).
        ObjectFinder finder = (role == IndexStartupPolicy.Role.SEARCH || createMissing) && settings.objectFinderDir() != null
                ? ModelEngines.loadObjectFinder(settings.objectFinderDir()) : ObjectFinder.heuristic();
        return new AwsApplication(settings, clients, embedder, ingest,
                new SearchService(decoder, embedder, index, products, finder),
                new CatalogService(products, images, records, settings.limits().maxBytes()), products,
                new ReindexService(decoder, embedder, index, products, images, records, generations, Clock.systemUTC()),
                new ReconcileService(images, records, index, products, ingest, Clock.systemUTC()));
    }

    /** Opens {@code model}'s vector index as {@code role} may ({@link IndexStartupPolicy}), preparing it. */
    private static OpenSearchVectorIndex openIndex(AwsSettings settings, AwsClients clients,
                                                   OpenSearchIndexGenerations generations, String model, int dimension,
                                                   IndexStartupPolicy.Role role, boolean createMissing) {
        OpenSearchVectorIndex.DIMENSION_LIMIT.admit(model, dimension);
        return new IndexStartupPolicy(generations, "Run the re-index job with " + model
                + " (ReindexJob) before deploying it").open(model, role, () -> {
                    OpenSearchVectorIndex opened = new OpenSearchVectorIndex(clients.openSearch(),
                            OpenSearchVectorIndex.indexName(settings.vectorIndex(), model), model, dimension,
                            settings.knnEngine());
                    prepare(opened, role, createMissing);
                    return opened;
                });
    }

    /**
     * The catalog function's routes, without loading a model: the manifest names the model whose index is
     * live, and edits write only to the live index (as ingest does). Deleting an image deletes its object;
     * the bucket's notification has ingest remove the vector, as for any deletion in S3.
     */
    public static CatalogApi merchantApi(AwsSettings settings, AwsClients clients) {
        ModelManifest model = ModelManifestReader.read(settings.modelDir());
        OpenSearchVectorIndex index = openIndex(settings, clients, new OpenSearchIndexGenerations(clients.openSearch(),
                settings.vectorIndex()), model.versionTag(), model.outputDimension(), IndexStartupPolicy.Role.EDIT,
                false);
        DynamoDbCatalogStore products = new DynamoDbCatalogStore(clients.dynamoDb(), settings.productsTable());
        DynamoDbImageRecords records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(), settings.imageRecordsTable());
        S3ImageStore images = new S3ImageStore(clients.s3(), settings.imageBucket());
        return new CatalogApi(new ProductEditService(products, records, index, Clock.systemUTC()),
                new CatalogService(products, images, records, settings.limits().maxBytes()), key -> {
                    if (!images.exists(key)) {
                        throw new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no catalog image under '" + key + "'");
                    }
                    images.delete(key);
                    return "DELETED";
                }, PresignedImageUrls.of(clients.presigner(), settings.imageBucket()));
    }

    /**
     * In AWS the template declares the index (VectorIndex) and each role does no more to it than its data
     * access policy allows: the re-index job creates its model's index, ingest completes the mapping that
     * CloudFormation cannot declare, search only checks.
     */
    private static void prepare(OpenSearchVectorIndex index, IndexStartupPolicy.Role role, boolean createMissing) {
        if (createMissing || role == IndexStartupPolicy.Role.REINDEX) {
            index.createIndexIfMissing();
        } else if (role == IndexStartupPolicy.Role.INGEST) {
            index.completeDeclaredIndex();
        } else {
            index.checkDeclaredIndex();
        }
    }

    /** The model in this process (DJL), on a model server over HTTP, or on a SageMaker endpoint: configuration. */
    private static Embedder embedder(AwsSettings settings) {
        if (settings.embedderUrl() == null) {
            return ModelEngines.load(settings.modelDir(), 1);
        }
        var manifest = ModelManifestReader.read(settings.modelDir());
        if (settings.sageMakerEndpoint() != null) {
            return RemoteEmbedder.connect(manifest, new SageMakerEndpointTransport(settings.sageMakerEndpoint(),
                    settings.region(), DefaultCredentialsProvider.builder().build(), settings.awsEndpoint()));
        }
        return RemoteEmbedder.connect(manifest, settings.embedderUrl());
    }

    /** Compares stored images, image records, index and catalog, and repairs what disagrees. */
    public ReconcileService reconcile() {
        return reconcile;
    }

    /** Moves the catalog to this application's model (the re-index job). */
    public ReindexService reindex() {
        return reindex;
    }

    public AwsSettings settings() {
        return settings;
    }

    /** The process's AWS clients, each built once. */
    public AwsClients clients() {
        return clients;
    }

    public S3Client s3() {
        return clients.s3();
    }

    public S3Presigner presigner() {
        return clients.presigner();
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

    public CatalogService catalogService() {
        return catalog;
    }

    /** Where product details are written (merchant tools, tests); searches go through the services. */
    public CatalogStore catalogStore() {
        return products;
    }

    @Override
    public void close() {
        embedder.close();
        search.close();
        clients.close();
    }
}
