package io.mediagate.job;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retries of one vendor call after a network error, a 5xx or a throttling answer: exponential backoff
 * (OpenSearch's documented advice: start at 1 s, double each time, at most 5 attempts) with "equal jitter" — half of the backoff
 * is kept, the other half is random — so that many jobs throttled at once do not come back in lock-step.
 * A {@code Retry-After} from the vendor is a floor: we never come back earlier than it asks.
 */
public record RetryPolicy(Duration initialDelay, double factor, Duration maxDelay, int maxAttempts) {

    /** Whether a call that has failed {@code failedAttempts} times may be tried again. */
    public boolean allowsAnotherAttempt(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }

    /**
     * Delay before the next attempt, after {@code failedAttempts} failures (1 for the first failure).
     *
     * @param retryAfterMillis what the vendor asked for, or a negative number when it did not say
     * @param random           uniform in [0,1)
     */
    public long delayMillis(int failedAttempts, long retryAfterMillis, DoubleSupplier random) {
        double backoff = initialDelay.toMillis() * Math.pow(factor, Math.max(0, failedAttempts - 1));
        backoff = Math.min(backoff, maxDelay.toMillis());
        long jittered = (long) (backoff / 2 + random.getAsDouble() * backoff / 2);
        return Math.max(jittered, retryAfterMillis);
    }
}
