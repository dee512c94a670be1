package io.mediagate.calls;

import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import io.mediagate.job.DailyLimitReached;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.PollPolicy;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.LocalMedia;
import io.mediagate.metrics.CallOutcome;
import io.mediagate.metrics.GatewayMeters;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.vendors.DailyLimits;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.vendors.VendorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiFunction;

/**
 * The steps of one vendor call, the same for the gateway's submit and poll stages (routes/vendor-call.camel.yaml)
 * and for the {@code mediagate:} component: build the job's request, read the answer, and move the job on from it
 * ({@link NextSteps}: done, poll later, retry later, failed). Authenticating the request is {@link VendorSigning}'s;
 * sending it is the caller's (Camel's HTTP endpoint, see {@link VendorHttpMessages}).
 */
public final class VendorCallSteps {

    private static final Logger LOG = LoggerFactory.getLogger(VendorCallSteps.class);

    private final VendorRegistry vendors;
    private final NextSteps nextSteps;

    public VendorCallSteps(VendorRegistry vendors, RateLimiter rateLimiter, RetryPolicy retryPolicy) {
        this.vendors = vendors;
        this.nextSteps = new NextSteps(rateLimiter, retryPolicy);
    }

    /** Polls are scheduled by this (it learns processing times). */
    public VendorCallSteps withPolling(AdaptivePolling polling) {
        nextSteps.usePolling(polling);
        return this;
    }

    /** A vendor's daily limit holds the job until its quota's reset (these budgets are told), instead of failing it. */
    public VendorCallSteps withDailyLimits(DailyLimits dailyLimits) {
        nextSteps.useDailyLimits(dailyLimits);
        return this;
    }

    public VendorOperation operation(Job job) {
        return vendors.require(job.getVendor(), job.getOperation());
    }

    /** The request that starts the job's task (or makes its sync call), not yet authenticated. */
    public VendorRequest submitRequest(Job job, LocalMedia media) {
        VendorOperation operation = operation(job);
        try {
            return operation.submit(job, media);
        } catch (JobFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            // built from the job's own content (its params, its URLs): the job cannot be sent as it is
            throw JobFailure.input("the " + operation.spec().key() + " request could not be built for this job: " + e);
        }
    }

    /** The status request of the job's vendor task, not yet authenticated. */
    public VendorRequest pollRequest(Job job) {
        VendorOperation operation = operation(job);
        try {
            return operation.poll(job);
        } catch (JobFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            // built from the vendor's own task id: nothing the user can change, and asking again will not help
            throw new JobFailure(new JobError(JobError.Kind.vendor, null, null, "the status request for " + operation.spec().key()
                    + " task " + job.getTaskId() + " could not be built: " + e, false));
        }
    }

    /** Moves the job on from the answer to its submit call (see {@link Sent}). */
    public void readSubmit(Job job, Sent sent, PollPolicy poll) {
        VendorOperation operation = operation(job);
        count(operation, sent);
        nextSteps.advance(job, operation, poll, outcome(job, operation, sent, operation::readSubmit), Job.Stage.submit,
                sent.networkError());
    }

    /** Moves the job on from the answer to a status call of its task. */
    public void readPoll(Job job, Sent sent, PollPolicy poll) {
        VendorOperation operation = operation(job);
        job.setPolls(job.getPolls() + 1);
        count(operation, sent);
        nextSteps.advance(job, operation, poll, outcome(job, operation, sent, operation::readPoll), Job.Stage.poll, null);
    }

    /** Every vendor call, from the routes and from the mediagate component alike, is counted here. */
    private static void count(VendorOperation operation, Sent sent) {
        if (sent.wentOut()) {
            VendorResponse response = sent.response();
            GatewayMeters.current().vendorCall(operation.spec().vendor(), operation.spec().name(),
                    CallOutcome.of(response.status(), response.isNetworkError()), sent.nanos());
        }
    }

    /**
     * A failure around the call (staging media, fetching output files, a request that cannot be built): a retryable
     * one sends the job back to its stage after a backoff, like a throttled call; any other fails the job with its
     * own record.
     */
    public void failed(Job job, JobFailure failure, PollPolicy poll) {
        if (failure instanceof DailyLimitReached && job.getStage() == Job.Stage.submit
                && nextSteps.waitForDailyReset(job, operation(job), System.currentTimeMillis())) {
            return;
        }
        if (failure.error().retryable() && job.getStage() != Job.Stage.deliver) {
            nextSteps.retryOrFail(job, operation(job), poll, new VendorOutcome.Failed(failure.error(), null, -1),
                    job.getStage(), System.currentTimeMillis());
        } else {
            job.fail(failure.error(), System.currentTimeMillis());
        }
    }

    /**
     * What became of a sent request.
     *
     * @param response     the vendor's answer, or the network error that kept it from coming
     * @param networkError what kept the answer from arriving (null: an answer came), for judging a submit's retry
     * @param unsent       the HTTP client refused to send the request at all (a URL or header it cannot use), else null
     * @param url          where the request went
     * @param nanos        how long the call took, from its request to its answer or error (0: not measured)
     */
    public record Sent(VendorResponse response, Throwable networkError, Throwable unsent, String url, long nanos) {

        /** Whether a request went out to the vendor (an unsent one is no vendor call). */
        boolean wentOut() {
            return unsent == null;
        }
    }

    /**
     * What the call came to: the HTTP client refused to send it (a URL or header it cannot use: sending it again gives
     * the same), or the vendor's answer as the operation reads it; an answer the operation cannot read is the vendor's
     * failure, never a crash.
     */
    private VendorOutcome outcome(Job job, VendorOperation operation, Sent sent,
                                  BiFunction<Job, VendorResponse, VendorOutcome> read) {
        if (sent.unsent() != null) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "RequestNotSent", null, "the " + operation.spec().key()
                    + " request to " + sent.url() + " could not be sent: " + withoutQueries(sent.unsent().toString())
                    + "; check the vendor's endpoint settings (java -jar target/mediagate.jar check)", false), null, -1);
        }
        VendorResponse response = sent.response();
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
}
