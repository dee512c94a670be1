package io.mediagate.job;

import io.mediagate.config.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry policy as the gateway builds it ({@link Settings#retryPolicy()}, used by MediagateConfiguration) from the
 * shipped config/application.properties. OpenSearch's doc: start at 1 s, double each time, at most 5 attempts (cap chosen
 * here: 30 s).
 */
class RetryPolicyTest {

    private final RetryPolicy policy = Settings.fromSystemAndFile(Path.of("config/application.properties")).retryPolicy();

    private static final double HIGHEST = Math.nextDown(1.0);

    @Test
    void without_settings_the_gateway_uses_the_same_seed_policy_as_the_shipped_configuration() {
        assertEquals(policy, Settings.of(Map.of()).retryPolicy());
    }

    @Test
    void the_settings_change_the_policy_the_gateway_uses() {
        RetryPolicy tuned = Settings.of(Map.of("mediagate.retry.initial-delay", "200ms", "mediagate.retry.backoff-factor", "3",
                "mediagate.retry.max-delay", "1s", "mediagate.retry.max-attempts", "2")).retryPolicy();

        assertEquals(List.of(100L, 300L, 500L), List.of(tuned.delayMillis(1, -1, () -> 0.0), tuned.delayMillis(2, -1, () -> 0.0),
                tuned.delayMillis(3, -1, () -> 0.0)));
        assertTrue(tuned.allowsAnotherAttempt(1));
        assertFalse(tuned.allowsAnotherAttempt(2));
    }

    @Test
    void the_backoff_doubles_from_the_initial_delay() {
        // the bottom of the jitter range is half the backoff: 1 s, 2 s, 4 s, 8 s, 16 s halved
        List<Long> lower = List.of(
                policy.delayMillis(1, -1, () -> 0.0),
                policy.delayMillis(2, -1, () -> 0.0),
                policy.delayMillis(3, -1, () -> 0.0),
                policy.delayMillis(4, -1, () -> 0.0),
                policy.delayMillis(5, -1, () -> 0.0));
        assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L), lower);
        // the top of the range (random just below 1) is the full backoff
        for (int attempt = 1; attempt <= 5; attempt++) {
            long backoff = 1000L << (attempt - 1);
            long top = policy.delayMillis(attempt, -1, () -> HIGHEST);
            assertTrue(top >= backoff - 1 && top <= backoff, "attempt " + attempt + ": " + top);
        }
    }

    @Test
    void jittered_delays_stay_within_half_and_all_of_the_backoff() {
        Random random = new Random(42);
        for (int attempt = 1; attempt <= 4; attempt++) {
            long backoff = 1000L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                long delay = policy.delayMillis(attempt, -1, random::nextDouble);
                assertTrue(delay >= backoff / 2 && delay <= backoff, "attempt " + attempt + ": " + delay);
            }
        }
    }

    @Test
    void the_jitter_actually_varies_the_delay() {
        Random random = new Random(7);
        long first = policy.delayMillis(3, -1, random::nextDouble);
        boolean varied = false;
        for (int i = 0; i < 20 && !varied; i++) {
            varied = policy.delayMillis(3, -1, random::nextDouble) != first;
        }
        assertTrue(varied);
    }

    @Test
    void the_backoff_is_capped_at_the_max_delay() {
        assertEquals(30_000, policy.delayMillis(10, -1, () -> 1.0));
        assertEquals(15_000, policy.delayMillis(10, -1, () -> 0.0));
        assertTrue(policy.delayMillis(60, -1, () -> HIGHEST) <= 30_000);
    }

    @Test
    void the_delay_is_never_shorter_than_retry_after() {
        assertEquals(5_000, policy.delayMillis(1, 5_000, () -> 0.0));
        assertEquals(5_000, policy.delayMillis(1, 5_000, () -> HIGHEST));
    }

    @Test
    void retry_after_beyond_the_cap_is_still_respected() {
        assertEquals(120_000, policy.delayMillis(2, 120_000, () -> 0.5));
    }

    @Test
    void a_shorter_retry_after_does_not_shorten_the_backoff() {
        long delay = policy.delayMillis(3, 100, () -> 0.0);

        assertEquals(2000, delay);
    }

    @Test
    void attempts_are_limited_to_five() {
        assertTrue(policy.allowsAnotherAttempt(1));
        assertTrue(policy.allowsAnotherAttempt(4));
        assertFalse(policy.allowsAnotherAttempt(5));
        assertFalse(policy.allowsAnotherAttempt(6));
    }
}
