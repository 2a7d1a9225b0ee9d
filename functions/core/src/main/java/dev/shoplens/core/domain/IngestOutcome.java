package dev.shoplens.core.domain;

/** What became of one image event. */
public record IngestOutcome(ImageKey key, Result result, String detail) {
    public enum Result {
        /** The image's newest version is indexed. */
        INDEXED,
        /** The image was removed from the index and its product. */
        REMOVED,
        /** A duplicate or an older event: nothing to do. (The same event in flight elsewhere is a RETRY.) */
        SKIPPED,
        /** The image can never be indexed as it is; {@code detail} says why. The record says so too. */
        FAILED,
        /** A passing failure (a store did not answer); deliver the event again. */
        RETRY
    }

    /** A passing failure: the event must be delivered again. */
    public boolean mustRetry() {
        return result == Result.RETRY;
    }

    public boolean ok() {
        return result == Result.INDEXED || result == Result.REMOVED || result == Result.SKIPPED;
    }
}
