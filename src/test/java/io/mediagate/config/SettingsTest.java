package io.mediagate.config;


import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void durations_read_milliseconds_seconds_minutes_and_hours() {
        assertEquals(Duration.ofMillis(500), Settings.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(5), Settings.parseDuration("5s"));
        assertEquals(Duration.ofMinutes(2), Settings.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), Settings.parseDuration("1h"));
    }

    @Test
    void durations_read_iso_8601() {
        assertEquals(Duration.ofSeconds(5), Settings.parseDuration("PT5S"));
        assertEquals(Duration.ofMinutes(90), Settings.parseDuration("PT1H30M"));
    }

    @Test
    void a_plain_number_is_milliseconds() {
        assertEquals(Duration.ofMillis(1500), Settings.parseDuration("1500"));
    }

    @Test
    void durations_tolerate_spaces_and_fractions() {
        assertEquals(Duration.ofMillis(250), Settings.parseDuration(" 250 ms "));
        assertEquals(Duration.ofMillis(1500), Settings.parseDuration("1.5s"));
    }

    @Test
    void an_unreadable_duration_names_the_setting() {
        Settings settings = Settings.of(Map.of("mediagate.poll.deadline", "soon"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.duration("mediagate.poll.deadline"));
        assertTrue(e.getMessage().contains("mediagate.poll.deadline"), e.getMessage());
        assertTrue(e.getMessage().contains("soon"), e.getMessage());
    }

    @Test
    void an_unreadable_number_names_the_setting() {
        Settings settings = Settings.of(Map.of("mediagate.retry.max-attempts", "five"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.integer("mediagate.retry.max-attempts"));
        assertTrue(e.getMessage().contains("mediagate.retry.max-attempts"), e.getMessage());
    }

    @Test
    void missing_or_blank_settings_fall_back_to_the_shipped_default() {
        Settings settings = Settings.of(Map.of("mediagate.ingest.min-age", "   "));

        assertEquals(Duration.ofSeconds(1), settings.duration("mediagate.ingest.min-age"));
        assertEquals(5, settings.integer("mediagate.retry.max-attempts"));
        assertEquals("x", settings.string("mediagate.absent", "x"));
    }

    @Test
    void first_takes_the_most_specific_setting_that_is_set() {
        Settings settings = Settings.of(Map.of("vendor.key", "vendor", "global.key", "global"));

        assertEquals("vendor", settings.first("op.key", "vendor.key", "global.key").orElseThrow());
        assertEquals("global", settings.first("op.key", "global.key").orElseThrow());
        assertTrue(settings.first("op.key").isEmpty());
    }

    @Test
    void with_prefix_strips_the_prefix_and_keeps_only_matching_keys() {
        Settings settings = Settings.of(Map.of(
                "mediagate.params.opensearch.video-snapshot.parameters.interval", "5",
                "mediagate.params.opensearch.video-snapshot.output.type", "base64",
                "mediagate.params.opensearch.audio-asr.output.type", "text"));

        assertEquals(Map.of("parameters.interval", "5", "output.type", "base64"),
                settings.withPrefix("mediagate.params.opensearch.video-snapshot."));
    }

    @Test
    void polls_learn_unless_the_user_set_the_schedule_of_that_vendor_or_operation() {
        assertTrue(Settings.of(Map.of()).pollPolicy("opensearch", "image-analyze").adaptive(), "the shipped default");
        assertTrue(Settings.of(Map.of("mediagate.opensearch.poll.first-delay", "5s")).pollPolicy("opensearch", "image-analyze").adaptive(),
                "the shipped figure written again is no change");
        assertTrue(Settings.of(Map.of("mediagate.poll.first-delay", "2s")).pollPolicy("opensearch", "image-analyze").adaptive(),
                "the gateway-wide fallback schedule");
        assertFalse(Settings.of(Map.of("mediagate.opensearch.image-analyze.poll.first-delay", "2s")).pollPolicy("opensearch", "image-analyze").adaptive());
        assertFalse(Settings.of(Map.of("mediagate.opensearch.poll.max-interval", "10s")).pollPolicy("opensearch", "image-analyze").adaptive());
        assertTrue(Settings.of(Map.of("mediagate.opensearch.poll.max-interval", "10s", "mediagate.opensearch.poll.adaptive", "true"))
                .pollPolicy("opensearch", "image-analyze").adaptive(), "asked for explicitly");
        assertFalse(Settings.of(Map.of("mediagate.poll.adaptive", "false")).pollPolicy("opensearch", "image-analyze").adaptive());
    }
}
