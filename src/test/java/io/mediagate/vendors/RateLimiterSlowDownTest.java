package io.mediagate.vendors;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A vendor's "too many calls per second" halves the quota's pace, once per burst, and the pace grows back. */
class RateLimiterSlowDownTest {

    private final AtomicLong now = new AtomicLong(0);
    private final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void the_rate_halves_on_a_burst_of_over_rate_answers_and_recovers_without_them() {
        limiter.define("baidu", "api", 8);
        limiter.slowDown("baidu", "api");
        limiter.slowDown("baidu", "api");
        limiter.slowDown("baidu", "api");
        assertEquals(4.0, limiter.currentRate("baidu", "api"), 1e-9, "three answers of one burst count once");
        now.addAndGet(2_000_000_000L);
        limiter.slowDown("baidu", "api");
        assertEquals(2.0, limiter.currentRate("baidu", "api"), 1e-9);
        for (int i = 0; i < 10; i++) {
            limiter.slowDown("baidu", "api");
            now.addAndGet(2_000_000_000L);
        }
        assertEquals(0.5, limiter.currentRate("baidu", "api"), 1e-9, "never below a sixteenth");
        long before = now.get();
        now.set(before + RateLimiter.RECOVERY);
        limiter.reserve("baidu", "api");
        assertEquals(0.625, limiter.currentRate("baidu", "api"), 1e-9, "a quarter faster after a quiet spell");
        for (int i = 0; i < 20; i++) {
            now.addAndGet(RateLimiter.RECOVERY);
            limiter.reserve("baidu", "api");
        }
        assertEquals(8.0, limiter.currentRate("baidu", "api"), 1e-9, "back to the configured rate, never above");
    }
}
