package io.mediagate.flow;

import io.mediagate.calls.VendorCallSteps;
import io.mediagate.calls.VendorHttpMessages;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.LocalMedia;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.media.MediaDownload;
import io.mediagate.vendors.DailyLimits;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.http.VendorRequest;
import io.mediagate.vendors.RateLimiter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The submit and poll stages' own steps of routes/vendor-call.camel.yaml: the vendor's HTTP request for Camel's HTTP
 * endpoint (build-request), and the answer turned into the job's next step (read-answer: deliver, poll later, or retry
 * later, see {@link NextSteps}). The rate slot ({@link CallPacing}) and the authentication ({@link VendorAuth}) are
 * steps of their own; the HTTP call itself stays in the route, where users see and tune it.
 */
public final class VendorCalls {

    private static final Logger LOG = LoggerFactory.getLogger(VendorCalls.class);

    /** Exchange property set by the route when the HTTP call failed without an answer. */
    public static final String NETWORK_ERROR = VendorHttpMessages.NETWORK_ERROR;
    /** Exchange property set by the route when the HTTP call could not even be sent (an exception that is no IOException). */
    public static final String UNSENT_ERROR = VendorHttpMessages.UNSENT_ERROR;

    private final VendorRegistry vendors;
    private final WorkArea workArea;
    private final Path inbox;
    private final OssStaging staging;
    private final VendorCallSteps steps;

    public VendorCalls(VendorRegistry vendors, RateLimiter rateLimiter, RetryPolicy retryPolicy) {
        this(vendors, rateLimiter, retryPolicy, null, null);
    }

    /** @param workArea where submit calls are recorded before they are made (null: not recorded) */
    public VendorCalls(VendorRegistry vendors, RateLimiter rateLimiter, RetryPolicy retryPolicy, WorkArea workArea) {
        this(vendors, rateLimiter, retryPolicy, workArea, null);
    }

    /** @param inbox where an input that changed after it was taken goes back to before its first call (null: not checked) */
    public VendorCalls(VendorRegistry vendors, RateLimiter rateLimiter, RetryPolicy retryPolicy, WorkArea workArea, Path inbox) {
        this(vendors, rateLimiter, retryPolicy, workArea, inbox,
                new MediaDownload(java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(10)), 2L << 30);
    }

    /**
     * @param workArea         where submit calls are recorded before they are made (null: not recorded)
     * @param inbox            where an input that changed after it was taken goes back to before its first call
     * @param downloads        fetches a job file's url for a vendor that reads media only from OSS (ICE)
     * @param maxDownloadBytes the largest such download
     */
    public VendorCalls(VendorRegistry vendors, RateLimiter rateLimiter, RetryPolicy retryPolicy, WorkArea workArea, Path inbox,
                       MediaDownload downloads, long maxDownloadBytes) {
        this.vendors = vendors;
        this.workArea = workArea;
        this.inbox = inbox;
        this.staging = new OssStaging(vendors, workArea, downloads, maxDownloadBytes);
        this.steps = new VendorCallSteps(vendors, rateLimiter, retryPolicy);
    }

    /** Polls are scheduled by this (the gateway's one instance, which learns processing times; see {@link CallPacing}). */
    public VendorCalls withPolling(AdaptivePolling polling) {
        steps.withPolling(polling);
        return this;
    }

    /** A vendor's daily limit holds the job until its quota's reset (these budgets are told), instead of failing it. */
    public VendorCalls withDailyLimits(DailyLimits dailyLimits) {
        steps.withDailyLimits(dailyLimits);
        return this;
    }

    /**
     * Exchange property set when the job's folder is set aside for delivery and no answer was saved in it: its answer
     * was being delivered when the gateway stopped, so the submit is sent again (marked), with no marker made in a
     * folder that is gone.
     */
    private static final String BEING_DELIVERED = "mediagateBeingDelivered";

