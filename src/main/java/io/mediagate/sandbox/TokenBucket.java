package io.mediagate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The vendor-side QPS limit: a bucket of {@code qps} tokens refilled continuously at {@code qps} per second.
 * A client that paces its calls at the documented rate never runs it dry; one that bursts past it gets 429.
 * Time comes from the sandbox's clock, so a test paces its calls by moving the clock instead of sleeping.
 */
public final class TokenBucket {

    private final Clock clock;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private Instant last;

    public TokenBucket(double qps, Clock clock) {
        this.clock = clock;
        this.capacity = Math.max(1, qps);
        this.perNano = qps / 1_000_000_000d;
        this.tokens = capacity;
        this.last = clock.instant();
    }

    public synchronized boolean tryTake() {
        Instant now = clock.instant();
        // a wall clock set back refills nothing rather than draining the bucket
        long elapsed = Math.max(0, Duration.between(last, now).toNanos());
        tokens = Math.min(capacity, tokens + elapsed * perNano);
        last = now.isAfter(last) ? now : last;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
