package io.mediagate.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.job.RetryPolicy;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NextSteps#advance}: how a vendor outcome moves a job on (retry, poll schedule, timeout, deliver). */
class NextStepsTest {

    private static final long FIRST_DELAY = 2_000;
    private static final long DEADLINE = 60_000;

    private final OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of(
            "mediagate.opensearch.poll.first-delay", "2s",
            "mediagate.opensearch.poll.backoff-factor", "2",
            "mediagate.opensearch.poll.max-interval", "10s",
            "mediagate.opensearch.poll.deadline", "1m")), "http://127.0.0.1:1/opensearch", "k");
    private final VendorRegistry registry = new VendorRegistry(List.of(vendor));
    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5);
    private final NextSteps steps = new NextSteps(new RateLimiter(), retry);
    private final VendorOperation analyze = registry.require("opensearch", "image-analyze");
    private final VendorOperation detect = registry.require("opensearch", "object-detect");

    private static Job job(String operation) {
        Job job = new Job();
        job.setId("j1");
        job.setVendor("opensearch");
        job.setOperation(operation);
        job.getSource().name = "cat.png";
        return job;
    }

    private static VendorOutcome.Failed retryable(long retryAfterMillis) {
        return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "InternalServerError", 500,
                "OpenSearch had an internal error: boom", true), "REQ-F", retryAfterMillis);
    }

    private static VendorOutcome.Failed notRetryable() {
        return new VendorOutcome.Failed(new JobError(JobError.Kind.input, "InvalidParameter", 400,
                "OpenSearch rejected the request: bad image", false), "REQ-X", -1);
    }

    @Test
    void a_done_answer_goes_to_deliver_as_succeeded_with_result_and_usage() {
        Job job = job("object-detect");
        JsonNode result = Json.readOrNull("{\"objects\":[]}");
        JsonNode usage = Json.readOrNull("{\"image\":1}");

        steps.advance(job, detect, new VendorOutcome.Done(result, usage, "REQ-1"), Job.Stage.submit);

        assertEquals(Job.Stage.deliver, job.getStage());
        assertEquals(Job.Status.succeeded, job.getStatus());
        assertEquals(result, job.getResult());
        assertEquals(usage, job.getUsage());
        assertEquals(List.of("REQ-1"), job.getRequestIds());
        assertNull(job.getDueAt());
    }

    @Test
    void a_created_task_moves_to_poll_with_its_first_delay_and_a_deadline() {
        Job job = job("image-analyze");
        long before = System.currentTimeMillis();

        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", "REQ-2"), Job.Stage.submit);
        long after = System.currentTimeMillis();

        assertEquals(Job.Stage.poll, job.getStage());
        assertEquals("task-1", job.getTaskId());
        assertNull(job.getStatus());
        assertTrue(job.getDueAt() >= before + FIRST_DELAY && job.getDueAt() <= after + FIRST_DELAY, String.valueOf(job.getDueAt()));
        assertTrue(job.getDeadlineAt() >= before + DEADLINE && job.getDeadlineAt() <= after + DEADLINE);
    }

    @Test
    void a_pending_poll_before_the_deadline_schedules_the_next_poll_later_and_keeps_the_deadline() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", null), Job.Stage.submit);
        long deadline = job.getDeadlineAt();
        long before = System.currentTimeMillis();

        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", null), Job.Stage.poll);
        long after = System.currentTimeMillis();

        assertEquals(Job.Stage.poll, job.getStage());
        assertEquals(4_000, job.getPollIntervalMillis());   // 2 s × factor 2
        assertTrue(job.getDueAt() >= before + 4_000 && job.getDueAt() <= after + 4_000);
        assertEquals(deadline, job.getDeadlineAt());
    }

    @Test
    void a_pending_poll_past_the_deadline_fails_as_timeout() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-9", null), Job.Stage.submit);
        job.setDeadlineAt(System.currentTimeMillis() - 1);

        steps.advance(job, analyze, new VendorOutcome.Pending("task-9", "REQ-3"), Job.Stage.poll);

        assertEquals(Job.Stage.deliver, job.getStage());
        assertEquals(Job.Status.failed, job.getStatus());
        assertEquals(JobError.Kind.timeout, job.getError().kind());
        assertTrue(job.getError().message().contains("task-9"), job.getError().message());
        assertTrue(job.getError().message().contains("mediagate.opensearch.image-analyze.poll.deadline"), job.getError().message());
    }

    @Test
    void a_retryable_failure_requeues_the_same_stage_with_a_backoff_due_time_and_counts_the_retry() {
        Job job = job("object-detect");
        long before = System.currentTimeMillis();

        steps.advance(job, detect, retryable(-1), Job.Stage.submit);
        long after = System.currentTimeMillis();

        assertEquals(Job.Stage.submit, job.getStage());
        assertNull(job.getStatus());
        assertEquals(1, job.getAttempt());
        assertEquals(1, job.getRetries());
        // first retry: 1 s backoff, jittered into [0.5 s, 1 s]
        assertTrue(job.getDueAt() >= before + 500 && job.getDueAt() <= after + 1_000, String.valueOf(job.getDueAt() - before));
        assertEquals(List.of("REQ-F"), job.getRequestIds());
    }

    @Test
    void a_retryable_failure_of_a_poll_stays_in_poll() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", null), Job.Stage.submit);

        steps.advance(job, analyze, retryable(-1), Job.Stage.poll);

        assertEquals(Job.Stage.poll, job.getStage());
        assertEquals(1, job.getRetries());
        assertEquals("task-1", job.getTaskId());
    }

    @Test
    void retry_after_from_the_vendor_is_the_earliest_due_time() {
        Job job = job("object-detect");
        long before = System.currentTimeMillis();

        steps.advance(job, detect, retryable(7_000), Job.Stage.submit);

        assertTrue(job.getDueAt() >= before + 7_000, String.valueOf(job.getDueAt() - before));
    }

    @Test
    void a_poll_retry_is_never_scheduled_after_the_deadline() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", null), Job.Stage.submit);
        long deadline = System.currentTimeMillis() + 200;
        job.setDeadlineAt(deadline);

        steps.advance(job, analyze, retryable(-1), Job.Stage.poll);   // backoff would be 0.5–1 s

        assertEquals(Job.Stage.poll, job.getStage());
        assertTrue(job.getDueAt() <= deadline, (job.getDueAt() - deadline) + " ms after the deadline");
    }

    @Test
    void a_status_check_still_failing_after_the_deadline_ends_as_timeout_with_the_last_error() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-2", null), Job.Stage.submit);
        job.setDeadlineAt(System.currentTimeMillis() - 1);

        steps.advance(job, analyze, retryable(-1), Job.Stage.poll);

        assertEquals(Job.Status.failed, job.getStatus());
        assertEquals(JobError.Kind.timeout, job.getError().kind());
        assertTrue(job.getError().message().contains("boom"), job.getError().message());
        assertEquals(0, job.getRetries(), "no more calls once the deadline has passed");
    }

    @Test
    void a_poll_retry_near_the_deadline_still_waits_for_retry_after() {
        // OpenSearch's doc: "For 429 errors, respect any Retry-After header"; the deadline is only our own limit
        Job job = job("image-analyze");
        steps.advance(job, analyze, new VendorOutcome.Pending("task-1", null), Job.Stage.submit);
        job.setDeadlineAt(System.currentTimeMillis() + 200);
        long before = System.currentTimeMillis();

        steps.advance(job, analyze, retryable(5_000), Job.Stage.poll);

        assertEquals(Job.Stage.poll, job.getStage());
        assertTrue(job.getDueAt() >= before + 5_000, "due " + (job.getDueAt() - before) + " ms after a Retry-After of 5 s");
    }

    @Test
    void after_max_attempts_the_job_fails_saying_how_many_attempts_were_made() {
        Job job = job("object-detect");
        for (int i = 1; i <= 4; i++) {
            steps.advance(job, detect, retryable(-1), Job.Stage.submit);
            assertEquals(Job.Stage.submit, job.getStage(), "after failure " + i);
        }

        steps.advance(job, detect, retryable(-1), Job.Stage.submit);

        assertEquals(Job.Stage.deliver, job.getStage());
        assertEquals(Job.Status.failed, job.getStatus());
        assertEquals(4, job.getRetries());
        assertEquals(JobError.Kind.vendor, job.getError().kind());
        assertEquals("InternalServerError", job.getError().code());
        assertTrue(job.getError().message().endsWith("(after 5 attempts)"), job.getError().message());
        assertNull(job.getDueAt());
    }

    @Test
    void a_failure_that_cannot_be_retried_fails_the_job_at_once() {
        Job job = job("object-detect");

        steps.advance(job, detect, notRetryable(), Job.Stage.submit);

        assertEquals(Job.Status.failed, job.getStatus());
        assertEquals(Job.Stage.deliver, job.getStage());
        assertEquals(0, job.getRetries());
        assertEquals(JobError.Kind.input, job.getError().kind());
        assertEquals("OpenSearch rejected the request: bad image", job.getError().message());
        assertFalse(job.getError().retryable());
    }

    @Test
    void a_failure_that_cannot_be_retried_after_earlier_retries_counts_them() {
        Job job = job("object-detect");
        steps.advance(job, detect, retryable(-1), Job.Stage.submit);
        steps.advance(job, detect, retryable(-1), Job.Stage.submit);

        steps.advance(job, detect, notRetryable(), Job.Stage.submit);

        assertEquals(Job.Status.failed, job.getStatus());
        assertTrue(job.getError().message().endsWith("(after 3 attempts)"), job.getError().message());
    }

    @Test
    void an_answer_after_retries_resets_the_attempt_count_for_the_next_call() {
        Job job = job("image-analyze");
        steps.advance(job, analyze, retryable(-1), Job.Stage.submit);
        steps.advance(job, analyze, retryable(-1), Job.Stage.submit);

        steps.advance(job, analyze, new VendorOutcome.Pending("task-2", null), Job.Stage.submit);

        assertEquals(0, job.getAttempt());
        assertEquals(2, job.getRetries());
        assertEquals(Job.Stage.poll, job.getStage());
    }

    @Test
    void a_vendors_daily_limit_holds_the_job_for_the_reset_where_budgets_are_kept_and_fails_it_elsewhere() {
        VendorOutcome.Failed dailyLimit = new VendorOutcome.Failed(new JobError(JobError.Kind.quota, "17", 200,
                "the daily request limit is reached", false), "REQ-17", -1, false, true);
        Job alone = job("object-detect");
        steps.advance(alone, detect, dailyLimit, Job.Stage.submit);
        assertEquals(Job.Status.failed, alone.getStatus(), "without budgets: the quota failure");

        List<String> told = new java.util.ArrayList<>();
        NextSteps withBudgets = new NextSteps(new RateLimiter(), retry);
        withBudgets.useDailyLimits((vendor, operation) -> told.add(vendor + "/" + operation));
        Job held = job("object-detect");
        withBudgets.advance(held, detect, dailyLimit, Job.Stage.submit);
        assertNull(held.getStatus(), "not failed");
        assertEquals(Job.Stage.submit, held.getStage(), "back to submit, where the spent budget holds it");
        assertEquals(0, held.getAttempt(), "no attempt spent");
        assertEquals(List.of("opensearch/object-detect"), told);
    }
}
