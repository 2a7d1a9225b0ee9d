package dev.shoplens.aws.dynamodb;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;

import java.util.Set;

/**
 * The DynamoDB item of one image record. The version attribute makes every put conditional on the version
 * read (the enhanced client's VersionedRecordExtension), which is how the ledger's compare-and-set works.
 */
@DynamoDbBean
public class ImageRecordItem {
    private String key;
    private Long version;
    private String status;
    private String eventKind;
    private String sequencer;
    private String eTag;
    private Long eventTime;
    private String vectorId;
    private Set<String> staleVectors;
    private String modelVersion;
    private String failure;
    private String leaseOwner;
    private Long leaseUntil;
    private Long updatedAt;

    @DynamoDbPartitionKey
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }

    @DynamoDbVersionAttribute
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }

    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }

    public String getEventKind() { return eventKind; }
    public void setEventKind(String eventKind) { this.eventKind = eventKind; }

    public String getSequencer() { return sequencer; }
    public void setSequencer(String sequencer) { this.sequencer = sequencer; }

    public String getETag() { return eTag; }
    public void setETag(String eTag) { this.eTag = eTag; }

    public Long getEventTime() { return eventTime; }
    public void setEventTime(Long eventTime) { this.eventTime = eventTime; }

    public String getVectorId() { return vectorId; }
    public void setVectorId(String vectorId) { this.vectorId = vectorId; }

    public Set<String> getStaleVectors() { return staleVectors; }
    public void setStaleVectors(Set<String> staleVectors) { this.staleVectors = staleVectors; }

    public String getModelVersion() { return modelVersion; }
    public void setModelVersion(String modelVersion) { this.modelVersion = modelVersion; }

    public String getFailure() { return failure; }
    public void setFailure(String failure) { this.failure = failure; }

    public String getLeaseOwner() { return leaseOwner; }
    public void setLeaseOwner(String leaseOwner) { this.leaseOwner = leaseOwner; }

    public Long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Long leaseUntil) { this.leaseUntil = leaseUntil; }

    public Long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Long updatedAt) { this.updatedAt = updatedAt; }
}
