package io.mediagate.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollPolicyTest {

    private static final long T0 = 1_700_000_000_000L;

    private final PollPolicy policy = new PollPolicy(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), Duration.ofHours(2));

    @Test
    void first_poll_comes_after_the_first_delay() {
        Job job = new Job();

        policy.onSubmitted(job, T0);

        assertEquals(T0 + 5_000, job.getDueAt());
        assertEquals(5_000, job.getPollIntervalMillis());
    }

    @Test
    void deadline_is_set_at_submission() {
        Job job = new Job();

        policy.onSubmitted(job, T0);

        assertEquals(T0 + Duration.ofHours(2).toMillis(), job.getDeadlineAt());
    }

    @Test
    void interval_grows_by_the_factor_up_to_the_max_interval() {
        Job job = new Job();
        policy.onSubmitted(job, T0);

        List<Long> intervals = new ArrayList<>();
        long now = T0;
        for (int i = 0; i < 7; i++) {
            now = job.getDueAt();
            policy.onPending(job, now);
            intervals.add(job.getPollIntervalMillis());
            assertEquals(now + job.getPollIntervalMillis(), job.getDueAt());
        }

        // 5 s × 1.5 = 7.5 s, 11.25 s, 16.875 s, 25.3125 s (rounded up to the ms), then capped at 30 s
        assertEquals(List.of(7_500L, 11_250L, 16_875L, 25_313L, 30_000L, 30_000L, 30_000L), intervals);
    }

    @Test
    void deadline_never_moves_once_set() {
        Job job = new Job();
        policy.onSubmitted(job, T0);
        long deadline = job.getDeadlineAt();

        policy.onPending(job, T0 + 60_000);
        policy.onSubmitted(job, T0 + 3_600_000);   // e.g. resubmitted after a restart
        policy.onPending(job, T0 + 3_700_000);

        assertEquals(deadline, job.getDeadlineAt());
    }

    @Test
    void first_poll_is_never_after_the_deadline() {
        PollPolicy shortDeadline = new PollPolicy(Duration.ofSeconds(30), 1.5, Duration.ofSeconds(60), Duration.ofSeconds(10));
        Job job = new Job();

        shortDeadline.onSubmitted(job, T0);

        assertEquals(T0 + 10_000, job.getDueAt());
    }

    @Test
    void next_poll_is_never_after_the_deadline() {
        Job job = new Job();
        policy.onSubmitted(job, T0);
        long deadline = job.getDeadlineAt();

        policy.onPending(job, deadline - 1_000);

        assertEquals(deadline, job.getDueAt());
    }

    @Test
    void past_deadline_is_reached_at_the_deadline_itself() {
        Job job = new Job();
        policy.onSubmitted(job, T0);
        long deadline = job.getDeadlineAt();

        assertFalse(policy.isPastDeadline(job, deadline - 1));
        assertTrue(policy.isPastDeadline(job, deadline));
        assertTrue(policy.isPastDeadline(job, deadline + 1));
    }

    @Test
    void a_job_without_deadline_is_never_past_it() {
        assertFalse(policy.isPastDeadline(new Job(), Long.MAX_VALUE));
    }

    @Test
    void a_backoff_factor_below_one_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PollPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(30), Duration.ofHours(1)));
    }
}
