package io.mediagate.flow;

import io.mediagate.job.Job;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs whose delivery the disk is blocking (see {@link DeliveryBlocked}). Such a job is not failed and does not spend
 * its crash budget ({@code mediagate.broker.max-deliveries}): its message is committed and sent again to the deliver
 * queue as a new, scheduled message, with a growing delay like a poll, until the disk takes it. Reported once per job
 * in the log, and as long as any job waits, the health check {@code mediagate-delivery-disk} is DOWN.
 */
public final class BlockedDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(BlockedDeliveries.class);
    /** How many times in a row the disk blocked this job's delivery (sets the next delay; {@code status} counts it). */
    public static final String ATTEMPTS_HEADER = "MediagateDiskRetries";

    private final Duration firstDelay;
    private final Duration maxDelay;
    /** job id → what blocks its delivery */
    private final Map<String, Blocked> blocked = new ConcurrentHashMap<>();

    /** A job waiting for the disk: the last error, and how many deliveries the disk refused so far. */
    public record Blocked(String reason, int tries) {
    }

    public BlockedDeliveries(Duration firstDelay, Duration maxDelay) {
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    /**
     * In the deliver route's error handling: the job goes back to the deliver queue as a new message due after the
     * next delay (the route sends it, in the same transaction that consumes the blocked one).
     */
    public void hold(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Integer before = exchange.getMessage().getHeader(ATTEMPTS_HEADER, Integer.class);
        int attempts = before == null ? 0 : before;
        Job job = StageMessages.jobOf(exchange);
        long delay = delayAfter(attempts);
        String reason = error == null ? "unknown" : String.valueOf(error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
        if (blocked.put(job.getId(), new Blocked(reason, attempts + 1)) == null) {
            LOG.warn("Job {} ({}) is finished but cannot be delivered: {}. It waits and is tried again (every {} s at most)"
                    + " until the disk takes it; free space or fix the folder's permissions", job.getId(),
                    DataFolders.inputPath(job), reason, maxDelay.toSeconds());
        } else {
            LOG.debug("Delivery of job {} still blocked: {}", job.getId(), reason);
        }
        StageMessages.handOff(exchange, job);
        exchange.getMessage().setHeader(ATTEMPTS_HEADER, attempts + 1);
        exchange.getMessage().setHeader(StageMessages.SCHEDULED_DELIVERY_HEADER, System.currentTimeMillis() + delay);
    }

    /** The delay before the next try: the first delay, doubled per blocked try, at most the maximum. */
    long delayAfter(int attempts) {
        long delay = firstDelay.toMillis();
        for (int i = 0; i < attempts && delay < maxDelay.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelay.toMillis());
    }

    /** The job was delivered (or left this gateway): it no longer counts as blocked. */
    public void cleared(String jobId) {
        if (blocked.remove(jobId) != null) {
            LOG.info("Job {} delivered after the disk let it through again", jobId);
        }
    }

    /** The jobs waiting for the disk, with what blocks each. */
    public Map<String, Blocked> blocked() {
        return Map.copyOf(blocked);
    }
}
