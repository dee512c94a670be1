package io.mediagate.dashboard;

import io.mediagate.metrics.CallOutcome;
import io.mediagate.metrics.GatewayMeters;
import io.mediagate.testsupport.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dashboard's minutes count what the gateway's meters count, each event once, in the minute it was sampled. */
class ActivityRecorderTest {

    @Test
    void each_run_adds_what_the_counters_grew_by_to_the_current_minute() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-28T10:00:10Z"));
        MinuteCounts counts = new MinuteCounts(clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayMeters meters = new GatewayMeters(registry);
        ActivityRecorder recorder = new ActivityRecorder(registry, counts);

        meters.vendorCall("opensearch", "object-detect", CallOutcome.OK, 1_000_000);
        meters.vendorCall("opensearch", "object-detect", CallOutcome.OK, 1_000_000);
        meters.vendorCall("baidu", "image-classify", CallOutcome.THROTTLED, 1_000_000);
        meters.jobDelivered("opensearch", "object-detect", 0);
        recorder.run();
        recorder.run(); // nothing new: nothing added

        clock.advance(Duration.ofMinutes(1));
        meters.vendorCall("opensearch", "object-detect", CallOutcome.OK, 1_000_000);
        meters.jobFailed("baidu", "image-classify", "quota", 0);
        recorder.run();

        MinuteCounts.Hour hour = counts.lastHour();
        int last = MinuteCounts.MINUTES - 1;
        assertEquals(2, hour.series().get("call.ok")[last - 1]);
        assertEquals(1, hour.series().get("call.ok")[last]);
        assertEquals(1, hour.series().get("call.429")[last - 1]);
        assertEquals(1, hour.series().get("delivered")[last - 1]);
        assertEquals(1, hour.series().get("failed")[last]);
        assertEquals(3L, hour.perOperation().get("opensearch/object-detect").get("call.ok"));
        assertEquals(1L, hour.perOperation().get("baidu/image-classify").get("failed"));
    }
}
