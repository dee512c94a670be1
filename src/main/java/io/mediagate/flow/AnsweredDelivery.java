package io.mediagate.flow;

import io.mediagate.job.Job;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The delivery of a file's job in the stage that got the vendor's answer ending it (submit, poll), in that stage's
 * transaction: one broker hand-off fewer per job (routes/deliver.camel.yaml, {@code deliver-answered}). Decides when
 * it may ({@link #deliversHere}), keeps the answer beside the job's record first, and says what a failure does: a disk
 * that refuses the files hands the job to the deliver stage, anything else rolls the stage back. The delivery itself is
 * {@link Delivery}'s, the same as the deliver stage's; what a message that comes again after a crash finds is
 * {@link VendorCalls#resumeDelivery}'s.
 */
public final class AnsweredDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(AnsweredDelivery.class);

    /** Exchange property: the vendor's answer ended this file's job (see {@link #deliversHere}). */
    public static final String ENDED_HERE = "mediagateEndedHere";
    /** Exchange property: the job is the answer kept beside its record before a crash ({@link VendorCalls#resumeDelivery}). */
    public static final String KEPT_ANSWER = "mediagateKeptAnswer";
    /** Exchange property holding the job being delivered in the stage that got its answer ({@link #keepAnswer}). */
    public static final String ANSWERED = "mediagateAnswered";

    private final JobFolders jobs;
    private final Sealing sealing;
    private final BooleanSupplier eventsHeard;

    /**
     * @param eventsHeard whether job events have a subscriber now: a job is delivered in the stage that got its answer
     *                    only while none has, since after a crash before that stage's commit its events are not sent
     *                    again (the deliver stage sends them again, doing its whole delivery again)
     */
    public AnsweredDelivery(JobFolders jobs, Sealing sealing, BooleanSupplier eventsHeard) {
        this.jobs = jobs;
        this.sealing = sealing;
        this.eventsHeard = eventsHeard;
    }

    /**
     * Whether the stage that got the vendor's answer delivers the job itself, in its transaction: a file's job the
     * answer ended, while no one subscribes to job events. If the gateway stops before that stage commits, the message
     * that comes again finds its job delivered and has nothing to send again: no answer (a queue request's job goes
     * through the deliver stage) and no event (no subscriber).
     */
    public boolean deliversHere(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(ENDED_HERE, Boolean.class))
                && Job.Stage.deliver.name().equals(exchange.getProperty(StageMessages.NEXT_STAGE, String.class))
                && !eventsHeard.getAsBoolean();
    }

    /**
     * First step: the job as answered is kept beside its record ({@link JobFolders#saveAnswer}), so that the message
     * that comes again after a crash delivers it without a second vendor call; and kept on the exchange for
     * {@link Delivery#deliver} and the steps that follow.
     */
    public void keepAnswer(Exchange exchange) {
        Job answered = StageMessages.jobOf(exchange);
        if (!Boolean.TRUE.equals(exchange.getProperty(KEPT_ANSWER, Boolean.class))) {
            jobs.saveAnswer(answered, sealing.folderOf(answered));
        }
        exchange.setProperty(ANSWERED, answered);
    }

    /**
     * A job whose delivery the disk refused: handed to the deliver stage, whose own error handling has it wait for the
     * disk (not fail), its paid-for result kept. What this delivery did already is done again there, to the same
     * effect; nothing of it was sent yet (the disk refuses before the job's event).
     */
    public void handOverToDeliverStage(Exchange exchange) {
        Job job = exchange.getProperty(ANSWERED, Job.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Job {} ({}) could not be delivered where its answer came: the deliver stage takes it over ({})",
                job.getId(), DataFolders.inputPath(job), error.getMessage());
        exchange.removeProperty(ANSWERED);
        exchange.removeProperty(Delivery.ANSWER);
        exchange.removeProperty(Delivery.DELIVERED);
        StageMessages.handOff(exchange, job);
    }

    /** Rolls the stage back when the delivery failed for a reason other than the disk ({@link DeliveryRollback}). */
    public void rollBack(Exchange exchange) {
        throw new DeliveryRollback(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }
}
