package io.mediagate.sandbox;

/**
 * The vendor-side QPS limit: a bucket of {@code qps} tokens refilled continuously at {@code qps} per second.
 * A client that paces its calls at the documented rate never runs it dry; one that bursts past it gets 429.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    public TokenBucket(double qps) {
        this.capacity = Math.max(1, qps);
        this.perNano = qps / 1_000_000_000d;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
