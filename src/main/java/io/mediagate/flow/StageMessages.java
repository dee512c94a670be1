package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.Json;
import org.apache.camel.Exchange;

/**
 * The message that carries a job from one stage to the next: the job as JSON in the body, its id and due
 * time as headers (so a broker can deduplicate and schedule it), and an exchange property naming the next
 * stage for the route's {@code choice}.
 */
public final class StageMessages {

    /** Exchange property: {@code gather}, {@code submit}, {@code poll} or {@code deliver}. */
    public static final String NEXT_STAGE = "mediagateStage";
    /** Exchange property holding the job while the body is a vendor request or answer. */
    public static final String JOB = "mediagateJob";
    public static final String JOB_ID_HEADER = "MediagateJobId";
    /** Epoch millis before which the next stage must not act on the job. */
    public static final String DUE_AT_HEADER = "MediagateDueAt";
    public static final String VENDOR_HEADER = "MediagateVendor";
    public static final String OPERATION_HEADER = "MediagateOperation";
    /** Jobs waiting to be gathered with the same value may share one batch call (see Gathering). */
    public static final String BATCH_KEY_HEADER = "MediagateBatchKey";
    /** Artemis: deliver the message no earlier than this epoch millis (scheduled delivery). */
    public static final String SCHEDULED_DELIVERY_HEADER = "_AMQ_SCHED_DELIVERY";
    /** Artemis: the broker refuses a second message with the same id on the same queue (duplicate detection). */
    public static final String DUPLICATE_ID_HEADER = "_AMQ_DUPL_ID";

    private StageMessages() {
    }

    public static void handOff(Exchange exchange, Job job) {
        exchange.removeProperty(JOB);
        exchange.setProperty(NEXT_STAGE, job.getStage().name());
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(JOB_ID_HEADER, job.getId());
        if (job.getVendor() != null) {
            exchange.getMessage().setHeader(VENDOR_HEADER, job.getVendor());
            exchange.getMessage().setHeader(OPERATION_HEADER, job.getOperation());
        }
        if (job.getStage() == Job.Stage.gather && job.getBatchKey() != null) {
            exchange.getMessage().setHeader(BATCH_KEY_HEADER, job.getBatchKey());
        }
        if (job.getDueAt() != null) {
            exchange.getMessage().setHeader(DUE_AT_HEADER, job.getDueAt());
            // on a broker the job waits as a scheduled message; in-memory queues ignore this header and the
            // route's delay step waits instead
            exchange.getMessage().setHeader(SCHEDULED_DELIVERY_HEADER, job.getDueAt());
        }
        exchange.getMessage().setBody(Json.write(job));
    }

    /**
     * The hand-off of a job's first message (from ingest, or again from start-up reconciliation): it carries a
     * duplicate id unique to this acceptance of the job, so the broker refuses a second copy.
     */
    public static void handOffFirst(Exchange exchange, Job job) {
        handOff(exchange, job);
        exchange.getMessage().setHeader(DUPLICATE_ID_HEADER, job.getId() + ":" + job.getAcceptedAt());
    }

    /** The job of this exchange: the one kept aside during a vendor call, else the one in the body. */
    public static Job jobOf(Exchange exchange) {
        Job kept = exchange.getProperty(JOB, Job.class);
        if (kept != null) {
            return kept;
        }
        return Json.read(exchange.getMessage().getBody(String.class), Job.class);
    }

    /** Milliseconds until the job in this message is due (0 when due now); used by the routes' delay step. */
    public static long millisUntilDue(Exchange exchange) {
        Long dueAt = exchange.getMessage().getHeader(DUE_AT_HEADER, Long.class);
        return dueAt == null ? 0 : Math.max(0, dueAt - System.currentTimeMillis());
    }
}
