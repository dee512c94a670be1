package io.mediagate.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Deterministic faults for one vendor operation (or {@code "*"} for all of a vendor's operations).
 *
 * @param errorRate      share of calls answered with the vendor's 500 error, applied as "every n-th call"
 *                       (0.25 → calls 4, 8, 12 …), so runs are repeatable
 * @param latencyMs      added to every call before answering
 * @param forceStatus    terminal status every new task ends with (e.g. {@code FAILED}) instead of success
 * @param throttleBurst  the next this-many calls are answered 429 with the vendor's throttling body
 * @param retryAfterSeconds {@code Retry-After} sent with those 429 answers (omitted when null)
 * @param taskDurationMs how long new tasks stay pending
 * @param answerFault    how the network or a load balancer breaks the answer (see {@link AnswerFault}); the vendor
 *                       has done the work (created the task, billed the detection) and only its answer is lost
 * @param answerFaultCalls the next this-many calls get {@code answerFault}; null: every call
 * @param answerDelayMs  how long a {@code slow} answer is held (default 60 s): set it above the client's read timeout
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record FaultPlan(String vendor, String target, Double errorRate, Long latencyMs, String forceStatus,
                        Integer throttleBurst, Integer retryAfterSeconds, Long taskDurationMs,
                        AnswerFault answerFault, Integer answerFaultCalls, Long answerDelayMs) {

    /** The plans of before answer faults existed (and most tests' plans). */
    public FaultPlan(String vendor, String target, Double errorRate, Long latencyMs, String forceStatus,
                     Integer throttleBurst, Integer retryAfterSeconds, Long taskDurationMs) {
        this(vendor, target, errorRate, latencyMs, forceStatus, throttleBurst, retryAfterSeconds, taskDurationMs, null, null, null);
    }

    /** A plan that only breaks the answers of the next {@code calls} calls (null: all) to {@code target}. */
    public static FaultPlan answers(String vendor, String target, AnswerFault fault, Integer calls) {
        return new FaultPlan(vendor, target, null, null, null, null, null, null, fault, calls, null);
    }

    /** This plan with a {@code slow} answer held {@code millis}. */
    public FaultPlan withAnswerDelay(long millis) {
        return new FaultPlan(vendor, target, errorRate, latencyMs, forceStatus, throttleBurst, retryAfterSeconds,
                taskDurationMs, answerFault, answerFaultCalls, millis);
    }
}
