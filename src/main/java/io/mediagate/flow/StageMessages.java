package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The message that carries a job from one stage to the next: the job as JSON in the body, its id and due
 * time as headers (so a broker can deduplicate and schedule it), and an exchange property naming the next
 * stage, which the {@code handoff} route (routes/handoff.camel.yaml) maps to that stage's queue.
 */
public final class StageMessages {

    /** Exchange property: {@code gather}, {@code submit}, {@code poll} or {@code deliver}: where the hand-off sends the job. */
    public static final String NEXT_STAGE = "mediagateStage";
    /** Exchange property holding the job while the body is a vendor request or answer. */
    public static final String JOB = "mediagateJob";
    /** Exchange property holding the job whose first message the exchange sends (see {@link #handOffFirst}). */
    public static final String FIRST_JOB = "mediagateFirstJob";
    public static final String JOB_ID_HEADER = "MediagateJobId";
    /** Epoch millis before which the next stage must not act on the job. */
    public static final String DUE_AT_HEADER = "MediagateDueAt";
    public static final String VENDOR_HEADER = "MediagateVendor";
    public static final String OPERATION_HEADER = "MediagateOperation";
    /** Jobs waiting to be gathered with the same value may share one batch call (see Gathering). */
    public static final String BATCH_KEY_HEADER = "MediagateBatchKey";
    /** Set on the message of an automatic batch: how many jobs it stands for (the deliver route splits it). */
    public static final String BATCH_SIZE_HEADER = "MediagateBatchSize";
    /** Artemis: deliver the message no earlier than this epoch millis (scheduled delivery). */
    public static final String SCHEDULED_DELIVERY_HEADER = "_AMQ_SCHED_DELIVERY";
    /** Artemis: the broker refuses a second message with the same id on the same queue (duplicate detection). */
    public static final String DUPLICATE_ID_HEADER = "_AMQ_DUPL_ID";

    private StageMessages() {
    }

    public static void handOff(Exchange exchange, Job job) {
        exchange.removeProperty(JOB);
        exchange.setProperty(NEXT_STAGE, job.getStage().name());
        write(exchange.getMessage(), job);
    }

    /** The job as a stage message: JSON body, id, vendor, operation and due time (and batch facts) as headers. */
    public static void write(Message message, Job job) {
        message.getHeaders().clear();
        message.setHeader(JOB_ID_HEADER, job.getId());
        if (job.getVendor() != null) {
            message.setHeader(VENDOR_HEADER, job.getVendor());
            message.setHeader(OPERATION_HEADER, job.getOperation());
        }
        if (job.getStage() == Job.Stage.gather && job.getBatchKey() != null) {
            message.setHeader(BATCH_KEY_HEADER, job.getBatchKey());
        }
        if (job.isAutomaticBatch()) {
            message.setHeader(BATCH_SIZE_HEADER, job.getMembers().size());
        }
        if (job.getDueAt() != null) {
            message.setHeader(DUE_AT_HEADER, job.getDueAt());
            // the job waits on the broker as a scheduled message: its stage receives it when it is due
            message.setHeader(SCHEDULED_DELIVERY_HEADER, job.getDueAt());
        }
        message.setBody(Json.write(job));
    }

    /**
     * The hand-off of a job's first message (from ingest, or again from start-up reconciliation): it carries a
     * duplicate id unique to this acceptance of the job, so the broker refuses a second copy.
     */
    public static void handOffFirst(Exchange exchange, Job job) {
        handOff(exchange, job);
        exchange.getMessage().setHeader(DUPLICATE_ID_HEADER, job.getId() + ":" + job.getAcceptedAt());
        // kept beside the body so that marking it enqueued after the send need not parse the JSON it was just written to
        exchange.setProperty(FIRST_JOB, job);
    }

    /** The job whose first message this exchange sent ({@link #handOffFirst}), else the one in the body. */
    public static Job firstJobOf(Exchange exchange) {
        Job first = exchange.getProperty(FIRST_JOB, Job.class);
        return first != null ? first : jobOf(exchange);
    }

    /** The job of this exchange: the one kept aside during a vendor call, else the one in the body. */
    public static Job jobOf(Exchange exchange) {
        Job kept = exchange.getProperty(JOB, Job.class);
        if (kept != null) {
            return kept;
        }
        try {
            return Json.read(exchange.getMessage().getBody(String.class), Job.class);
        } catch (java.io.UncheckedIOException | IllegalArgumentException unreadable) {
            throw new NotAJob(unreadable);
        }
    }
}
