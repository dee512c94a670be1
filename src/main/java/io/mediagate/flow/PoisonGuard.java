package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A job message the broker hands over again and again means the gateway died, or kept failing, while
 * working on it. Past {@code mediagate.broker.max-deliveries} the job fails as {@code internal}, with the
 * last error seen on it, instead of blocking its stage. The last error is kept in the job's work folder
 * ({@code work/<job id>/last-error}) because the process that saw it may be gone.
 */
public final class PoisonGuard {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonGuard.class);
    private static final String LAST_ERROR = "last-error";

    private final SubmitMarkers submits;
    private final Sealing sealing;
    private final int maxDeliveries;

    /**
     * @param submits where submit calls are recorded before they are made
     * @param sealing finds the job's folder, live or set aside for delivery, for its last error
     */
    public PoisonGuard(SubmitMarkers submits, Sealing sealing, int maxDeliveries) {
        this.submits = submits;
        this.sealing = sealing;
        this.maxDeliveries = maxDeliveries;
    }

    /** In submit and poll: past the limit, throws the job's failure (the routes' error handling delivers it). */
    public void check(Exchange exchange) {
        if (overLimit(exchange)) {
            Job job = StageMessages.jobOf(exchange);
            exchange.setProperty(StageMessages.JOB, job);
            throw new JobFailure(givenUp(exchange, job, unansweredSubmits(job)));
        }
    }

    /**
     * In deliver and gather: past the limit, the job becomes an {@code internal} failure, so its record goes to
     * failed/ (these stages have no error route that would deliver it).
     */
    public void failIfGivenUp(Exchange exchange) {
        if (overLimit(exchange)) {
            Job job = StageMessages.jobOf(exchange);
            job.fail(givenUp(exchange, job, 0), System.currentTimeMillis());
            LOG.error("Job {} ({}) given up: {}", job.getId(), DataFolders.inputPath(job), job.getError().message());
            StageMessages.handOff(exchange, job);
        }
    }

    /** Keeps the error that is about to roll this job's message back (the next delivery may be another process). */
    public void remember(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        Job job;
        try {
            job = StageMessages.jobOf(exchange);
        } catch (RuntimeException notAJob) {
            return;
        }
        if (error == null || job == null || job.getId() == null) {
            return;
        }
        String jobId = job.getId();
        LOG.warn("Job {} failed in its stage and goes back to the broker: {}", jobId, error.toString());
        try {
            Files.writeString(lastErrorFile(job), error.toString());
        } catch (NoSuchFileException jobGone) {
            // the job's folder is gone (delivered meanwhile); nothing to keep
        } catch (IOException e) {
            LOG.warn("cannot keep the last error of job {}: {}", jobId, e.getMessage());
        }
    }

    private boolean overLimit(Exchange exchange) {
        Integer deliveries = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
        return deliveries != null && deliveries > maxDeliveries;
    }

    /**
     * Submit calls sent from the job's state during the deliveries that crashed (read from the submit marker): each
     * may have made a task at the vendor. Two or more mark the job {@code possibleDuplicateSubmission}, and all are
     * counted in its vendor calls (the record's {@code attempts}).
     */
    private int unansweredSubmits(Job job) {
        if (job.getStage() != Job.Stage.submit || job.getId() == null) {
            return 0;
        }
        int sent = submits.submitsSent(job.getId(), job.getVendorCalls());
        if (sent > 1) {
            job.setPossibleDuplicateSubmission(true);
        }
        job.setVendorCalls(job.getVendorCalls() + sent);
        return sent;
    }

    private JobError givenUp(Exchange exchange, Job job, int unansweredSubmits) {
        int deliveries = exchange.getMessage().getHeader("JMSXDeliveryCount", Integer.class);
        String last = lastError(job);
        String sent = unansweredSubmits == 0 ? ""
                : "; " + unansweredSubmits + (unansweredSubmits == 1 ? " submit call was" : " submit calls were")
                + " sent to " + job.getVendor() + " without an answer recorded, so the vendor may run (and bill) up to "
                + unansweredSubmits + (unansweredSubmits == 1 ? " task" : " tasks") + " for this input: check its console"
                + " before dropping it again";
        return JobError.internal("the gateway stopped or failed " + (deliveries - 1) + " times while working on this job"
                + (last == null ? " (crash, kill or out of memory)" : "; last error: " + last)
                + "; it was given up after " + maxDeliveries + " deliveries (mediagate.broker.max-deliveries)" + sent);
    }

    private String lastError(Job job) {
        try {
            return Files.readString(lastErrorFile(job)).trim();
        } catch (IOException none) {
            return null;
        }
    }

    private Path lastErrorFile(Job job) {
        return sealing.folderOf(job).resolve(LAST_ERROR);
    }
}
