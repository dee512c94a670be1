package io.mediagate.schedules;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntakeWindowTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static IntakeWindow window(String spec, ZoneId zone) {
        return IntakeWindow.parse(spec, zone, "mediagate.opensearch.window");
    }

    @Test
    void daily_hours_are_open_from_their_start_until_just_before_their_end() {
        IntakeWindow office = window("09:00-17:30", UTC);
        assertFalse(office.isOpen(Instant.parse("2026-11-27T08:59:59Z")));
        assertTrue(office.isOpen(Instant.parse("2026-11-27T09:00:00Z")));
        assertTrue(office.isOpen(Instant.parse("2026-11-27T17:29:59Z")));
        assertFalse(office.isOpen(Instant.parse("2026-11-27T17:30:00Z")));
        assertEquals(Instant.parse("2026-11-27T09:00:00Z"), office.nextOpening(Instant.parse("2026-11-27T03:00:00Z")));
        assertEquals(Instant.parse("2026-11-28T09:00:00Z"), office.nextOpening(Instant.parse("2026-11-27T18:00:00Z")),
                "after the end: tomorrow's start");
        Instant open = Instant.parse("2026-11-27T12:00:00Z");
        assertEquals(open, office.nextOpening(open), "open now: now");
    }

    @Test
    void an_end_before_the_start_runs_overnight() {
        IntakeWindow night = window("22:00-06:00", UTC);
        assertTrue(night.isOpen(Instant.parse("2026-11-27T23:00:00Z")));
        assertTrue(night.isOpen(Instant.parse("2026-11-28T05:59:00Z")));
        assertFalse(night.isOpen(Instant.parse("2026-11-28T06:00:00Z")));
        assertFalse(night.isOpen(Instant.parse("2026-11-28T21:59:59Z")));
        assertEquals(Instant.parse("2026-11-28T22:00:00Z"), night.nextOpening(Instant.parse("2026-11-28T06:00:00Z")));
    }

    @Test
    void hours_are_read_in_the_windows_time_zone() {
        // 01:00-05:00 in Beijing is 17:00-21:00 UTC the day before
        IntakeWindow beijingNight = window("1:00-05:00", SHANGHAI);
        assertTrue(beijingNight.isOpen(Instant.parse("2026-11-27T17:30:00Z")));
        assertFalse(beijingNight.isOpen(Instant.parse("2026-11-27T01:30:00Z")));
        assertEquals(Instant.parse("2026-11-27T17:00:00Z"), beijingNight.nextOpening(Instant.parse("2026-11-27T12:00:00Z")));
    }

    @Test
    void a_window_keeps_its_local_hours_across_a_clock_change() {
        IntakeWindow morning = window("08:00-09:00", BERLIN);
        // Berlin leaves summer time on 2026-10-25: 08:00 is 06:00 UTC before, 07:00 UTC after
        assertEquals(Instant.parse("2026-10-24T06:00:00Z"), morning.nextOpening(Instant.parse("2026-10-24T00:00:00Z")));
        assertEquals(Instant.parse("2026-10-25T07:00:00Z"), morning.nextOpening(Instant.parse("2026-10-24T12:00:00Z")));
        assertTrue(morning.isOpen(Instant.parse("2026-10-25T07:30:00Z")));
        assertFalse(morning.isOpen(Instant.parse("2026-10-25T06:30:00Z")));
    }

    @Test
    void a_start_the_clock_change_skips_opens_the_next_day() {
        // on 2026-03-29 Berlin's clocks go from 02:00 to 03:00: 02:00-02:30 does not happen that day
        IntakeWindow skipped = window("02:00-02:30", BERLIN);
        assertEquals(Instant.parse("2026-03-30T00:00:00Z"), skipped.nextOpening(Instant.parse("2026-03-28T23:00:00Z")));
    }

    @Test
    void a_cron_window_is_open_during_the_seconds_it_matches() {
        // 01:00 to 05:59 on weekdays, Beijing time
        IntakeWindow weekdayNights = window("* * 1-5 ? * MON-FRI", SHANGHAI);
        assertTrue(weekdayNights.isOpen(Instant.parse("2026-11-26T17:00:00Z")), "Friday 01:00 in Beijing");
        assertTrue(weekdayNights.isOpen(Instant.parse("2026-11-26T21:59:59.500Z")), "Friday 05:59:59.5");
        assertFalse(weekdayNights.isOpen(Instant.parse("2026-11-26T22:00:00Z")), "Friday 06:00");
        assertFalse(weekdayNights.isOpen(Instant.parse("2026-11-27T18:00:00Z")), "Saturday 02:00");
        assertEquals(Instant.parse("2026-11-29T17:00:00Z"), weekdayNights.nextOpening(Instant.parse("2026-11-27T18:00:00Z")),
                "Monday 01:00 in Beijing");
    }

    @Test
    void a_window_that_cannot_be_read_names_its_setting() {
        IllegalStateException neither = assertThrows(IllegalStateException.class, () -> window("nights", UTC));
        assertTrue(neither.getMessage().contains("mediagate.opensearch.window"), neither.getMessage());
        assertThrows(IllegalStateException.class, () -> window("25:00-06:00", UTC));
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> window("06:00-06:00", UTC));
        assertTrue(empty.getMessage().contains("same time"), empty.getMessage());
    }
}