    /**
     * For a message that comes again after a crash: a job's answer is delivered in the stage that got it, in its
     * transaction, so the submit or poll message of a job delivered (or being delivered) when the gateway stopped comes
     * again. A delivered job ends here, calling no vendor. A submit whose answer was saved beside the job's record
     * ({@link JobFolders#saveAnswer}) is delivered from it ({@link AnsweredDelivery#ANSWERED} set); one whose delivery began
     * without it (a power loss) is sent again, marked as a possible duplicate. A poll simply asks again.
     */
    public void resumeDelivery(Exchange exchange) {
        if (workArea == null) {
            return;
        }
        Job job = StageMessages.jobOf(exchange);
        // kept aside, as the rate slot would keep it: the steps that follow need not read the message again
        exchange.setProperty(StageMessages.JOB, job);
        Sealing.Standing standing = workArea.sealing().standing(job);
        if (standing == Sealing.Standing.DELIVERED) {
            LOG.info("Job {} ({}) was delivered before the gateway stopped, and its {} message came again: nothing to call",
                    job.getId(), DataFolders.inputPath(job), job.getStage());
            workArea.sealing().removeLeftover(job);
            exchange.setRouteStop(true);
            return;
        }
        boolean beingDelivered = standing == Sealing.Standing.BEING_DELIVERED;
        // a kept answer can only be there after a submit call (its marker says so) or a poll
        if (!beingDelivered && !(job.getStage() == Job.Stage.poll
                || job.getStage() == Job.Stage.submit && workArea.submits().wasSubmitting(job.getId(), job.getVendorCalls()))) {
            return;
        }
        Job answered = JobFolders.answered(workArea.sealing().folderOf(job), job);
        if (answered != null) {
            LOG.info("Job {} ({}) was answered before the gateway stopped: delivered from the answer kept beside its record,"
                    + " without a second call", job.getId(), DataFolders.inputPath(job));
            handOff(exchange, answered);
            exchange.setProperty(AnsweredDelivery.KEPT_ANSWER, true);
            return;
        }
        if (!beingDelivered) {
            return;
        }
        // set aside for delivery with its answer lost (a power loss tore it): its input tells how far the delivery got
        Path input = workArea.sealing().setAsideInput(job);
        if (!java.nio.file.Files.exists(input)) {
            // on to done/ or failed/, which comes after the envelope or error record: delivered but for its folder
            LOG.info("Job {} ({}) was delivered before the gateway stopped, and its {} message came again: nothing to call",
                    job.getId(), DataFolders.inputPath(job), job.getStage());
            workArea.sealing().removeLeftover(job);
            exchange.setRouteStop(true);
            return;
        }
        job.getSource().workFile = input.toString();
        if (job.getStage() == Job.Stage.submit) {
            job.setPossibleDuplicateSubmission(true);
            LOG.warn("Job {} ({}) was being delivered when the gateway stopped, its answer lost: it is submitted again,"
                    + " marked possibleDuplicateSubmission", job.getId(), DataFolders.inputPath(job));
            exchange.setProperty(BEING_DELIVERED, true);
        }
    }

    /**
     * Builds the job's submit request (staging its media in OSS first for a vendor that reads only from there), records
     * that the call is about to be made, and puts the request on the message, not yet authenticated
     * ({@link VendorAuth} follows).
     */
    public void prepareSubmit(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        // one look at the job's folder for its submit marker, for the checks below and the record made before the call
        SubmitMarkers.Submits submits = workArea == null || exchange.getProperty(BEING_DELIVERED) != null ? null
                : workArea.submits().submits(job.getId(), job.getVendorCalls());
        if (changedSinceTaken(job, submits)) {
            // nothing was sent: the job ends here, its input waits in the inbox until it is complete
            int returned = workArea.reclaim().returnJob(job, inbox);
            LOG.warn("{} changed after it was taken in (its writer paused longer than mediagate.ingest.min-age): {} file(s)"
                    + " put back into the inbox, to be taken again once complete; nothing was sent", DataFolders.inputPath(job), returned);
            exchange.setRouteStop(true);
            return;
        }
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        LocalMedia media = OssStaging.localMedia(job);
        if (operation.stagesLocalMedia()) {
            // a batch stages each member's file; the members keep where theirs went, for cleaning up after delivery
            staging.stageMedia(job, operation);
        }
        VendorRequest request = steps.submitRequest(job, media);
        if (submits != null) {
            if (submits.any()) {
                // the gateway stopped after sending this very call and before recording its answer: the vendor may
                // already run the task. Even ICE's repeat, which carries the job's ClientToken, is marked: Alibaba's
                // SDK models have ClientToken only on QueryIProductionJob, so that ICE honours it on submit is unconfirmed
                job.setPossibleDuplicateSubmission(true);
                LOG.warn("Job {} ({}) is submitted again after an interrupted submit; marked possibleDuplicateSubmission",
                        job.getId(), DataFolders.inputPath(job));
            }
            workArea.submits().recordSubmitting(submits);
        }
        if (job.getSubmittedAt() == null) {
            job.setSubmittedAt(System.currentTimeMillis());
        }
        toHttpMessage(exchange, job, request);
    }

