package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.RateSlot;
import io.mediagate.metrics.GatewayMeters;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.schedules.Schedules;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultMessage;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * When a job may call its vendor: the {@code rate-slot} step of routes/vendor-call.camel.yaml. A poll that what was
 * learned since it was scheduled says is too early is put off (no call). Otherwise the job takes its slot in the
 * vendor's QPS quota: a near slot (at most {@link RateLimiter#MAX_HOLD_MILLIS}) is waited for on the consumer's
 * thread, inside the stage's transaction; a job whose slot is further away is <em>parked</em>: it goes back to its
 * stage's queue as a message scheduled for then, and the consumer is free for jobs of other quotas. So no vendor's
 * backlog makes another vendor's jobs wait.
 *
 * <p>Before any of that, a submit outside its intake window, or whose daily budget is used up ({@link Schedules}), is
 * <em>held</em>: it waits in its operation's held bucket on the broker, holding no consumer, until its window opens or
 * its budget resets. A submit that may go is counted against its budgets just before its call.
 */
public final class CallPacing {

    /** Exchange property: the job was put off or parked and is to be handed back to its own stage, not called. */
    public static final String PARKED = "mediagateParked";
    /** Exchange property: the milliseconds to wait for the job's (near) slot before its call. */
    public static final String WAIT = "mediagateRateWait";

    /** Exchange property: the job is held by its intake window or daily budget (parked in its held bucket). */
    public static final String HELD = "mediagateHeld";

    /** A booked slot this much past is still used (the broker's scheduled delivery is that punctual). */
    static final long MISSED_SLOT_MILLIS = 50;

    private final VendorRegistry vendors;
    private final RateLimiter rateLimiter;
    private final AdaptivePolling polling;
    private final LongSupplier clock;
    private Schedules schedules;

    public CallPacing(VendorRegistry vendors, RateLimiter rateLimiter, AdaptivePolling polling, LongSupplier clock) {
        this.vendors = vendors;
        this.rateLimiter = rateLimiter;
        this.polling = polling;
        this.clock = clock;
    }

    /** Submits keep to these intake windows and daily budgets. */
    public CallPacing withSchedules(Schedules schedules) {
        this.schedules = schedules;
        return this;
    }

    /**
     * Keeps the job aside for the call and sets {@link #WAIT}, the milliseconds the route's delay waits for its slot;
     * or sets {@link #PARKED} and puts the job, due later, on the message for its own stage.
     */
    public void takeSlot(Exchange exchange) {
        long wait = slotWait(exchange);
        exchange.setProperty(WAIT, wait);
        if (wait > 0) {
            Job job = StageMessages.jobOf(exchange);
            GatewayMeters.current().rateLimitWait(job.getVendor(), job.getOperation(), wait);
        }
    }

    private long slotWait(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        exchange.setProperty(StageMessages.JOB, job);
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        long now = clock.getAsLong();
        // a poll back for the slot it booked was let through when it booked it; asked again it could be put off behind
        // its own question (before anything is learned, the probe the other jobs wait for) and lose its slot
        if (job.getStage() == Job.Stage.poll && job.getRateSlot() == null) {
            OptionalLong later = polling.putOff(job, operation.spec().poll(), now);
            if (later.isPresent()) {
                return park(exchange, job, later.getAsLong(), null);
            }
        }
        String vendor = operation.spec().vendor();
        String quota = operation.rateGroup(job);
        RateSlot parkedFor = job.getRateSlot();
        job.setRateSlot(null);
        boolean submit = job.getStage() == Job.Stage.submit && schedules != null;
        if (submit && schedules.holdFor(vendor, operation.spec().name()).isPresent()) {
            // it may wait for hours: a slot it was parked with will have passed, and an unbooked one no longer waits
            // its turn in the quota's line
            if (parkedFor != null && parkedFor.bookedAt() == null) {
                rateLimiter.returned(vendor, quota);
            }
            return hold(exchange, job, now);
        }
        if (parkedFor != null && parkedFor.bookedAt() != null) {
            long wait = parkedFor.bookedAt() - now;
            if (wait > RateLimiter.MAX_HOLD_MILLIS) {
                return park(exchange, job, parkedFor.bookedAt(), parkedFor);
            }
            if (wait >= -MISSED_SLOT_MILLIS) {
                return counted(exchange, job, operation, submit, Math.max(0, wait), now);
            }
            // its slot has passed (a restart, a busy stage): used now it could make two calls in one slot; it books
            // the next free one instead, in turn
        } else if (parkedFor != null) {
            rateLimiter.returned(vendor, quota);
        }
        RateLimiter.Lane lane = job.getStage() == Job.Stage.poll ? RateLimiter.Lane.POLL : RateLimiter.Lane.SUBMIT;
        RateLimiter.Decision decision = rateLimiter.take(vendor, quota, lane, parkedFor != null);
        if (!decision.parked()) {
            return counted(exchange, job, operation, submit, decision.waitMillis(), now);
        }
        long until = now + decision.parkMillis();
        GatewayMeters.current().rateLimitWait(job.getVendor(), job.getOperation(), decision.parkMillis());
        return park(exchange, job, until, new RateSlot(decision.booked() ? until : null));
    }

    /**
     * A submit about to call is counted against its daily budgets, once per call (job and call number: a redelivery of
     * this very call is not counted again); when another job used the budget up meanwhile, it is held instead.
     */
    private long counted(Exchange exchange, Job job, VendorOperation operation, boolean submit, long wait, long now) {
        if (submit && !schedules.count(operation.spec().vendor(), operation.spec().name(), job.getId() + ":" + job.getVendorCalls())) {
            return hold(exchange, job, now);
        }
        return wait;
    }

    /** Parks the job in its operation's held bucket, where it waits for its window or budget (see the hand-off). */
    private static long hold(Exchange exchange, Job job, long now) {
        park(exchange, job, now, null);
        exchange.setProperty(HELD, true);
        return 0;
    }

    private static long park(Exchange exchange, Job job, long until, RateSlot slot) {
        job.setRateSlot(slot);
        job.setDueAt(until);
        // a new message, not the one received: that one's broker properties (its duplicate id above all) must not
        // travel with it, or the broker would refuse the job's return to its own queue as a duplicate
        exchange.setMessage(new DefaultMessage(exchange.getContext()));
        StageMessages.handOff(exchange, job);
        exchange.setProperty(PARKED, true);
        return 0;
    }
}
