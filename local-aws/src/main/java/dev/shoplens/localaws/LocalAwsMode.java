package dev.shoplens.localaws;

import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.s3.S3UploadSigner;
import dev.shoplens.aws.sqs.DeadLetterRedrive;
import dev.shoplens.core.service.IndexStartupPolicy;
import dev.shoplens.core.service.PresignedUploadService;
import dev.shoplens.functions.catalog.CatalogHandler;
import dev.shoplens.functions.ingest.IngestFunction;
import dev.shoplens.functions.ingest.SqsIngestHandler;
import dev.shoplens.functions.search.AwsSearchApi;
import dev.shoplens.functions.search.SearchHandler;
import dev.shoplens.aws.lambda.MerchantPolicy;
import dev.shoplens.functions.uploads.UploadsHandler;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The deployed system in one JVM without Docker: the API's Lambda handler classes, unchanged, behind a
 * local API Gateway and SQS pollers, on moto_server (S3, SQS, DynamoDB) and a local OpenSearch node.
 */
public final class LocalAwsMode implements AutoCloseable {
    /** The caller passed to the handlers: a session of the merchant role, so catalog uploads work locally. */
    public static final String LOCAL_CALLER = "arn:aws:sts::000000000000:assumed-role/shoplens-merchant/local-developer";

    private final AwsApplication app;
    private final List<SqsPoller> pollers;
    private final LocalApiGateway gateway;
    private final LocalAwsStack.Queues queues;

    private LocalAwsMode(AwsApplication app, List<SqsPoller> pollers, LocalApiGateway gateway, LocalAwsStack.Queues queues) {
        this.queues = queues;
        this.app = app;
        this.pollers = pollers;
        this.gateway = gateway;
    }

    /** As in template.yaml: a received message stays hidden longer than the ingest lease. */
    public static final int VISIBILITY_SECONDS = 180;
    static final int POLLERS = 2;

    public static LocalAwsMode start(AwsSettings settings, String queueName, int port) {
        return start(settings, queueName, port, VISIBILITY_SECONDS);
    }

    public static LocalAwsMode start(AwsSettings settings, String queueName, int port, int visibilitySeconds) {
        return start(settings, queueName, port, visibilitySeconds, LocalApiGateway.Cors.NONE);
    }

    /** @param cors which page origins may call the API from a browser (the template's PageOrigins) */
    public static LocalAwsMode start(AwsSettings settings, String queueName, int port, int visibilitySeconds,
                                     LocalApiGateway.Cors cors) {
        AwsApplication app = AwsApplication.start(settings, IndexStartupPolicy.Role.INGEST, true);
        SqsClient sqs = app.clients().sqs();
        LocalAwsStack.Queues queues = LocalAwsStack.create(app.s3(), sqs, settings.imageBucket(), queueName,
                visibilitySeconds);
        // Lambda's SQS event source polls with several concurrent batches; two overlap embedding with I/O here.
        SqsIngestHandler ingest = new SqsIngestHandler(IngestFunction.of(app));
        List<SqsPoller> pollers = IntStream.range(0, POLLERS).mapToObj(i -> new SqsPoller(sqs, queues.ingest(), ingest)
                .start()).toList();
        SearchHandler search = new SearchHandler(AwsSearchApi.of(app));
        UploadsHandler uploads = new UploadsHandler(new PresignedUploadService(new S3UploadSigner(app.presigner(),
                settings.imageBucket()), settings.limits().maxBytes()), MerchantPolicy.of(settings.merchants()));
        CatalogHandler catalog = new CatalogHandler(AwsApplication.merchantApi(settings, app.clients()),
                MerchantPolicy.of(settings.merchants()));
        try {
            LocalApiGateway gateway = new LocalApiGateway(LOCAL_CALLER).cors(cors)
                    .route("POST", "/search", search)
                    .route("GET", "/products/{id}", search)
                    .route("GET", "/products/{id}/similar", search)
                    .route("GET", "/image-status", search)
                    .route("POST", "/uploads", uploads)
                    .route("GET", "/products", catalog)
                    .route("PATCH", "/products/{id}", catalog)
                    .route("DELETE", "/images/{key+}", catalog)
                    .start(port);
            return new LocalAwsMode(app, pollers, gateway, queues);
        } catch (IOException e) {
            pollers.forEach(SqsPoller::close);
            app.close();
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    public int port() {
        return gateway.port();
    }

    LocalApiGateway gateway() {
        return gateway;
    }

    public LocalAwsStack.Queues queues() {
        return queues;
    }

    /** Sends the dead-letter queue's messages back to the ingest queue; how many. */
    public int redrive() {
        return new DeadLetterRedrive(app.clients().sqs()).redrive(queues.deadLetter(), queues.ingest());
    }

    public AwsApplication application() {
        return app;
    }

    @Override
    public void close() {
        gateway.close();
        pollers.forEach(SqsPoller::close);
        app.close();
    }
}
