package io.mediagate.vendor;

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

    private static final class Pacer {
        private final long intervalNanos;
        private long nextFree = Long.MIN_VALUE;

        Pacer(long intervalNanos) {
            this.intervalNanos = intervalNanos;
        }

        synchronized long reserve(long now) {
            long slot = nextFree == Long.MIN_VALUE ? now : Math.max(nextFree, now);
            nextFree = slot + intervalNanos;
            return slot - now;
        }
    }
}
