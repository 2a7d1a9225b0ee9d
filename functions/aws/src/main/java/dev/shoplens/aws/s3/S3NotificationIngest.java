package dev.shoplens.aws.s3;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.IngestMetrics;
import dev.shoplens.core.service.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies one S3 notification (the body of an SQS message, or a direct S3 event): its records that name
 * catalog images go to the ingest service; records the function must refuse (a key outside the catalog,
 * an event it does not handle) are logged and dropped, since delivering them again cannot help.
 */
public final class S3NotificationIngest {
    private static final Logger LOG = LoggerFactory.getLogger(S3NotificationIngest.class);

    private final IngestService ingest;
    private final String bucket;
    private final IngestMetrics metrics;

    /** @param bucket the catalog bucket; events from any other bucket are refused */
    public S3NotificationIngest(IngestService ingest, String bucket, IngestMetrics metrics) {
        this.ingest = ingest;
        this.bucket = bucket;
        this.metrics = metrics;
    }

    /** @return the outcomes; any {@code RETRY} among them means the notification must be delivered again */
    public List<IngestOutcome> apply(String notificationJson) {
        Delivery delivery = applyAll(List.of(notificationJson)).getFirst();
        if (delivery.refusal() != null) {
            throw delivery.refusal();
        }
        return delivery.outcomes();
    }

    /** What became of one message of a batch: its outcomes, or why it is no S3 notification at all. */
    public record Delivery(List<IngestOutcome> outcomes, ShopLensException refusal) {
        public boolean mustBeDeliveredAgain() {
            return refusal != null || outcomes.stream().anyMatch(IngestOutcome::mustRetry);
        }
    }

    /**
     * Applies a batch of notifications (an SQS batch) together, so their images are embedded as one batch;
     * one delivery per notification, in order.
     */
    public List<Delivery> applyAll(List<String> notifications) {
        List<List<ImageEvent>> perMessage = new ArrayList<>();
        List<ShopLensException> refusals = new ArrayList<>();
        List<ImageEvent> all = new ArrayList<>();
        for (String notification : notifications) {
            List<ImageEvent> events = new ArrayList<>();
            ShopLensException refusal = null;
            try {
                events = events(S3EventParser.parse(notification));
            } catch (ShopLensException e) {
                LOG.error("message refused, it goes to the dead-letter queue after its retries: {}", e.getMessage());
                metrics.refused(e.getMessage());
                refusal = e;
            }
            perMessage.add(events);
            refusals.add(refusal);
            all.addAll(events);
        }
        List<IngestOutcome> outcomes = ingest.handleAll(all);
        outcomes.forEach(o -> LOG.info("{} {}{}", o.key(), o.result(), o.detail() == null ? "" : ": " + o.detail()));
        metrics.applied(outcomes);
        List<Delivery> deliveries = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < notifications.size(); i++) {
            int count = perMessage.get(i).size();
            deliveries.add(new Delivery(outcomes.subList(from, from + count), refusals.get(i)));
            from += count;
        }
        return deliveries;
    }

    private List<ImageEvent> events(List<S3EventParser.Parsed> records) {
        List<ImageEvent> events = new ArrayList<>();
        for (S3EventParser.Parsed parsed : records) {
            if (parsed.event() != null && bucket.equals(parsed.bucket())) {
                events.add(parsed.event());
            } else if (parsed.event() != null) {
                LOG.warn("S3 event record refused: bucket '{}' is not the catalog bucket '{}'", parsed.bucket(), bucket);
            } else {
                LOG.warn("S3 event record refused: {}", parsed.refusal().getMessage());
            }
        }
        return events;
    }
}
