package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.VectorId;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A ledger for one process: the record rules applied under a lock over any key-value storage. The local
 * mode persists it in Lucene; unit tests keep it in memory. (DynamoDB applies the same rules as conditions.)
 */
public abstract class LockingImageRecords implements ImageRecords {

    /** The stored record, or null. */
    protected abstract ImageRecord load(ImageKey key);

    protected abstract void store(ImageRecord record);

    @Override
    public synchronized Optional<Claim> claim(ImageEvent event, String owner, Instant now, Duration lease) {
        ImageRecord current = load(event.key());
        if (!ImageRecord.admits(current, event, now)) {
            return Optional.empty();
        }
        store(ImageRecord.claimed(current, event, owner, now.plus(lease), now));
        return Optional.of(new Claim(event, owner, current));
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

    private synchronized boolean update(Claim claim, UnaryOperator<ImageRecord> change) {
        ImageRecord current = load(claim.event().key());
        if (current == null || !current.heldBy(claim.owner(), claim.event())) {
            return false;
        }
        store(change.apply(current));
        return true;
    }

    @Override
    public synchronized void forgetStale(ImageKey key, Collection<VectorId> dropped) {
        ImageRecord current = load(key);
        if (current != null) {
            store(current.withoutStale(new HashSet<>(dropped), Instant.now()));
        }
    }

    @Override
    public synchronized Optional<ImageRecord> find(ImageKey key) {
        return Optional.ofNullable(load(key));
    }
}
