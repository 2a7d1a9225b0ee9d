package dev.shoplens.localaws;

import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.ReconcileService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected into the running local AWS mode, against the real servers: OpenSearch stopped while a
 * batch of catalog images arrives. The notifications fail their five tries, wait in the dead-letter queue,
 * and once OpenSearch is back a redrive indexes every one: stored images, records, index and catalog agree.
 */
class LocalAwsFaultsTest {
    private static final Path SAMPLES = LocalAws.repositoryRoot().resolve("local/sample-catalog");
    private static final List<String> IMAGES = List.of("teddy-bear/front.jpg", "guitar-acoustic/studio.jpg",
            "sneaker-running/front.jpg");

    private static void eventually(BooleanSupplier condition, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Test
    void openSearchDownForAWholeBatchEndsInTheDeadLetterQueueAndARedriveLosesNothing() {
        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (LocalAwsMode mode = LocalAwsMode.start(LocalAws.settings("faults-" + run), "faults-" + run, 0, 1)) {
            var app = mode.application();
            String bucket = app.settings().imageBucket();
            LocalServices.stopOpenSearch();
            try {
                for (String key : IMAGES) {
                    app.s3().putObject(r -> r.bucket(bucket).key("catalog/" + key).contentType("image/jpeg"),
                            RequestBody.fromFile(SAMPLES.resolve(key)));
                }
                eventually(() -> waiting(mode, mode.queues().deadLetter()) == IMAGES.size(), Duration.ofSeconds(180),
                        "every notification in the dead-letter queue after its tries");
                for (String key : IMAGES) {
                    assertThat(status(mode, key)).as("%s is not indexed while OpenSearch is down", key)
                            .isNotEqualTo(Optional.of(ImageRecord.Status.INDEXED));
                }
            } finally {
                LocalServices.startOpenSearch();
            }
            assertThat(mode.redrive()).isEqualTo(IMAGES.size());
            eventually(() -> IMAGES.stream().allMatch(k -> status(mode, k).equals(Optional.of(ImageRecord.Status.INDEXED))),
                    Duration.ofSeconds(60), "every image indexed after the redrive");
            eventually(() -> app.reconcile().run(false).consistent(), Duration.ofSeconds(30),
                    "stored images, records, index and catalog to agree");
            ReconcileService.Report report = app.reconcile().run(false);
            assertThat(report.objects()).isEqualTo(IMAGES.size());
            assertThat(report.vectors()).as("one vector per image, none lost, none left over").isEqualTo(IMAGES.size());
            assertThat(waiting(mode, mode.queues().deadLetter())).isZero();
        }
    }

    private static int waiting(LocalAwsMode mode, String queueUrl) {
        return Integer.parseInt(mode.application().clients().sqs().getQueueAttributes(a -> a.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static Optional<ImageRecord.Status> status(LocalAwsMode mode, String key) {
        try {
            return Optional.of(mode.application().catalogService().imageStatus(ImageKey.of("catalog/" + key)).status());
        } catch (ShopLensException e) {
            return Optional.empty();
        }
    }
}
