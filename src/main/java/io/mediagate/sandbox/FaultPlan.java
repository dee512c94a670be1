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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record FaultPlan(String vendor, String target, Double errorRate, Long latencyMs, String forceStatus,
                        Integer throttleBurst, Integer retryAfterSeconds, Long taskDurationMs) {
}
