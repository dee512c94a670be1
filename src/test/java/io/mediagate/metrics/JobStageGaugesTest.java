package io.mediagate.metrics;

import io.mediagate.testsupport.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage gauges read the broker's counts, asking it at most once per max age however often they are scraped. */
class JobStageGaugesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();
    private List<JobStageGauges.Queued> onBroker = List.of(
            new JobStageGauges.Queued("poll", "opensearch", "image-analyze", 3),
            new JobStageGauges.Queued("poll", "opensearch", "image-analyze", 2),
            new JobStageGauges.Queued("submit", "baidu", "image-label", 1));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double scraped(String stage, String vendor, String operation) {
        return registry.get("mediagate.jobs.queued").tags("stage", stage, "vendor", vendor, "operation", operation).gauge().value();
    }

    private void register(JobStageGauges gauges) {
        gauges.register(registry, Map.of("opensearch", List.of("image-analyze"), "baidu", List.of("image-label")));
    }

    @Test
    void each_stage_and_operation_shows_its_jobs_and_zero_where_none_wait() {
        register(new JobStageGauges(() -> onBroker, Duration.ofSeconds(10), clock::millis));
        assertEquals(5, scraped("poll", "opensearch", "image-analyze"), "a listed job and a counted line alike");
        assertEquals(1, scraped("submit", "baidu", "image-label"));
        assertEquals(0, scraped("deliver", "opensearch", "image-analyze"));
    }

    @Test
    void the_broker_is_asked_once_per_max_age_however_many_gauges_are_read() {
        register(new JobStageGauges(() -> {
            asked.incrementAndGet();
            return onBroker;
        }, Duration.ofSeconds(10), clock::millis));
        for (String stage : JobStageGauges.STAGES) {
            scraped(stage, "opensearch", "image-analyze");
            scraped(stage, "baidu", "image-label");
        }
        assertEquals(1, asked.get());
        onBroker = List.of();
        clock.advance(Duration.ofSeconds(9));
        assertEquals(5, scraped("poll", "opensearch", "image-analyze"), "the last answer, still young enough");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, scraped("poll", "opensearch", "image-analyze"), "asked again");
        assertEquals(2, asked.get());
    }

    @Test
    void a_broker_that_cannot_be_asked_gives_no_value_rather_than_zero() {
        register(new JobStageGauges(() -> {
            throw new IllegalStateException("broker down");
        }, Duration.ofSeconds(10), clock::millis));
        assertTrue(Double.isNaN(scraped("poll", "opensearch", "image-analyze")));
        assertTrue(Double.isNaN(scraped("submit", "baidu", "image-label")), "until asked again");
    }
}
