package dev.shoplens.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.shoplens.aws.s3.S3NotificationIngest;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.service.RetryableIngestException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A direct S3 event (the bucket notifying the function itself). Read as raw JSON, with the same parser as
 * the SQS path; a passing failure is thrown, so Lambda's asynchronous retries deliver the event again.
 */
public final class S3IngestHandler implements RequestStreamHandler {
    private final S3NotificationIngest ingest;

    public S3IngestHandler() {
        this(IngestFunction.fromEnvironment());
    }

    public S3IngestHandler(S3NotificationIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<IngestOutcome> outcomes = ingest.apply(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        RetryableIngestException.throwIfAnyRetry(outcomes);
        output.write(("{\"applied\":" + outcomes.size() + "}").getBytes(StandardCharsets.UTF_8));
    }
}
