package dev.shoplens.aws.dynamodb;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.OptimisticImageRecords;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Instant;
import java.util.HashSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The ingest ledger in a DynamoDB table (partition key {@code key}). Each write is a put conditional on the
 * version read, so concurrent Lambdas never overwrite each other's changes.
 */
public final class DynamoDbImageRecords extends OptimisticImageRecords {
    static final TableSchema<ImageRecordItem> SCHEMA = TableSchema.fromBean(ImageRecordItem.class);

    private final DynamoDbTable<ImageRecordItem> table;

    public DynamoDbImageRecords(DynamoDbEnhancedClient client, String tableName) {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the image records table name is not set (IMAGE_RECORDS_TABLE)");
        }
        this.table = client.table(tableName, SCHEMA);
    }

    /** Creates the table (on-demand) where it is missing: local runs; in AWS the template creates it. */
    public void createTableIfMissing() {
        try {
            table.describeTable();
        } catch (ResourceNotFoundException e) {
            table.createTable();
            table.describeTable();
        }
    }

    @Override
    protected Versioned load(ImageKey key) {
        ImageRecordItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(key.value()).build()).consistentRead(true).build());
        return item == null ? new Versioned(null, null) : new Versioned(toRecord(item), item.getVersion());
    }

    @Override
    protected boolean storeIf(ImageRecord record, Long expected) {
        ImageRecordItem item = toItem(record);
        item.setVersion(expected);
        try {
            table.putItem(item);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A consistent-read scan, page by page (the enhanced client follows LastEvaluatedKey). */
    @Override
    public void forEach(Consumer<ImageRecord> action) {
        table.scan(r -> r.consistentRead(true)).items().forEach(item -> action.accept(toRecord(item)));
    }

    private static ImageRecordItem toItem(ImageRecord r) {
        ImageRecordItem item = new ImageRecordItem();
        item.setKey(r.key().value());
        item.setStatus(r.status().name());
        item.setEventKind(r.eventKind().name());
        item.setSequencer(r.sequencer().value());
        item.setETag(r.eTag());
        item.setEventTime(r.eventTime().toEpochMilli());
        item.setVectorId(r.vectorId() == null ? null : r.vectorId().value());
        // DynamoDB refuses empty sets: no stale vectors is no attribute
        item.setStaleVectors(r.staleVectors().isEmpty() ? null
                : r.staleVectors().stream().map(VectorId::value).collect(Collectors.toSet()));
        item.setModelVersion(r.modelVersion());
        item.setFailure(r.failure());
        item.setLeaseOwner(r.leaseOwner());
        item.setLeaseUntil(r.leaseUntil().toEpochMilli());
        item.setUpdatedAt(r.updatedAt().toEpochMilli());
        return item;
    }

    private static ImageRecord toRecord(ImageRecordItem i) {
        return new ImageRecord(ImageKey.of(i.getKey()), ImageRecord.Status.valueOf(i.getStatus()),
                ImageEvent.Kind.valueOf(i.getEventKind()), new Sequencer(i.getSequencer()), i.getETag(),
                Instant.ofEpochMilli(i.getEventTime()), i.getVectorId() == null ? null : new VectorId(i.getVectorId()),
                i.getStaleVectors() == null ? new HashSet<>()
                        : i.getStaleVectors().stream().map(VectorId::new).collect(Collectors.toSet()),
                i.getModelVersion(), i.getFailure(), i.getLeaseOwner(), Instant.ofEpochMilli(i.getLeaseUntil()),
                Instant.ofEpochMilli(i.getUpdatedAt()));
    }
}
