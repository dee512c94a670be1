package io.mediagate.calls;

import io.mediagate.job.Job;
import io.mediagate.job.JobDocuments;
import io.mediagate.job.JobError;
import io.mediagate.job.PollPolicy;
import io.mediagate.job.RetryPolicy;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.vendors.DailyLimits;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A job's next step after a vendor call, from what the call came to: deliver the result, poll the task later, retry
 * the call after a backoff (slowing the vendor's calls down when it says they come too fast), or fail the job. The
 * gateway's submit and poll stages and the mediagate component move their jobs on by the same schedule.
 */
final class NextSteps {

    private static final Logger LOG = LoggerFactory.getLogger(NextSteps.class);

    private final RateLimiter rateLimiter;
    private final RetryPolicy retryPolicy;

    /** Schedules polls: learns processing times and polls near them (see {@link AdaptivePolling}). */
    private AdaptivePolling polling = new AdaptivePolling(new ProcessingTimes(), () -> ThreadLocalRandom.current().nextDouble());

    void usePolling(AdaptivePolling polling) {
        this.polling = polling;
    }

    /** Told of a vendor's daily limit; null: a job refused for it fails (no budgets to wait on). */
    private DailyLimits dailyLimits;

    void useDailyLimits(DailyLimits dailyLimits) {
        this.dailyLimits = dailyLimits;
    }

    /**
     * The vendor's daily quota is used up: where the gateway keeps daily budgets, they are told, and the job goes back
     * to its submit stage as it is (no attempt spent), where the spent budget holds it until the reset.
     *
     * @return false when nobody keeps budgets: the job is to fail
     */
    boolean waitForDailyReset(Job job, VendorOperation operation, long now) {
        if (dailyLimits == null) {
            return false;
        }
        dailyLimits.reached(operation.spec().vendor(), operation.spec().name());
        job.setStage(Job.Stage.submit);
        job.setDueAt(now);
        LOG.info("{} says the daily quota of {} is used up: job {} waits for the quota's reset", operation.spec().vendor(),
                operation.spec().key(), job.getId());
        return true;
    }

    NextSteps(RateLimiter rateLimiter, RetryPolicy retryPolicy) {
        this.rateLimiter = rateLimiter;
        this.retryPolicy = retryPolicy;
    }

    /** Applies a vendor outcome to the job and sets its next stage and due time. */
    void advance(Job job, VendorOperation operation, VendorOutcome outcome, Job.Stage current) {
        advance(job, operation, outcome, current, null);
    }

    /** @param networkError what kept the answer from arriving (null: an answer came), for judging a submit's retry */
    void advance(Job job, VendorOperation operation, VendorOutcome outcome, Job.Stage current, Throwable networkError) {
        advance(job, operation, operation.spec().poll(), outcome, current, networkError);
    }

    /** @param poll the task's polling schedule and deadline (the operation's own, or one its caller chose) */
    void advance(Job job, VendorOperation operation, PollPolicy poll, VendorOutcome outcome, Job.Stage current,
                 Throwable networkError) {
        long now = System.currentTimeMillis();
        job.recordRequestId(outcome.requestId());
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
            if (failed.dailyLimit() && current == Job.Stage.submit && waitForDailyReset(job, operation, now)) {
                return;
            }
            if (failed.overRate()) {
                String group = operation.rateGroup(job);
                rateLimiter.slowDown(operation.spec().vendor(), group);
                LOG.warn("{} says the calls come too fast: {} calls/s for {} from now on", operation.spec().vendor(),
                        String.format("%.2f", rateLimiter.currentRate(operation.spec().vendor(), group)), group);
            }
            retryOrFail(job, operation, poll, failed, current, now);
            boolean retried = current == Job.Stage.submit && job.getStage() == Job.Stage.submit && job.getStatus() == null;
            if (retried && SubmitEvidence.mayHaveMadeTask(failed, networkError)) {
                // the retry is a new call: the vendor may already run (and bill) a task for the first one
                markResubmit(job, failed);
            }
        }
    }

    /** Sends the job back to its stage after a backoff while the failure is retryable and the policy allows; else fails it. */
    void retryOrFail(Job job, VendorOperation operation, VendorOutcome.Failed failed, Job.Stage current, long now) {
        retryOrFail(job, operation, operation.spec().poll(), failed, current, now);
    }

    void retryOrFail(Job job, VendorOperation operation, PollPolicy poll, VendorOutcome.Failed failed, Job.Stage current,
                     long now) {
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

    private static void markResubmit(Job job, VendorOutcome.Failed failed) {
        if (!job.isPossibleDuplicateSubmission()) {
            LOG.warn("Job {} ({}): the submit may have reached {} before it failed ({}); a retry is marked"
                    + " possibleDuplicateSubmission", job.getId(), JobDocuments.inputPath(job), job.getVendor(), failed.error().message());
        }
        job.setPossibleDuplicateSubmission(true);
    }

    private static String deadlineMessage(Job job, VendorOperation operation, PollPolicy poll, String what) {
        return String.format("the %s task %s %s %s after submission (deadline set by mediagate.%s.%s.poll.deadline);"
                        + " it may still finish at the vendor", operation.spec().key(), job.getTaskId(), what,
                poll.deadline().toString().substring(2).toLowerCase(), job.getVendor(), job.getOperation());
    }
}
