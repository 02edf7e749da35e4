package io.slotkv.migration;

/**
 * The throttle of a slot move: bytes may go out at {@code bytesPerSecond} on average, with bursts of at most a
 * twentieth of a second's worth. Time is read with nanosecond precision and a sender that overdraws waits exactly
 * the debt, so the rate holds over any window of a second or more; a sleep in whole seconds, as SSDB's throttle
 * does, cannot hold a rate below one batch per second.
 */
final class TokenBucket {
    private static final double BURST_SECONDS = 0.05;

    private final double bytesPerNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double bytesPerSecond, long nowNanos) {
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive: " + bytesPerSecond);
        }
        bytesPerNano = bytesPerSecond / 1e9;
        capacity = bytesPerSecond * BURST_SECONDS;
        refilledAt = nowNanos;
    }

    /** How long to wait, from {@code nowNanos}, before sending more; 0 when sending now keeps the rate. */
    long waitNanos(long nowNanos) {
        refill(nowNanos);
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / bytesPerNano);
    }

    /** Counts {@code bytes} sent; a batch bigger than the tokens left puts the bucket in debt. */
    void take(long bytes) {
        tokens -= bytes;
    }

    private void refill(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * bytesPerNano);
        refilledAt = nowNanos;
    }
}
