package dev.shoplens.localaws;

/**
 * API Gateway's throttle as the template sets it (ThrottlingRateLimit, ThrottlingBurstLimit): a token
 * bucket of {@code burst} requests that refills at {@code ratePerSecond}; a request that finds it empty is
 * answered 429 before it reaches a function.
 */
final class Throttle {
    /** The template's DefaultRouteSettings. */
    static final int RATE_PER_SECOND = 100;
    static final int BURST = 200;

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    Throttle(int ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean admit() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
