package io.mediagate.component;

import io.mediagate.http.VendorRequest;
import io.mediagate.job.Job;
import io.mediagate.job.JobDocuments;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.PollPolicy;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.vendors.VendorOperation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One exchange's job, from its submit to its end: each vendor call runs on the component's scheduler when it is due
 * (its quota's slot, its next poll, its retry after a backoff), and nothing holds a thread in between. The job moves
 * on by the gateway's own steps ({@link io.mediagate.calls.VendorCallSteps}); when it ends, the exchange gets the
 * gateway's envelope, or a {@link MediagateVendorException} with its error record, and Camel's routing goes on.
 */
final class CallRun {

    private static final Logger LOG = LoggerFactory.getLogger(CallRun.class);

    private final Job job;
    private final VendorOperation operation;
    private final PollPolicy poll;
    private final VendorServices services;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final Exchange exchange;
    private final AsyncCallback callback;
    private final Runnable cleanUp;
    private final Path artifactsDir;

    /** @param artifactsDir where the job's output files are downloaded to (null: none are) */
    CallRun(Job job, PollPolicy poll, VendorServices services, VendorHttp http, ScheduledExecutorService scheduler,
            Exchange exchange, AsyncCallback callback, Runnable cleanUp, Path artifactsDir) {
        this.job = job;
        this.operation = services.registry().require(job.getVendor(), job.getOperation());
        this.poll = poll;
        this.services = services;
        this.http = http;
        this.scheduler = scheduler;
        this.exchange = exchange;
        this.callback = callback;
        this.cleanUp = cleanUp;
        this.artifactsDir = artifactsDir;
    }

    /** Schedules the job's first call. */
    void start() {
        takeSlot();
    }

    /** Takes the call's slot in the vendor quota's QPS budget (shared by every endpoint of the component). */
    private void takeSlot() {
        long wait = services.rateLimiter().reserve(operation.spec().vendor(), operation.rateGroup(job));
        schedule(this::call, wait);
    }

    private void call() {
        try {
            if (job.getStage() == Job.Stage.submit) {
                submit();
            } else {
                services.steps().readPoll(job, send(services.steps().pollRequest(job)), poll);
            }
            if (artifactsDir != null && job.getStatus() == Job.Status.succeeded && operation.producesFiles()) {
                // a download that fails for a while polls the task again and repeats it, as in the gateway
                services.outputDownloads().fetch(job, artifactsDir.resolve(job.getId()));
            }
        } catch (JobFailure failure) {
            services.steps().failed(job, failure, poll);
        } catch (RuntimeException e) {
            LOG.error("Internal error on {} call of job {}", operation.spec().key(), job.getId(), e);
            job.fail(JobError.internal("mediagate failed on this call: " + e), System.currentTimeMillis());
        }
        if (job.getStatus() == null) {
            schedule(this::takeSlot, Math.max(0, job.getDueAt() - System.currentTimeMillis()));
        } else {
            finish();
        }
    }

    private void submit() {
        LocalMedia media = job.hasLocalMedia() ? LocalMedia.of(Path.of(job.getSource().workFile), job.getSource().name) : null;
        if (operation.stagesLocalMedia()) {
            services.staging().stageMedia(job, operation);
        }
        VendorRequest request = services.steps().submitRequest(job, media);
        if (job.getSubmittedAt() == null) {
            job.setSubmittedAt(System.currentTimeMillis());
        }
        services.steps().readSubmit(job, send(request), poll);
    }

    private io.mediagate.calls.VendorCallSteps.Sent send(VendorRequest request) {
        services.signing().authenticate(job, request);
        return http.send(request);
    }

    private void schedule(Runnable step, long delayMillis) {
        try {
            scheduler.schedule(step, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            exchange.setException(new IllegalStateException("the mediagate component stopped before job " + job.getId()
                    + " ended", stopping));
            done();
        }
    }

    private void finish() {
        Message message = exchange.getMessage();
        message.setHeader(MediagateConstants.STATUS, job.getStatus().name());
        message.setHeader(MediagateConstants.JOB_ID, job.getId());
        message.setHeader(MediagateConstants.TASK_ID, job.getTaskId());
        message.setHeader(MediagateConstants.REQUEST_IDS, java.util.List.copyOf(job.getRequestIds()));
        message.setHeader(MediagateConstants.VENDOR_CALLS, job.getVendorCalls());
        if (artifactsDir != null) {
            message.setHeader(MediagateConstants.ARTIFACTS, job.getArtifacts().stream()
                    .map(artifact -> artifactsDir.resolve(job.getId()).resolve(Path.of(artifact.file()).getFileName()).toString())
                    .toList());
        }
        if (job.getStatus() == Job.Status.succeeded) {
            message.setBody(new String(Json.writePretty(JobDocuments.success(job)), StandardCharsets.UTF_8));
        } else {
            exchange.setException(new MediagateVendorException(job.getError(), JobDocuments.failure(job)));
        }
        done();
    }

    private void done() {
        try {
            services.stagedObjects().remove(job);
            cleanUp.run();
        } finally {
            callback.done(false);
        }
    }
}
