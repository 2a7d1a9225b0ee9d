package dev.shoplens.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.shoplens.aws.s3.S3NotificationIngest;

import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.util.ArrayList;
import java.util.List;

/**
 * S3 notifications delivered through SQS, a batch's images embedded together. Only the messages that must
 * be retried are reported as failed (ReportBatchItemFailures), so one bad image does not send its whole
 * batch round again; a message that is not an S3 notification at all fails until the queue moves it to
 * the dead-letter queue.
 */
public final class SqsIngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final S3NotificationIngest ingest;

    public SqsIngestHandler() {
        this(IngestFunction.fromEnvironment());
    }

    public SqsIngestHandler(S3NotificationIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // structured JSON logs with the Lambda context; each image's log lines name its key
        return PowertoolsLogging.withLogging(context, () -> apply(event));
    }

    private SQSBatchResponse apply(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages = event.getRecords();
        List<S3NotificationIngest.Delivery> deliveries = ingest.applyAll(messages.stream()
                .map(SQSEvent.SQSMessage::getBody).toList());
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (deliveries.get(i).mustBeDeliveredAgain()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
