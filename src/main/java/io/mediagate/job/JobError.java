package io.mediagate.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a job failed, in the words a person needs: what kind of problem it is, what the vendor said,
 * and how many attempts were made. Written into {@code failed/…/<name>.error.json}.
 *
 * @param kind       input, auth, quota, vendor, timeout or internal
 * @param code       the vendor's error code, if it sent one
 * @param httpStatus the HTTP status of the failing answer, if any
 * @param message    a sentence that says what happened and what to do
 * @param retryable  whether waiting and trying again may help (retries are already exhausted when this is written)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(Kind kind, String code, Integer httpStatus, String message, boolean retryable) {

    /**
     * {@code quota}: the vendor refused the call because the caller's quota is spent, over its rate limit (the calls
     * are retried first, so it shows only when the retries ran out) or its daily or total limit: the fix is a larger
     * quota or fewer calls, not a change of input or credentials. {@code vendor}: the service's own trouble.
     */
    public enum Kind {
        input, auth, quota, vendor, timeout, internal
    }

    public static JobError input(String message) {
        return new JobError(Kind.input, null, null, message, false);
    }

    public static JobError auth(String message) {
        return new JobError(Kind.auth, null, null, message, false);
    }

    public static JobError internal(String message) {
        return new JobError(Kind.internal, null, null, message, false);
    }

    public static JobError timeout(String message) {
        return new JobError(Kind.timeout, null, null, message, false);
    }
}
