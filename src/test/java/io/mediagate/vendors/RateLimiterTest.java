package io.mediagate.vendors;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    @Test
    void reservations_at_ten_qps_are_spaced_a_hundred_milliseconds_apart() {
        limiter.define("opensearch", "image-analysis", 10);

        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(limiter.reserve("opensearch", "image-analysis"));
        }

        assertEquals(List.of(0L, 100L, 200L, 300L, 400L), waits);
    }

    @Test
    void a_second_caller_declaring_a_quota_books_in_the_same_budget() {
        limiter.defineIfAbsent("opensearch", "image-analysis", 10);
        limiter.reserve("opensearch", "image-analysis");

        limiter.defineIfAbsent("opensearch", "image-analysis", 10);

        assertEquals(100, limiter.reserve("opensearch", "image-analysis"));
    }

    @Test
    void time_that_has_passed_shortens_the_wait() {
        limiter.define("opensearch", "image-analysis", 10);
        limiter.reserve("opensearch", "image-analysis");
        limiter.reserve("opensearch", "image-analysis");   // slot at +100 ms

        nanos.addAndGet(150_000_000L);

        assertEquals(50, limiter.reserve("opensearch", "image-analysis"));   // slot at +200 ms
    }

    @Test
    void an_idle_quota_does_not_bank_slots_for_a_later_burst() {
        limiter.define("opensearch", "video-audio", 5);
        limiter.reserve("opensearch", "video-audio");

        nanos.addAndGet(10_000_000_000L);

        assertEquals(0, limiter.reserve("opensearch", "video-audio"));
        assertEquals(200, limiter.reserve("opensearch", "video-audio"));
    }

    @Test
    void separate_quotas_do_not_interfere() {
        limiter.define("opensearch", "detection", 20);
        limiter.define("opensearch", "video-audio", 5);
        for (int i = 0; i < 10; i++) {
            limiter.reserve("opensearch", "video-audio");
        }

        assertEquals(0, limiter.reserve("opensearch", "detection"));
        assertEquals(50, limiter.reserve("opensearch", "detection"));
        assertEquals(2000, limiter.reserve("opensearch", "video-audio"));
    }

    @Test
    void the_same_group_name_of_another_vendor_is_another_quota() {
        limiter.define("opensearch", "detection", 1);
        limiter.define("pai", "detection", 1);
        limiter.reserve("opensearch", "detection");

        assertEquals(0, limiter.reserve("pai", "detection"));
    }

    @Test
    void an_unknown_quota_is_not_limited() {
        assertEquals(0, limiter.reserve("opensearch", "nothing-defined"));
        assertEquals(0, limiter.reserve("opensearch", "nothing-defined"));
    }

    @Test
    void a_wait_that_is_not_a_whole_millisecond_is_rounded_up() {
        limiter.define("opensearch", "odd", 3);   // slots 333 333 334 ns apart
        limiter.reserve("opensearch", "odd");

        assertEquals(334, limiter.reserve("opensearch", "odd"));
    }

    @Test
    void a_rate_that_is_not_positive_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> limiter.define("opensearch", "detection", 0));
    }
}
