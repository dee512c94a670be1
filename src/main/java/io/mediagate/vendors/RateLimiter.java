package io.mediagate.vendors;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps each vendor quota under its documented QPS by handing out call slots spaced {@code 1/QPS} apart.
 * A job {@link #take}s the next free slot right before its call, so a burst is spread out instead of sent at once and
 * answered with 429: a near slot is waited for, a far one parks the job on the broker, so no thread waits while
 * thousands of jobs queue for a slow quota.
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
        pacers.put(vendor + "/" + group, pacer(vendor, group, requestsPerSecond));
    }

    /**
     * Declares a quota unless it is declared already: a second caller of the same quota (the mediagate component
     * beside the gateway) books its calls in the same budget instead of resetting it.
     */
    public void defineIfAbsent(String vendor, String group, double requestsPerSecond) {
        pacers.computeIfAbsent(vendor + "/" + group, key -> pacer(vendor, group, requestsPerSecond));
    }

    private static Pacer pacer(String vendor, String group, double requestsPerSecond) {
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("rate of " + vendor + "/" + group + " must be positive");
        }
        return new Pacer((long) Math.ceil(1_000_000_000d / requestsPerSecond));
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

    /** Which kind of call asks for a slot: polls go first (a poll of a finished task ends a job; a submit starts one). */
    public enum Lane { POLL, SUBMIT }

    /** The longest a stage's consumer waits for a slot itself; a job whose slot is further away is parked instead. */
    public static final long MAX_HOLD_MILLIS = 250;
    /** How far ahead submits may book a quota's slots: a poll never waits behind more than this of submits. */
    public static final long SUBMIT_HORIZON_MILLIS = 2000;

    /**
     * What a job does about its quota's next slot: wait {@code waitMillis} for the slot it now holds (short: the
     * stage's consumer waits), or go back to the broker as a scheduled message for {@code parkMillis} — holding the
     * slot at that time ({@code booked}) or holding none and asking again then. Either way no consumer waits behind a
     * slow quota while jobs of other quotas are ready.
     */
    public record Decision(long waitMillis, long parkMillis, boolean booked) {
        public boolean parked() {
            return parkMillis > 0;
        }
    }

    /**
     * Decides about the quota's next slot for a job (see {@link Decision}). Polls always book the next free slot.
     * Submits book only while the quota is booked less than {@link #SUBMIT_HORIZON_MILLIS} ahead; beyond it they
     * park without a slot, in turn after the submits parked before them, so that a long submit backlog never keeps a
     * finished task unread. A job parked without a slot calls {@link #returned} when it is back, then asks again.
     *
     * @param waitedItsTurn the job was parked without a slot and is back in its turn: it books the next free slot
     *                      whatever the horizon (it must not go to the back of the line again)
     */
    public Decision take(String vendor, String group, Lane lane, boolean waitedItsTurn) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        if (pacer == null) {
            return new Decision(0, 0, false);
        }
        return pacer.take(nanoClock.getAsLong(), lane, waitedItsTurn);
    }

    /** A submit parked without a slot is back: it no longer counts among the quota's parked submits. */
    public void returned(String vendor, String group) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        if (pacer != null) {
            pacer.returned();
        }
    }

    /** The quota's spacing between two calls, in milliseconds (0 for unknown quotas). */
    public long intervalMillis(String vendor, String group) {
        Pacer pacer = pacers.get(vendor + "/" + group);
        return pacer == null ? 0 : pacer.intervalMillis();
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

        private int parkedSubmits;

        synchronized Decision take(long now, Lane lane, boolean waitedItsTurn) {
            long bookedAhead = nextFree == Long.MIN_VALUE ? 0 : Math.max(0, nextFree - now);
            if (lane == Lane.SUBMIT && !waitedItsTurn && bookedAhead > SUBMIT_HORIZON_MILLIS * 1_000_000L) {
                parkedSubmits++;
                // back when the horizon has room for it, after the submits parked before it
                long turn = bookedAhead - SUBMIT_HORIZON_MILLIS * 1_000_000L + (long) parkedSubmits * intervalNanos;
                return new Decision(0, Math.max(1, toMillis(turn)), false);
            }
            long wait = toMillis(reserve(now));
            return wait <= MAX_HOLD_MILLIS ? new Decision(wait, 0, false) : new Decision(0, wait, true);
        }

        synchronized void returned() {
            parkedSubmits = Math.max(0, parkedSubmits - 1);
        }

        synchronized long intervalMillis() {
            return toMillis(intervalNanos);
        }

        private static long toMillis(long nanos) {
            return (nanos + 999_999) / 1_000_000;
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
