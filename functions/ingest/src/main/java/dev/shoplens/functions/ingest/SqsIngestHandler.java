package dev.shoplens.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.shoplens.aws.s3.S3NotificationIngest;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ShopLensException;

import java.util.ArrayList;
import java.util.List;

/**
 * S3 notifications delivered through SQS. Only the messages that must be retried are reported as failed
 * (ReportBatchItemFailures), so one bad image does not send its whole batch round again; a message that
 * is not an S3 notification at all fails until the queue moves it to the dead-letter queue.
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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                if (ingest.apply(message.getBody()).stream().anyMatch(IngestOutcome::mustRetry)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (ShopLensException e) {
                context.getLogger().log("message " + message.getMessageId() + " refused: " + e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
