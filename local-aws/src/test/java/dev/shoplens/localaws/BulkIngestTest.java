package dev.shoplens.localaws;

import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.core.service.ReconcileService;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk ingest through the no-Docker local AWS mode: N generated catalog photos stored in S3, each
 * notification through SQS to the ingest handler, until the queue is empty; then every one must be an
 * INDEXED record and an index document, with nothing left over. Run by scripts/bulk-ingest.sh
 * ({@code -Dbulk.images=5000}); it prints the time and images per second.
 */
@EnabledIfSystemProperty(named = "bulk.images", matches = "\\d+")
class BulkIngestTest {
    private static final int BACKLOG = 200;

    @Test
    void everyUploadedPhotoEndsIndexedOnceWithNothingLost() throws Exception {
        int images = Integer.parseInt(System.getProperty("bulk.images"));
        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (LocalAwsMode mode = LocalAwsMode.start(LocalAws.settings("bulk-" + run), "bulk-" + run, 0, 60)) {
            var app = mode.application();
            String bucket = app.settings().imageBucket();
            Instant start = Instant.now();
            // A bulk importer that keeps the queue shallow, as a real one would watch its backlog: moto's SQS
            // reads its whole queue on every receive, so thousands waiting would slow every poll.
            for (int i = 0; i < images; i++) {
                int n = i;
                byte[] photo = TestImages.jpeg(TestImages.blocks(160, 120, n), 0.85f);
                app.s3().putObject(r -> r.bucket(bucket).key(String.format(Locale.ROOT,
                        "catalog/product-%04d/photo-%d.jpg", n / 10, n)).contentType("image/jpeg"),
                        RequestBody.fromBytes(photo));
                while (n % 50 == 49 && pending(mode) > BACKLOG) {
                    Thread.sleep(200);
                }
            }
            Duration uploaded = Duration.between(start, Instant.now());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30)); // a stalled run fails, it does not hang
            while (pending(mode) > 0) {
                assertThat(Instant.now()).as("the queue to empty").isBefore(deadline);
                Thread.sleep(1000);
            }
            Duration indexed = Duration.between(start, Instant.now());
            ReconcileService.Report report = app.reconcile().run(false);
            for (int i = 0; i < 30 && report.vectors() < images; i++) { // OpenSearch shows writes after its refresh
                Thread.sleep(1000);
                report = app.reconcile().run(false);
            }
            System.out.printf(Locale.ROOT, "bulk ingest: %d photos of %d products uploaded in %.1f s (backlog kept under %d), all notifications "
                            + "applied after %.1f s (%.1f images/s end to end); stored %d, INDEXED records %d, index "
                            + "documents %d, differences %d, dead letters %d%n", images, (images + 9) / 10,
                    uploaded.toMillis() / 1000.0, BACKLOG, indexed.toMillis() / 1000.0, images * 1000.0 / indexed.toMillis(),
                    report.objects(), report.indexed(), report.vectors(), report.differences().size(),
                    waiting(mode, mode.queues().deadLetter()));
            assertThat(report.objects()).isEqualTo(images);
            assertThat(report.indexed()).as("every photo INDEXED").isEqualTo(images);
            assertThat(report.vectors()).as("one index document each, none lost, none left over").isEqualTo(images);
            assertThat(report.differences()).isEmpty();
            assertThat(waiting(mode, mode.queues().deadLetter())).isZero();
        }
    }

    private static int pending(LocalAwsMode mode) {
        var attributes = mode.application().clients().sqs().getQueueAttributes(a -> a.queueUrl(mode.queues().ingest())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private static int waiting(LocalAwsMode mode, String queueUrl) {
        Map<QueueAttributeName, String> attributes = mode.application().clients().sqs().getQueueAttributes(a -> a
                .queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
