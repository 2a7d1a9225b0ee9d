package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.VectorId;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ingest ledger: one record per image key, changed only by conditional writes, so that duplicate,
 * late, out-of-order and concurrent deliveries of storage events leave exactly one vector per image.
 */
public interface ImageRecords {

    /**
     * Takes the right to apply {@code event}: granted when the event is newer than every event the key has
     * seen, or when it is the same event and an earlier attempt failed or let its lease expire.
     *
     * @return the claim, or empty when the event is a duplicate, an older event or being applied elsewhere
     */
    Optional<Claim> claim(ImageEvent event, String owner, Instant now, Duration lease);

    /**
     * Records that the claimed version is indexed as {@code vector}; the vector it replaces becomes stale.
     *
     * @return false when a newer event took the key meanwhile (the caller must then remove {@code vector})
     */
    boolean indexed(Claim claim, VectorId vector, String modelVersion, Instant now);

    /** Records that the claimed removal happened; the current vector becomes stale. False when superseded. */
    boolean removed(Claim claim, Instant now);

    /** Records that the claimed version can never be indexed, and why. False when superseded. */
    boolean failed(Claim claim, String reason, Instant now);

    /** Gives up the claim after a passing failure, so that a redelivery can claim the same event at once. */
    void release(Claim claim, Instant now);

    /** Forgets stale vectors the vector store has dropped. */
    void forgetStale(ImageKey key, Collection<VectorId> dropped);

    Optional<ImageRecord> find(ImageKey key);

    /** Every record, for the reconcile run (a scan: not for request paths). */
    void forEach(Consumer<ImageRecord> action);

    /**
     * Re-points an indexed image at its vector in the index of another model (a re-index). Only an image
     * still indexed at {@code eTag} moves; false otherwise (a newer event changed it meanwhile).
     */
    boolean moved(ImageKey key, String eTag, VectorId vector, String modelVersion, Instant now);

    /**
     * The right to apply one event to one key.
     *
     * @param previous the record before the claim, or null for a new key
     */
    record Claim(ImageEvent event, String owner, ImageRecord previous) {
    }
}
