package io.mediagate.vendors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps each vendor quota under its documented QPS by handing out call slots spaced {@code 1/QPS} apart.
 * A caller reserves the next free slot and is told how long to wait for it; the route then waits with an
 * asynchronous delay, so no thread sleeps while thousands of jobs queue for a slow quota. Reservations are
 * made right before the call, so a burst of jobs is spread out instead of sent at once and answered with 429.
 */
public final class RateLimiter {

    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public RateLimiter() {
        this(System::nanoTime);
    }

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Declares a quota; calls of unknown quotas are not limited. */
    public void define(String vendor, String group, double requestsPerSecond) {
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("rate of " + vendor + "/" + group + " must be positive");
        }
        pacers.put(vendor + "/" + group, new Pacer((long) Math.ceil(1_000_000_000d / requestsPerSecond)));
    }

    /** Reserves the next call slot of the quota and returns the milliseconds to wait until it. */
    public long reserve(String vendor, String group) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        if (pacer == null) {
            return 0;
        }
        long waitNanos = pacer.reserve(nanoClock.getAsLong());
        return (waitNanos + 999_999) / 1_000_000;
    }

    /**
     * The vendor said the calls come too fast although they kept to the configured rate (its real limit is lower,
     * e.g. shared with other clients of the same account): the quota's rate is halved, down to a sixteenth, and
     * grows back by a quarter every {@link #RECOVERY} without such an answer. Several answers within one second
     * (the calls already in flight) count once.
     */
    public void slowDown(String vendor, String group) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        if (pacer != null) {
            pacer.slowDown(nanoClock.getAsLong());
        }
    }

    /** The quota's current calls per second (lower than configured while slowed down); 0 for unknown quotas. */
    public double currentRate(String vendor, String group) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        return pacer == null ? 0 : pacer.rate();
    }

    static final long RECOVERY = 10_000_000_000L;

    private static final class Pacer {
        private final long baseIntervalNanos;
        private long intervalNanos;
        private long changedAt = Long.MIN_VALUE;
        private long slowedAt = Long.MIN_VALUE;
        private long nextFree = Long.MIN_VALUE;

        Pacer(long intervalNanos) {
            this.baseIntervalNanos = intervalNanos;
            this.intervalNanos = intervalNanos;
        }

        synchronized long reserve(long now) {
            if (intervalNanos > baseIntervalNanos && now - changedAt >= RECOVERY) {
                intervalNanos = Math.max(baseIntervalNanos, intervalNanos * 4 / 5);
                changedAt = now;
            }
            long slot = nextFree == Long.MIN_VALUE ? now : Math.max(nextFree, now);
            nextFree = slot + intervalNanos;
            return slot - now;
        }

        synchronized void slowDown(long now) {
            if (slowedAt != Long.MIN_VALUE && now - slowedAt < 1_000_000_000L) {
                return; // the rest of the burst that was already in flight
            }
            intervalNanos = Math.min(baseIntervalNanos * 16, intervalNanos * 2);
            changedAt = now;
            slowedAt = now;
        }

        synchronized double rate() {
            return 1_000_000_000d / intervalNanos;
        }
    }
}
