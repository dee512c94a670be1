package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.PollPolicy;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.LocalMedia;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import io.mediagate.vendors.RateLimiter;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The submit and poll stages' Java side, one method per step of routes/vendor-call.camel.yaml: the call's slot in the
 * vendor's QPS budget, the vendor's HTTP request for Camel's HTTP endpoint, the vendor's authentication on it, and the
 * answer turned into the job's next step (deliver, poll later, or retry later). The HTTP call itself stays in the
 * route, where users see and tune it.
 */
public final class VendorCalls {

    private static final Logger LOG = LoggerFactory.getLogger(VendorCalls.class);

    /** Exchange property set by the route when the HTTP call failed without an answer. */
    public static final String NETWORK_ERROR = "mediagateNetworkError";
    /** Exchange property set by the route when the HTTP call could not even be sent (an exception that is no IOException). */
    public static final String UNSENT_ERROR = "mediagateUnsentError";

    private final VendorRegistry vendors;
    private final RateLimiter rateLimiter;
    private final RetryPolicy retryPolicy;
    private final WorkArea workArea;
    private final Path inbox;
    private final MediaDownload downloads;
    private final long maxDownloadBytes;
    /** Schedules polls; shared with the rate-slot step ({@link CallPacing}) so both see what is learned. */
    private AdaptivePolling polling = new AdaptivePolling(new ProcessingTimes(), () -> ThreadLocalRandom.current().nextDouble());

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
        this.rateLimiter = rateLimiter;
        this.retryPolicy = retryPolicy;
        this.workArea = workArea;
        this.downloads = downloads;
        this.maxDownloadBytes = maxDownloadBytes;
        this.inbox = inbox;
    }

    /** Polls are scheduled by this (the gateway's one instance, which learns processing times). */
    public VendorCalls withPolling(AdaptivePolling polling) {
        this.polling = polling;
        return this;
    }

    /**
     * Builds the job's submit request (staging its media in OSS first for a vendor that reads only from there), records
     * that the call is about to be made, and puts the request on the message, not yet authenticated
     * ({@link #authenticate} follows).
     */
    public void prepareSubmit(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        if (changedSinceTaken(job)) {
            // nothing was sent: the job ends here, its input waits in the inbox until it is complete
            int returned = workArea.reclaim().returnJob(job, inbox);
            LOG.warn("{} changed after it was taken in (its writer paused longer than mediagate.ingest.min-age): {} file(s)"
                    + " put back into the inbox, to be taken again once complete; nothing was sent", DataFolders.inputPath(job), returned);
            exchange.setRouteStop(true);
            return;
        }
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        LocalMedia media = localMedia(job);
        if (operation.stagesLocalMedia()) {
            // a batch stages each member's file; the members keep where theirs went, for cleaning up after delivery
            for (Job each : job.isAutomaticBatch() ? job.getMembers() : java.util.List.of(job)) {
                if (each.hasLocalMedia() && each.getSource().staged == null) {
                    stage(each, localMedia(each), operation);
                } else if (needsDownload(each, operation)) {
                    stageDownload(each, operation);
                }
            }
        }
        VendorRequest request;
        try {
            request = operation.submit(job, media);
        } catch (JobFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            // built from the job's own content (its params, its URLs): the job cannot be sent as it is
            throw JobFailure.input("the " + operation.spec().key() + " request could not be built for this job: " + e);
        }
        if (workArea != null) {
            if (workArea.submits().wasSubmitting(job.getId(), job.getVendorCalls())) {
                // the gateway stopped after sending this very call and before recording its answer: the vendor may
                // already run the task. Even ICE's repeat, which carries the job's ClientToken, is marked: Alibaba's
                // SDK models have ClientToken only on QueryIProductionJob, so that ICE honours it on submit is unconfirmed
                job.setPossibleDuplicateSubmission(true);
                LOG.warn("Job {} ({}) is submitted again after an interrupted submit; marked possibleDuplicateSubmission",
                        job.getId(), DataFolders.inputPath(job));
            }
            workArea.submits().recordSubmitting(job.getId(), job.getVendorCalls());
        }
        if (job.getSubmittedAt() == null) {
            job.setSubmittedAt(System.currentTimeMillis());
        }
        toHttpMessage(exchange, job, request);
    }

    /**
     * Adds the vendor's authentication to the request on the message (its signer: a Bearer key, a signature over the
     * method, path, query, headers and body, …) and counts the call. A request that cannot be signed is never sent,
     * so it is not counted.
     */
    public void authenticate(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        Vendor vendor = vendors.vendor(job.getVendor()).orElseThrow();
        Message message = exchange.getMessage();
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                headers.put(name, value.toString());
            }
        });
        VendorRequest request = new VendorRequest(message.getHeader(Exchange.HTTP_METHOD, String.class),
                message.getHeader(Exchange.HTTP_URI, String.class), message.getHeader(Exchange.HTTP_QUERY, String.class),
                headers, message.getBody(String.class));
        vendor.signer().sign(request);
        request.headers().forEach(message::setHeader);
        job.setVendorCalls(job.getVendorCalls() + 1);
        job.setSandbox(vendor.sandbox());
    }

    /**
     * Whether a single job's dropped file is no longer what was taken in, checked before its first vendor call only
     * (once a call went out, the vendor may have the file; a later change cannot undo that).
     */
    private boolean changedSinceTaken(Job job) {
        // a queue request's content was written by the gateway itself, and has no inbox to go back to
        if (inbox == null || workArea == null || !job.hasLocalMedia() || job.getReply() != null || job.isAutomaticBatch()
                || job.getVendorCalls() > 0
                || job.getSource().modifiedAt == null || workArea.submits().wasSubmitting(job.getId(), 0)) {
            return false;
        }
        Path file = Path.of(job.getSource().workFile);
        if (!java.nio.file.Files.exists(file)) {
            return false;
        }
        FileStamp now = FileStamp.of(file);
        return now.bytes() != job.getSource().bytes || now.modifiedMillis() != job.getSource().modifiedAt;
    }

    private static LocalMedia localMedia(Job job) {
        return job.hasLocalMedia() ? LocalMedia.of(Path.of(job.getSource().workFile), job.getSource().name) : null;
    }

    /**
     * Puts a dropped file in OSS for a vendor that reads media only from there. The key is fixed by the job id, so
     * an upload repeated after a crash overwrites the same object; delivery deletes it when the job ends.
     */
    private void stage(Job job, LocalMedia media, VendorOperation operation) {
        OssStore oss = vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null) {
            // a url helps only a vendor that fetches URLs itself; for one that reads only OSS it is staged just the same
            throw JobFailure.input(job.getVendor() + " reads media from OSS and no bucket is configured to stage "
                    + job.getSource().name + " in: set mediagate.oss.bucket and mediagate.oss.region, or drop a .job.json"
                    + (operation.takesMediaUrls() ? " naming \"oss\" or \"url\"" : " naming the object already in OSS with"
                    + " \"oss\": \"oss://bucket/key\""));
        }
        // named after the media (a url's file name for a downloaded job file), which is what the vendor reads
        OssLocation target = oss.stagingLocation(job.getId(), media.name());
        long started = System.currentTimeMillis();
        oss.upload(media.file(), target);
        job.getSource().staged = target.toString();
        LOG.info("Staged {} ({} bytes) at {} in {} ms", DataFolders.inputPath(job), media.bytes(), target,
                System.currentTimeMillis() - started);
    }

    /** A job file's {@code url} for a vendor that reads only OSS (ICE): not yet staged, and not an OSS object's own URL. */
    private static boolean needsDownload(Job job, VendorOperation operation) {
        String url = job.getSource().url;
        return url != null && job.getSource().staged == null && !operation.takesMediaUrls() && OssLocation.parse(url).isEmpty();
    }

    /**
     * Downloads a job file's url (bounded, with a deadline) and stages it like a dropped file, for a vendor that
     * reads media only from OSS; the download is removed once staged, the staged object after delivery.
     */
    private void stageDownload(Job job, VendorOperation operation) {
        String url = job.getSource().url;
        String path = java.net.URI.create(url.replace(" ", "%20")).getPath();
        String fileName = path == null || path.endsWith("/") || path.isEmpty() ? "media" : path.substring(path.lastIndexOf('/') + 1);
        OssStore oss = vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null) {
            throw JobFailure.input(job.getVendor() + " reads media only from OSS: the gateway downloads the \"url\" of "
                    + job.getSource().name + " (" + fileName + ") and puts it in an OSS bucket for it, and none is configured:"
                    + " set mediagate.oss.bucket and mediagate.oss.region, or put the media in OSS and give"
                    + " \"oss\": \"oss://bucket/key\". Nothing was sent to " + job.getVendor());
        }
        Path folder = workArea == null ? Path.of(System.getProperty("java.io.tmpdir")) : workArea.jobs().folder(job.getId());
        Path download = folder.resolve("download-" + fileName.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            java.nio.file.Files.createDirectories(folder);
            downloads.forVendor(vendors.vendor(job.getVendor()).map(Vendor::sandbox).orElse(false))
                    .fetchTo(url, maxDownloadBytes, job.getSource().name, download);
            stage(job, LocalMedia.of(download, fileName), operation);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + download, e);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(download);
            } catch (java.io.IOException e) {
                LOG.warn("Could not remove the download {}: {}", download, e.getMessage());
            }
        }
    }

    /** Builds the status request of the job's vendor task and puts it on the message, not yet authenticated. */
    public void preparePoll(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        VendorRequest request;
        try {
            request = operation.poll(job);
        } catch (JobFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            // built from the vendor's own task id: nothing the user can change, and asking again will not help
            throw new JobFailure(new JobError(JobError.Kind.vendor, null, null, "the status request for " + operation.spec().key()
                    + " task " + job.getTaskId() + " could not be built: " + e, false));
        }
        toHttpMessage(exchange, job, request);
    }

    public void readSubmit(Exchange exchange) {
        CrashPoints.reached(CrashPoints.SUBMIT_ANSWERED);
        Job job = StageMessages.jobOf(exchange);
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        Throwable networkError = exchange.getProperty(NETWORK_ERROR) == null ? null
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getProperty(NETWORK_ERROR) != null && networkError == null) {
            networkError = new java.io.IOException(exchange.getProperty(NETWORK_ERROR, String.class));
        }
        advance(job, operation, outcome(exchange, job, operation, operation::readSubmit), Job.Stage.submit, networkError);
        StageMessages.handOff(exchange, job);
    }

    public void readPoll(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        job.setPolls(job.getPolls() + 1);
        advance(job, operation, outcome(exchange, job, operation, operation::readPoll), Job.Stage.poll);
        StageMessages.handOff(exchange, job);
    }

    /**
     * What the call came to: the HTTP client refused to send it (a URL or header it cannot use: sending it again gives
     * the same), or the vendor's answer as the operation reads it; an answer the operation cannot read is the vendor's
     * failure, never a gateway crash that the broker would hand over again and again.
     */
    private VendorOutcome outcome(Exchange exchange, Job job, VendorOperation operation,
                                  java.util.function.BiFunction<Job, VendorResponse, VendorOutcome> read) {
        Throwable unsent = exchange.getProperty(UNSENT_ERROR, Throwable.class);
        if (unsent != null) {
            exchange.removeProperty(UNSENT_ERROR);
            String url = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "RequestNotSent", null, "the " + operation.spec().key()
                    + " request to " + url + " could not be sent: " + withoutQueries(unsent.toString())
                    + "; check the vendor's endpoint settings (java -jar target/mediagate.jar check)", false), null, -1);
        }
        VendorResponse response = responseOf(exchange);
        try {
            return read.apply(job, response);
        } catch (JobFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            LOG.warn("Unreadable {} answer (HTTP {}) for job {}", operation.spec().key(), response.status(), job.getId(), e);
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.isNetworkError() ? null : response.status(),
                    operation.spec().vendor() + " sent an answer mediagate cannot read (" + e + ")", false), null, -1);
        }
    }

    /** An exception's text without URL queries: Baidu's access token travels in one. */
    private static String withoutQueries(String text) {
        return text.replaceAll("\\?[^\\s\"']*", "?…");
    }

    /**
     * Error handler of the submit and poll routes: a retryable {@link JobFailure} sends the job back to its stage
     * after a backoff (until the retry policy gives up); any other (bad input, timeout) fails the job with its own
     * record; anything else is a gateway bug and fails the job as {@code internal}.
     */
    public void failJob(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Job job = StageMessages.jobOf(exchange);
        if (cause instanceof JobFailure failure && failure.error().retryable() && job.getStage() != Job.Stage.deliver) {
            // a transient failure around the vendor call (OSS unreachable while staging or downloading outputs):
            // the stage is tried again after a backoff, like a throttled call
            retryOrFail(job, vendors.require(job.getVendor(), job.getOperation()),
                    new VendorOutcome.Failed(failure.error(), null, -1), job.getStage(), System.currentTimeMillis());
            StageMessages.handOff(exchange, job);
            return;
        }
        JobError error = cause instanceof JobFailure failure ? failure.error()
                : JobError.internal("the gateway failed on this job: " + cause);
        if (!(cause instanceof JobFailure)) {
            LOG.error("Internal error on job {} ({})", job.getId(), DataFolders.inputPath(job), cause);
        }
        job.fail(error, System.currentTimeMillis());
        StageMessages.handOff(exchange, job);
    }

    /** Applies a vendor outcome to the job and sets its next stage and due time. */
    void advance(Job job, VendorOperation operation, VendorOutcome outcome, Job.Stage current) {
        advance(job, operation, outcome, current, null);
    }

    /** @param networkError what kept the answer from arriving (null: an answer came), for judging a submit's retry */
    void advance(Job job, VendorOperation operation, VendorOutcome outcome, Job.Stage current, Throwable networkError) {
        long now = System.currentTimeMillis();
        job.recordRequestId(outcome.requestId());
        PollPolicy poll = operation.spec().poll();
        if (outcome instanceof VendorOutcome.Done done) {
            if (current == Job.Stage.poll) {
                polling.onDone(job, poll, now);
            }
            job.succeed(done.result(), done.usage(), now);
        } else if (outcome instanceof VendorOutcome.Pending pending) {
            job.setAttempt(0);
            if (current == Job.Stage.submit) {
                job.setTaskId(pending.taskId());
                job.setStage(Job.Stage.poll);
                polling.onSubmitted(job, poll, now);
            } else if (poll.isPastDeadline(job, now)) {
                job.fail(JobError.timeout(deadlineMessage(job, operation, poll, "was still running")), now);
            } else {
                polling.onPending(job, poll, now);
            }
        } else if (outcome instanceof VendorOutcome.Failed failed) {
            if (failed.overRate()) {
                String group = operation.rateGroup(job);
                rateLimiter.slowDown(operation.spec().vendor(), group);
                LOG.warn("{} says the calls come too fast: {} calls/s for {} from now on", operation.spec().vendor(),
                        String.format("%.2f", rateLimiter.currentRate(operation.spec().vendor(), group)), group);
            }
            retryOrFail(job, operation, failed, current, now);
            boolean retried = current == Job.Stage.submit && job.getStage() == Job.Stage.submit && job.getStatus() == null;
            if (retried && SubmitEvidence.mayHaveMadeTask(failed, networkError)) {
                // the retry is a new call: the vendor may already run (and bill) a task for the first one
                markResubmit(job, failed);
            }
        }
    }

    private static void markResubmit(Job job, VendorOutcome.Failed failed) {
        if (!job.isPossibleDuplicateSubmission()) {
            LOG.warn("Job {} ({}): the submit may have reached {} before it failed ({}); a retry is marked"
                    + " possibleDuplicateSubmission", job.getId(), DataFolders.inputPath(job), job.getVendor(), failed.error().message());
        }
        job.setPossibleDuplicateSubmission(true);
    }

    private void retryOrFail(Job job, VendorOperation operation, VendorOutcome.Failed failed, Job.Stage current, long now) {
        PollPolicy poll = operation.spec().poll();
        JobError error = failed.error();
        int attempts = job.getAttempt() + 1;
        if (error.retryable() && current == Job.Stage.poll && poll.isPastDeadline(job, now)) {
            job.fail(JobError.timeout(deadlineMessage(job, operation, poll, "could not be checked")
                    + "; the last status check failed with: " + error.message()), now);
        } else if (error.retryable() && retryPolicy.allowsAnotherAttempt(attempts)) {
            long delay = retryPolicy.delayMillis(attempts, failed.retryAfterMillis(), ThreadLocalRandom.current()::nextDouble);
            if (current == Job.Stage.poll && now + delay > job.getDeadlineAt()) {
                // the deadline shortens our own backoff, never the wait the vendor asked for (Retry-After)
                delay = Math.max(Math.max(0, job.getDeadlineAt() - now), failed.retryAfterMillis());
            }
            job.setAttempt(attempts);
            job.setRetries(job.getRetries() + 1);
            job.setStage(current);
            job.setDueAt(now + delay);
            LOG.debug("Retrying {} of job {} in {} ms after: {}", current, job.getId(), delay, error.message());
        } else {
            String message = attempts > 1 ? error.message() + " (after " + attempts + " attempts)" : error.message();
            job.fail(new JobError(error.kind(), error.code(), error.httpStatus(), message, error.retryable()), now);
        }
    }

    private static String deadlineMessage(Job job, VendorOperation operation, PollPolicy poll, String what) {
        return String.format("the %s task %s %s %s after submission (deadline set by mediagate.%s.%s.poll.deadline);"
                        + " it may still finish at the vendor", operation.spec().key(), job.getTaskId(), what,
                poll.deadline().toString().substring(2).toLowerCase(), job.getVendor(), job.getOperation());
    }

    private static void toHttpMessage(Exchange exchange, Job job, VendorRequest request) {
        exchange.setProperty(StageMessages.JOB, job);
        exchange.removeProperty(NETWORK_ERROR);
        Message message = exchange.getMessage();
        // Only the vendor's headers go out: nothing of ours leaks into the request.
        message.getHeaders().clear();
        request.headers().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_URI, request.url());
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        if (request.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        message.setBody(request.body());
    }

    private static VendorResponse responseOf(Exchange exchange) {
        String networkError = exchange.getProperty(NETWORK_ERROR, String.class);
        if (networkError != null) {
            exchange.removeProperty(NETWORK_ERROR);
            return VendorResponse.networkFailure(networkError);
        }
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel")) {
                headers.put(k, v.toString());
            }
        });
        return new VendorResponse(status == null ? 0 : status, message.getBody(String.class), headers, null);
    }
}
