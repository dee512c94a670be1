package io.mediagate.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The gateway's meters as their events record them: one series per vendor and operation, made once. */
class GatewayMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMeters meters = new GatewayMeters(registry);

    @Test
    void calls_of_one_operation_and_outcome_add_up_in_one_series() {
        meters.vendorCall("baidu", "image-label", CallOutcome.OK, TimeUnit.MILLISECONDS.toNanos(20));
        meters.vendorCall("baidu", "image-label", CallOutcome.OK, TimeUnit.MILLISECONDS.toNanos(40));
        meters.vendorCall("baidu", "image-label", CallOutcome.THROTTLED, TimeUnit.MILLISECONDS.toNanos(5));
        assertEquals(2, registry.get("mediagate.vendor.calls").tags("vendor", "baidu", "operation", "image-label", "outcome", "ok").counter().count());
        assertEquals(1, registry.get("mediagate.vendor.calls").tags("outcome", "429").counter().count());
        assertEquals(3, registry.get("mediagate.vendor.call.duration").tags("vendor", "baidu").timer().count());
        assertEquals(65, registry.get("mediagate.vendor.call.duration").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
    }

    @Test
    void rate_waits_and_token_fetches_are_recorded() {
        meters.rateLimitWait("opensearch", "object-detect", 250);
        meters.rateLimitWait("opensearch", "object-detect", 3000);
        meters.tokenRefreshed("baidu");
        assertEquals(2, registry.get("mediagate.rate.limit.wait").tags("operation", "object-detect").timer().count());
        assertEquals(3.25, registry.get("mediagate.rate.limit.wait").timer().totalTime(TimeUnit.SECONDS), 0.001);
        assertEquals(1, registry.get("mediagate.token.refreshes").tags("vendor", "baidu").counter().count());
    }

    @Test
    void a_daily_budget_is_read_from_its_keeper_at_each_scrape() {
        AtomicLong used = new AtomicLong(7);
        meters.dailyBudget("baidu", "image-label", used::get, () -> 500);
        used.set(9);
        assertEquals(9, registry.get("mediagate.quota.used").tags("vendor", "baidu", "quota", "image-label").gauge().value());
        assertEquals(500, registry.get("mediagate.quota.daily.budget").gauge().value());
    }

    @Test
    void meters_are_installed_for_the_whole_process() {
        SimpleMeterRegistry gateways = new SimpleMeterRegistry();
        assertSame(gateways, GatewayMeters.install(gateways).registry());
        assertSame(gateways, GatewayMeters.current().registry());
    }
}
