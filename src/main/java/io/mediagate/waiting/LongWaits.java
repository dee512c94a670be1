package io.mediagate.waiting;

import io.mediagate.broker.WaitBuckets;
import io.mediagate.flow.CallPacing;
import io.mediagate.flow.StageMessages;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides, in the hand-off, where a job that waits goes: due within the horizon ({@code mediagate.poll.park-after}), it
 * waits on its stage's queue as a scheduled message; due later, it is parked in the wait bucket of its due time as a
 * plain message, which the broker pages to disk (a scheduled message stays on the heap while it waits), and
 * {@link WaitRelease} puts it on its stage's schedule once its window comes within the horizon.
 */
public final class LongWaits {

    /** Exchange property: the bucket queue a far-off job is parked in (unset: it goes to its stage as usual). */
    public static final String BUCKET = "mediagateWaitBucket";
    /** Header on a parked job: the stage it goes back to. */
    public static final String STAGE_HEADER = "MediagateStage";

    private final Clock clock;
    private final Duration horizon;

    public LongWaits(Clock clock, Duration horizon) {
        this.clock = clock;
        this.horizon = horizon;
    }

    /**
     * Called by the hand-off after the job's message is written: parks it when it is due beyond the horizon, or when
     * its intake window or daily budget holds it ({@link CallPacing#HELD}: in its operation's held bucket).
     */
    public void parkIfFar(Exchange exchange) {
        Message message = exchange.getMessage();
        Long dueAt = message.getHeader(StageMessages.DUE_AT_HEADER, Long.class);
        long now = clock.millis();
        boolean held = Boolean.TRUE.equals(exchange.getProperty(CallPacing.HELD));
        if (!held && (dueAt == null || dueAt <= now + horizon.toMillis())) {
            return;
        }
        String stage = exchange.getProperty(StageMessages.NEXT_STAGE, String.class);
        String vendor = nameOrAny(message.getHeader(StageMessages.VENDOR_HEADER, String.class));
        String operation = nameOrAny(message.getHeader(StageMessages.OPERATION_HEADER, String.class));
        exchange.setProperty(BUCKET, (held ? WaitBuckets.held(stage, vendor, operation)
                : WaitBuckets.of(stage, vendor, operation, dueAt, now)).name());
        message.setHeader(STAGE_HEADER, stage);
        // a plain message in the bucket: scheduled, the broker would keep it on the heap however far off it is due
        message.removeHeader(StageMessages.SCHEDULED_DELIVERY_HEADER);
    }

    private static String nameOrAny(String name) {
        return name == null || name.isBlank() ? "any" : name;
    }
}
