package dev.shoplens.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.lambda.LocalLambdaContext;
import dev.shoplens.aws.s3.S3NotificationIngest;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.testing.HostileInputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ingest sample event in events/ fed to its handler, on moto_server and a local OpenSearch. */
class IngestHandlersTest {
    private static final String BUCKET = "shoplens-catalog-example";
    private static final Path EVENTS = LocalAws.repositoryRoot().resolve("events");
    private static final Path SAMPLES = LocalAws.repositoryRoot().resolve("local/sample-catalog");
    private AwsApplication app;
    private S3NotificationIngest ingest;

    /** Each test gets new tables and a new index: the events reuse keys and sequencers. */
    @BeforeEach
    void start() throws IOException {
        app = LocalAws.start(BUCKET);
        ingest = IngestFunction.of(app);
        for (String key : new String[]{"sneaker-running/front.jpg", "teddy-bear/front.jpg", "guitar-acoustic/studio.jpg"}) {
            app.s3().putObject(r -> r.bucket(BUCKET).key("catalog/" + key).contentType("image/jpeg"),
                    RequestBody.fromFile(SAMPLES.resolve(key)));
        }
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static SQSEvent sqsEvent(String file) throws IOException {
        try (InputStream in = Files.newInputStream(EVENTS.resolve(file))) {
            return LambdaEventSerializers.serializerFor(SQSEvent.class, IngestHandlersTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    private String directEvent(String file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new S3IngestHandler(ingest).handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENTS.resolve(file))),
                out, new LocalLambdaContext("ingest"));
        return out.toString();
    }

    private static void eventually(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }

    @Test
    void aDirectS3PutIndexesTheImage() throws IOException {
        assertThat(directEvent("s3-put.json")).isEqualTo("{\"applied\":1}");
        assertThat(app.catalogService().product(ProductId.of("sneaker-running")).images()).hasSize(1);
    }

    @Test
    void anSqsBatchOfS3NotificationsIsIndexedWithNoFailures() throws IOException {
        SQSBatchResponse response = new SqsIngestHandler(ingest).handleRequest(sqsEvent("sqs-s3-batch.json"),
                new LocalLambdaContext("ingest"));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(app.catalogService().product(ProductId.of("teddy-bear")).images()).hasSize(1);
        assertThat(app.catalogService().product(ProductId.of("guitar-acoustic")).images()).hasSize(1);
    }

    @Test
    void aMalformedMessageIsReportedAsTheOnlyFailure() throws IOException {
        SQSBatchResponse response = new SqsIngestHandler(ingest).handleRequest(sqsEvent("sqs-malformed-message.json"),
                new LocalLambdaContext("ingest"));
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("33333333-3333-3333-3333-333333333333");
    }

    @Test
    void aDirectS3DeleteRemovesTheImageFromItsProduct() throws IOException {
        new SqsIngestHandler(ingest).handleRequest(sqsEvent("sqs-s3-batch.json"), new LocalLambdaContext("ingest"));
        eventually(() -> !app.catalogService().product(ProductId.of("teddy-bear")).images().isEmpty(), "teddy bear indexed");
        app.s3().deleteObject(r -> r.bucket(BUCKET).key("catalog/teddy-bear/front.jpg"));
        assertThat(directEvent("s3-delete.json")).isEqualTo("{\"applied\":1}");
        assertThat(app.catalogService().product(ProductId.of("teddy-bear")).images()).isEmpty();
    }

    @Test
    void s3NotificationsInsideSnsAndS3EventsThroughEventBridgeAreIndexed() throws IOException {
        SQSBatchResponse response = new SqsIngestHandler(ingest).handleRequest(sqsEvent("sqs-sns-and-eventbridge.json"),
                new LocalLambdaContext("ingest"));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(app.catalogService().product(ProductId.of("teddy-bear")).images()).hasSize(1);
        assertThat(app.catalogService().product(ProductId.of("guitar-acoustic")).images()).hasSize(1);
    }

    @Test
    void theS3TestEventIsAcknowledgedAndAForeignMessageFailsToTheDeadLetterQueue() throws IOException {
        SQSBatchResponse response = new SqsIngestHandler(ingest).handleRequest(
                sqsEvent("sqs-test-event-and-foreign.json"), new LocalLambdaContext("ingest"));
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("77777777-7777-7777-7777-777777777777");
    }

    @Test
    void anImageInAFolderThatIsNoProductIdIsRecordedFailedWithTheIdToUse() throws IOException {
        ImageKey key = ImageKey.of("catalog/summer dress/photo (1).jpg");
        app.s3().putObject(r -> r.bucket(BUCKET).key(key.value()).contentType("image/jpeg"),
                RequestBody.fromFile(SAMPLES.resolve("teddy-bear/front.jpg")));
        PrintStream console = System.out;
        ByteArrayOutputStream metrics = new ByteArrayOutputStream();
        System.setOut(new PrintStream(metrics, true, StandardCharsets.UTF_8));
        SQSBatchResponse response;
        try {
            response = new SqsIngestHandler(ingest).handleRequest(sqsEvent("sqs-s3-folder-not-a-product.json"),
                    new LocalLambdaContext("ingest"));
        } finally {
            System.setOut(console);
        }
        assertThat(response.getBatchItemFailures()).as("a permanent failure is recorded, not retried").isEmpty();
        ImageRecord record = app.catalogService().imageStatus(key);
        assertThat(record.status()).isEqualTo(ImageRecord.Status.FAILED);
        assertThat(record.failure()).contains("'summer dress' is not a product id")
                .contains("catalog/summer-dress/photo (1).jpg");
        assertThat(metrics.toString(StandardCharsets.UTF_8)).as("the EMF line CloudWatch reads")
                .contains("\"ImagesFailed\":1").contains("\"Namespace\":\"ShopLens\"");
    }

    @Test
    void everyCorpusFileStoredInTheCatalogIsIndexedOrRecordedFailedWithItsReason() {
        List<HostileInputs.Case> corpus = HostileInputs.corpus(app.settings().limits().maxBytes());
        List<ImageEvent> events = new ArrayList<>();
        for (HostileInputs.Case c : corpus) {
            ImageKey key = ImageKey.of("catalog/corpus-" + c.name() + "/picture." + c.extension());
            String eTag = app.s3().putObject(r -> r.bucket(BUCKET).key(key.value()), RequestBody.fromBytes(c.bytes())).eTag();
            events.add(ImageEvent.stored(key, Sequencer.next(System.currentTimeMillis()), eTag, Instant.now()));
        }
        List<IngestOutcome> outcomes = app.ingest().handleAll(events);
        for (int i = 0; i < corpus.size(); i++) {
            HostileInputs.Case c = corpus.get(i);
            IngestOutcome outcome = outcomes.get(i);
            ImageRecord record = app.catalogService().imageStatus(outcome.key());
            if (c.accepted()) {
                assertThat(outcome.result()).as("%s: %s", c.name(), outcome.detail()).isEqualTo(IngestOutcome.Result.INDEXED);
                assertThat(record.status()).isEqualTo(ImageRecord.Status.INDEXED);
            } else {
                assertThat(outcome.result()).as("%s: %s", c.name(), outcome.detail()).isEqualTo(IngestOutcome.Result.FAILED);
                assertThat(record.status()).isEqualTo(ImageRecord.Status.FAILED);
                assertThat(record.failure()).as(c.name()).isNotBlank();
            }
        }
    }

    @Test
    void theScheduledReconcileFindsAnImageDeletedWithoutItsEventAndRemovesIt() throws IOException {
        String bucket = "shoplens-reconcile-" + UUID.randomUUID().toString().substring(0, 8); // a bucket of its own
        try (AwsApplication own = LocalAws.start(bucket)) {
            List<ImageEvent> events = new ArrayList<>();
            for (String key : new String[]{"teddy-bear/front.jpg", "guitar-acoustic/studio.jpg"}) {
                String eTag = own.s3().putObject(r -> r.bucket(bucket).key("catalog/" + key).contentType("image/jpeg"),
                        RequestBody.fromFile(SAMPLES.resolve(key))).eTag();
                events.add(ImageEvent.stored(ImageKey.of("catalog/" + key), Sequencer.next(System.currentTimeMillis()),
                        eTag, Instant.now()));
            }
            assertThat(own.ingest().handleAll(events)).allMatch(o -> o.result() == IngestOutcome.Result.INDEXED);
            ReconcileHandler handler = new ReconcileHandler(own.reconcile());
            eventually(() -> handler.handleRequest(Map.of("dryRun", true), new LocalLambdaContext("reconcile"))
                    .get("differences").equals(0), "the index to show the images");
            own.s3().deleteObject(r -> r.bucket(bucket).key("catalog/teddy-bear/front.jpg")); // no event follows

            Map<String, Object> dry = handler.handleRequest(Map.of("dryRun", true), new LocalLambdaContext("reconcile"));
            assertThat(dry).containsEntry("differences", 1).containsEntry("repaired", 0);
            Map<String, Object> repaired = handler.handleRequest(Map.of(), new LocalLambdaContext("reconcile"));
            assertThat(repaired).containsEntry("repaired", 1).containsEntry("failedRepairs", 0);
            assertThat(own.catalogService().product(ProductId.of("teddy-bear")).images()).isEmpty();
            assertThat(own.catalogService().imageStatus(ImageKey.of("catalog/teddy-bear/front.jpg")).status())
                    .isEqualTo(ImageRecord.Status.REMOVED);
        }
    }
}
