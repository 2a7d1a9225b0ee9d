package dev.shoplens.aws.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.List;

/**
 * Sends the messages of a dead-letter queue back to the queue they came from, once what made them fail is
 * mended (OpenSearch back up): each batch is sent before it is deleted, so a crash between the two repeats
 * messages (ingest ignores a repeated event) and never loses one. In AWS the console's "Start DLQ redrive"
 * (SQS StartMessageMoveTask) does the same; this runs anywhere SQS's API does, moto_server included.
 */
public final class DeadLetterRedrive {
    private final SqsClient sqs;

    public DeadLetterRedrive(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** @return how many messages were moved */
    public int redrive(String deadLetterQueueUrl, String sourceQueueUrl) {
        int moved = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                return moved;
            }
            var sent = sqs.sendMessageBatch(r -> r.queueUrl(sourceQueueUrl).entries(batch.stream()
                    .map(m -> SendMessageBatchRequestEntry.builder().id(m.messageId()).messageBody(m.body()).build())
                    .toList()));
            if (!sent.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused to send back " + sent.failed().size() + " messages: "
                        + sent.failed().getFirst().message() + "; they stay in the dead-letter queue");
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(deadLetterQueueUrl).entries(batch.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle())
                            .build()).toList()));
            moved += batch.size();
        }
    }
}
