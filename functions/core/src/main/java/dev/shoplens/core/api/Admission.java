package dev.shoplens.core.api;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sheds load instead of queueing it without bound: at most {@code concurrent} requests run at once, a
 * request waits for a place at most {@code maxWait}, and past that it is refused as OVERLOADED (503 with
 * Retry-After), so the requests it does take keep their latency. Decoding and embedding are CPU-bound:
 * a few per core is what the machine answers well.
 */
public final class Admission {
    /** What a refused client is told to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore places;
    private final int concurrent;
    private final Duration maxWait;

    public Admission(int concurrent, Duration maxWait) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("at least one request must be able to run");
        }
        this.places = new Semaphore(concurrent, true);
        this.concurrent = concurrent;
        this.maxWait = maxWait;
    }

    /** Two requests per core running, each waiting at most half a second for its turn. */
    public static Admission forThisMachine() {
        return new Admission(2 * Runtime.getRuntime().availableProcessors(), Duration.ofMillis(500));
    }

    public <T> T run(Supplier<T> work) {
        boolean admitted;
        try {
            admitted = places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new ShopLensException(ErrorCode.OVERLOADED, "the server is answering " + concurrent
                    + " searches already: try again in " + RETRY_AFTER.toSeconds() + " s");
        }
        try {
            return work.get();
        } finally {
            places.release();
        }
    }
}
