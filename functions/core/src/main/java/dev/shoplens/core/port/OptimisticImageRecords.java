package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.VectorId;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A ledger over a store that offers compare-and-set on a version number (DynamoDB's conditional writes):
 * read the record, apply the record rules, write it only if nobody wrote in between, else read again.
 * The rules are {@link ImageRecord}'s, the same as every other ledger's.
 */
public abstract class OptimisticImageRecords implements ImageRecords {
    private static final int ATTEMPTS = 20;

    /** A record with the version it was read at (null record and null version for an absent key). */
    public record Versioned(ImageRecord record, Long version) {
    }

    /** A strongly consistent read. */
    protected abstract Versioned load(ImageKey key);

    /**
     * Writes {@code record} if the stored version is still {@code expected} (null: if absent).
     *
     * @return false when another writer came first
     */
    protected abstract boolean storeIf(ImageRecord record, Long expected);

    /** Applies {@code change} to the current record until it sticks; a null result means: write nothing. */
    private <T> T apply(ImageKey key, Function<ImageRecord, ImageRecord> change, Function<ImageRecord, T> result,
                        T unchanged) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Versioned current = load(key);
            ImageRecord next = change.apply(current.record());
            if (next == null) {
                return unchanged;
            }
            if (storeIf(next, current.version())) {
                return result.apply(current.record());
            }
        }
        throw new IllegalStateException("image record " + key + " changed " + ATTEMPTS + " times in a row; try again");
    }

    @Override
    public Optional<Claim> claim(ImageEvent event, String owner, Instant now, Duration lease) {
        return apply(event.key(),
                current -> ImageRecord.admits(current, event, now)
                        ? ImageRecord.claimed(current, event, owner, now.plus(lease), now) : null,
                previous -> Optional.of(new Claim(event, owner, previous)), Optional.empty());
    }

    private boolean update(Claim claim, Function<ImageRecord, ImageRecord> change) {
        return apply(claim.event().key(),
                current -> current != null && current.heldBy(claim.owner(), claim.event()) ? change.apply(current) : null,
                previous -> true, false);
    }

    @Override
    public boolean indexed(Claim claim, VectorId vector, String modelVersion, Instant now) {
        return update(claim, r -> r.indexed(vector, modelVersion, now));
    }

    @Override
    public boolean removed(Claim claim, Instant now) {
        return update(claim, r -> r.removed(now));
    }

    @Override
    public boolean failed(Claim claim, String reason, Instant now) {
        return update(claim, r -> r.failed(reason, now));
    }

    @Override
    public void release(Claim claim, Instant now) {
        update(claim, r -> r.released(now));
    }

    @Override
    public void forgetStale(ImageKey key, Collection<VectorId> dropped) {
        apply(key, current -> current == null ? null : current.withoutStale(new HashSet<>(dropped), Instant.now()),
                previous -> true, false);
    }

    @Override
    public boolean moved(ImageKey key, String eTag, VectorId vector, String modelVersion, Instant now) {
        return apply(key, current -> current != null && current.status() == ImageRecord.Status.INDEXED
                        && Objects.equals(current.eTag(), eTag) ? current.movedTo(vector, modelVersion, now) : null,
                previous -> true, false);
    }

    @Override
    public Optional<ImageRecord> find(ImageKey key) {
        return Optional.ofNullable(load(key).record());
    }
}
