package io.mediagate.schedules;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TimeZone;

/**
 * A vendor quota's calls per day ({@code mediagate.<vendor>[.<operation>].budget.daily}): submit calls are counted
 * until the limit, then jobs wait for the reset ({@code .budget.reset}, a Quartz cron in the vendor's time zone). The
 * vendor saying its own daily limit is reached (Baidu's error 17) spends the budget until the reset too, with or
 * without a configured limit.
 *
 * <p>Each call is counted once by its key (job and call number): a job that comes back without having called (put
 * off for its rate slot, a redelivery after a rollback) is not counted again.
 */
public final class DailyBudget {

    /** What the budget stands at: kept in the state file, shown by {@code status}. */
    public record State(String key, long limit, long spent, boolean spentByVendor, Instant resetsAt, Set<String> counted) {
        /** Whether no further call is allowed until {@link #resetsAt}. */
        public boolean used() {
            return spentByVendor || (limit > 0 && spent >= limit);
        }
    }

    private final String key;
    private final long limit;
    private final CronExpression reset;
    private final String resetSpec;
    private final ZoneId zone;
    private long spent;
    private boolean spentByVendor;
    private Instant resetsAt;
    private final Set<String> counted = new LinkedHashSet<>();

    /**
     * @param key   {@code <vendor>} or {@code <vendor>.<operation>}
     * @param limit calls per day; 0: no limit of its own (only the vendor's word spends it)
     */
    public DailyBudget(String key, long limit, String resetCron, ZoneId zone, Instant now) {
        this.key = key;
        this.limit = limit;
        this.resetSpec = resetCron;
        this.zone = zone;
        try {
            this.reset = new CronExpression(resetCron);
        } catch (ParseException e) {
            throw new IllegalStateException("mediagate." + key + ".budget.reset = " + resetCron + ": not a Quartz cron expression ("
                    + e.getMessage() + "), e.g. \"0 0 0 * * ?\" for midnight");
        }
        reset.setTimeZone(TimeZone.getTimeZone(zone));
        this.resetsAt = nextReset(now);
    }

    public String key() {
        return key;
    }

    /** The reset's cron expression and time zone, as configured. */
    public String resetSpec() {
        return resetSpec;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Takes up an earlier run's state (from the state file) unless its reset has passed since. */
    public synchronized void restore(State saved, Instant now) {
        if (saved.resetsAt() != null && now.isBefore(saved.resetsAt())) {
            spent = saved.spent();
            spentByVendor = saved.spentByVendor();
            resetsAt = saved.resetsAt();
            counted.clear();
            counted.addAll(saved.counted());
        }
    }

    /**
     * Counts the call {@code callKey} if the budget allows it.
     *
     * @return true when the call may be made (counted now or before), false when the budget is used until the reset
     */
    public synchronized boolean take(String callKey, Instant now) {
        if (!allows(callKey, now)) {
            return false;
        }
        // without a limit there is nothing to count against: only the vendor's word spends it
        if (limit > 0 && counted.add(callKey)) {
            spent++;
        }
        return true;
    }

    /** Whether the call {@code callKey} may be made (counted before, or the budget has room), without counting it. */
    public synchronized boolean allows(String callKey, Instant now) {
        resetIfDue(now);
        return counted.contains(callKey) || !(spentByVendor || (limit > 0 && spent >= limit));
    }

    /** Whether it has a limit of its own (else only the vendor's word spends it). */
    public boolean limited() {
        return limit > 0;
    }

    /** The vendor said the daily limit is reached: no more calls until the reset. */
    public synchronized void spentByVendor(Instant now) {
        resetIfDue(now);
        spentByVendor = true;
    }

    /** The reset (the cron route at its fire time; a gateway that was down then catches up on its next look). */
    public synchronized void resetIfDue(Instant now) {
        if (!now.isBefore(resetsAt)) {
            spent = 0;
            spentByVendor = false;
            counted.clear();
            resetsAt = nextReset(now);
        }
    }

    public synchronized State state() {
        return new State(key, limit, spent, spentByVendor, resetsAt, Set.copyOf(counted));
    }

    private Instant nextReset(Instant now) {
        Date next = reset.getNextValidTimeAfter(Date.from(now));
        if (next == null) {
            throw new IllegalStateException("mediagate." + key + ".budget.reset = " + resetSpec + " never fires");
        }
        return next.toInstant();
    }
}
