package io.mediagate.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;

/** How a vendor answer moves the job on: finished with a result, still running, or failed. */
public sealed interface VendorOutcome {

    /** The vendor's request id for this answer, if it sent one. */
    String requestId();

    /** A terminal answer with the vendor's result (and usage, if reported). */
    record Done(JsonNode result, JsonNode usage, String requestId) implements VendorOutcome { }

    /** The vendor accepted or is still working on the task; ask again later. */
    record Pending(String taskId, String requestId) implements VendorOutcome { }

    /**
     * The call or the task failed. When {@code error.retryable()} the same call may be tried again after
     * at least {@code retryAfterMillis} (negative: the vendor did not say). {@code overRate}: the vendor said the
     * calls come too fast (e.g. Baidu's error 18), so the gateway slows its calls to that vendor quota down.
     * {@code dailyLimit}: the vendor said the caller's daily quota is used up (Baidu's error 17), so where the gateway
     * keeps daily budgets ({@link DailyLimits}) the job waits for the reset instead of failing.
     */
    record Failed(JobError error, String requestId, long retryAfterMillis, boolean overRate, boolean dailyLimit)
            implements VendorOutcome {

        public Failed(JobError error, String requestId, long retryAfterMillis) {
            this(error, requestId, retryAfterMillis, false);
        }

        public Failed(JobError error, String requestId, long retryAfterMillis, boolean overRate) {
            this(error, requestId, retryAfterMillis, overRate, false);
        }
    }
}
