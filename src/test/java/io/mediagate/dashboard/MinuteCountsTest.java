package io.mediagate.dashboard;

import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The dashboard's last hour: counts land in their minute, and a minute older than an hour is gone. */
class MinuteCountsTest {

    @Test
    void counts_stay_in_their_minute_for_an_hour() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-28T10:00:30Z"));
        MinuteCounts counts = new MinuteCounts(clock);
        counts.add("delivered", "opensearch/object-detect");
        counts.add("delivered", "opensearch/object-detect");
        clock.advance(Duration.ofMinutes(1));
        counts.add("call.429", "baidu/image-classify");

        MinuteCounts.Hour hour = counts.lastHour();
        assertEquals(Instant.parse("2026-11-28T10:01:00Z").toEpochMilli(), hour.minuteStarts()[MinuteCounts.MINUTES - 1]);
        assertEquals(2, hour.series().get("delivered")[MinuteCounts.MINUTES - 2]);
        assertEquals(1, hour.series().get("call.429")[MinuteCounts.MINUTES - 1]);
        assertEquals(2L, hour.perOperation().get("opensearch/object-detect").get("delivered"));

        // an hour later the 10:00 minute's slot is reused: its deliveries are no longer counted
        clock.advance(Duration.ofMinutes(59));
        counts.add("delivered", "pai/image-qa");
        hour = counts.lastHour();
        assertFalse(hour.perOperation().containsKey("opensearch/object-detect"));
        assertEquals(1L, hour.perOperation().get("baidu/image-classify").get("call.429"));
        assertEquals(1L, hour.perOperation().get("pai/image-qa").get("delivered"));
    }
}
