package dev.shoplens.localaws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;

/**
 * The resources template.yaml creates in AWS, made on a local endpoint (moto_server): the image bucket
 * notifying the ingest queue of catalog/ changes, the queue and its dead-letter queue. (Tables and the
 * vector index are created by the application itself when it starts in local mode.)
 */
public final class LocalAwsStack {
    public static final int MAX_RECEIVES = 5;

    private LocalAwsStack() {
    }

    /** The ingest queue and its dead-letter queue. */
    public record Queues(String ingest, String deadLetter) {
    }

    /**
     * @param visibilitySeconds how long a received message stays hidden: 180 as in template.yaml (longer than
     *                          the ingest lease of 2 minutes, so a redelivery can take over); less in tests
     */
    public static Queues create(S3Client s3, SqsClient sqs, String bucket, String queueName, int visibilitySeconds) {
        String dlqUrl = sqs.createQueue(q -> q.queueName(queueName + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(q -> q.queueName(queueName).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(a -> a.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // made by an earlier start
        }
        s3.putBucketNotificationConfiguration(n -> n.bucket(bucket).notificationConfiguration(c -> c.queueConfigurations(
                q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name("prefix").value("catalog/")))))));
        return new Queues(queueUrl, dlqUrl);
    }
}