    /**
     * Whether a single job's dropped file is no longer what was taken in, checked before its first vendor call only
     * (once a call went out, the vendor may have the file; a later change cannot undo that).
     */
    private boolean changedSinceTaken(Job job, SubmitMarkers.Submits submits) {
        // a queue request's content was written by the gateway itself, and has no inbox to go back to; the marker is
        // the one of the job's first state here (no vendor call before)
        if (inbox == null || submits == null || !job.hasLocalMedia() || job.getReply() != null || job.isAutomaticBatch()
                || job.getVendorCalls() > 0
                || job.getSource().modifiedAt == null || submits.any()) {
            return false;
        }
        Path file = Path.of(job.getSource().workFile);
        if (!java.nio.file.Files.exists(file)) {
            return false;
        }
        FileStamp now = FileStamp.of(file);
        return now.bytes() != job.getSource().bytes || now.modifiedMillis() != job.getSource().modifiedAt;
    }

    /** Builds the status request of the job's vendor task and puts it on the message, not yet authenticated. */
    public void preparePoll(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        toHttpMessage(exchange, job, steps.pollRequest(job));
    }

    public void readSubmit(Exchange exchange) {
        CrashPoints.reached(CrashPoints.SUBMIT_ANSWERED);
        Job job = StageMessages.jobOf(exchange);
        steps.readSubmit(job, VendorHttpMessages.sent(exchange), steps.operation(job).spec().poll());
        handOff(exchange, job);
    }

    public void readPoll(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        steps.readPoll(job, VendorHttpMessages.sent(exchange), steps.operation(job).spec().poll());
        handOff(exchange, job);
    }

    /**
     * The job to its next stage. One the answer ended may be delivered in this stage ({@link AnsweredDelivery#deliversHere}):
     * a file's job, whose delivery leaves nothing to send again after a crash (a queue request's answer goes through
     * the deliver stage, which does its whole delivery again when its message comes again).
     */
    private static void handOff(Exchange exchange, Job job) {
        StageMessages.handOff(exchange, job);
        if (job.getStage() == Job.Stage.deliver && !job.isAutomaticBatch() && job.getReply() == null) {
            exchange.setProperty(AnsweredDelivery.ENDED_HERE, true);
        }
    }

    /**
     * Error handler of the submit and poll routes: a retryable {@link JobFailure} sends the job back to its stage
     * after a backoff (until the retry policy gives up); any other (bad input, timeout) fails the job with its own
     * record; anything else is a gateway bug and fails the job as {@code internal}.
     */
    public void failJob(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Job job = StageMessages.jobOf(exchange);
        if (cause instanceof JobFailure failure) {
            // a transient failure around the vendor call (OSS unreachable while staging or downloading outputs) is
            // tried again after a backoff, like a throttled call; any other ends the job with its own record
            steps.failed(job, failure, steps.operation(job).spec().poll());
        } else {
            LOG.error("Internal error on job {} ({})", job.getId(), DataFolders.inputPath(job), cause);
            job.fail(JobError.internal("the gateway failed on this job: " + cause), System.currentTimeMillis());
        }
        StageMessages.handOff(exchange, job);
    }

    private static void toHttpMessage(Exchange exchange, Job job, VendorRequest request) {
        exchange.setProperty(StageMessages.JOB, job);
        VendorHttpMessages.write(exchange, request);
    }
}
