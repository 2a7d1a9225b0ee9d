package dev.shoplens.core.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the system knows of one catalog image: the newest event it accepted for the key, whether that
 * version is indexed, and which vector holds it. Vectors replaced or removed wait in {@code staleVectors}
 * until the vector store has dropped them, so none is ever forgotten.
 *
 * <p>The rules live here, as pure functions, so every ledger (in memory, Lucene, DynamoDB conditions)
 * applies the same ones.
 */
public record ImageRecord(ImageKey key, Status status, ImageEvent.Kind eventKind, Sequencer sequencer,
                          String eTag, Instant eventTime, VectorId vectorId, Set<VectorId> staleVectors,
                          String modelVersion, String failure, String leaseOwner, Instant leaseUntil,
                          Instant updatedAt) {
    public enum Status {
        /** A worker holds (or held) a lease on the newest event and is applying it. */
        PENDING,
        /** The newest version's vector is in the index. */
        INDEXED,
        /** The newest version cannot be indexed (not an image, too large...); {@code failure} says why. */
        FAILED,
        /** The image was removed; its vector is gone or waiting in {@code staleVectors}. */
        REMOVED
    }

    public ImageRecord {
        staleVectors = Set.copyOf(staleVectors == null ? Set.of() : staleVectors);
        leaseUntil = leaseUntil == null ? Instant.EPOCH : leaseUntil;
    }

    /**
     * Whether {@code event} may be applied over this record: it is newer (greater sequencer; or, where a
     * store repeats sequencers, another version stored later), or it is the same event and the last attempt
     * gave its lease back or let it expire.
     */
    public static boolean admits(ImageRecord record, ImageEvent event, Instant now) {
        if (record == null) {
            return true;
        }
        int order = event.sequencer().compareTo(record.sequencer);
        if (order != 0) {
            return order > 0;
        }
        boolean sameEvent = event.kind() == record.eventKind && Objects.equals(event.eTag(), record.eTag);
        if (!sameEvent) {
            return event.eventTime().isAfter(record.eventTime);
        }
        return record.status == Status.PENDING && !record.leaseUntil.isAfter(now);
    }

    public static ImageRecord claimed(ImageRecord record, ImageEvent event, String owner, Instant leaseUntil,
                                      Instant now) {
        VectorId vector = record == null ? null : record.vectorId;
        Set<VectorId> stale = record == null ? Set.of() : record.staleVectors;
        String model = record == null ? null : record.modelVersion;
        return new ImageRecord(event.key(), Status.PENDING, event.kind(), event.sequencer(), event.eTag(),
                event.eventTime(), vector, stale, model, null, owner, leaseUntil, now);
    }

    /** Whether the lease of {@code owner} on {@code event} still stands (no newer event took the key). */
    public boolean heldBy(String owner, ImageEvent event) {
        return status == Status.PENDING && owner.equals(leaseOwner) && event.sequencer().equals(sequencer)
                && Objects.equals(event.eTag(), eTag) && event.eventTime().equals(eventTime);
    }

    public ImageRecord indexed(VectorId vector, String model, Instant now) {
        Set<VectorId> stale = new HashSet<>(staleVectors);
        if (vectorId != null && !vectorId.equals(vector)) {
            stale.add(vectorId);
        }
        return new ImageRecord(key, Status.INDEXED, eventKind, sequencer, eTag, eventTime, vector, stale, model,
                null, null, Instant.EPOCH, now);
    }

    /**
     * The same version, now held by a vector in another model's index. Stale vectors belong to the old
     * index, which is dropped whole, so they are not carried over.
     */
    public ImageRecord movedTo(VectorId vector, String model, Instant now) {
        return new ImageRecord(key, status, eventKind, sequencer, eTag, eventTime, vector, Set.of(), model,
                failure, leaseOwner, leaseUntil, now);
    }

    public ImageRecord removed(Instant now) {
        return withoutVector(Status.REMOVED, null, now);
    }

    public ImageRecord failed(String reason, Instant now) {
        return withoutVector(Status.FAILED, reason, now);
    }

    private ImageRecord withoutVector(Status newStatus, String reason, Instant now) {
        Set<VectorId> stale = new HashSet<>(staleVectors);
        if (vectorId != null) {
            stale.add(vectorId);
        }
        return new ImageRecord(key, newStatus, eventKind, sequencer, eTag, eventTime, null, stale, modelVersion,
                reason, null, Instant.EPOCH, now);
    }

    public ImageRecord released(Instant now) {
        return new ImageRecord(key, status, eventKind, sequencer, eTag, eventTime, vectorId, staleVectors,
                modelVersion, failure, leaseOwner, Instant.EPOCH, now);
    }

    public ImageRecord withoutStale(Set<VectorId> dropped, Instant now) {
        Set<VectorId> stale = new HashSet<>(staleVectors);
        stale.removeAll(dropped);
        return new ImageRecord(key, status, eventKind, sequencer, eTag, eventTime, vectorId, stale, modelVersion,
                failure, leaseOwner, leaseUntil, now);
    }
}
