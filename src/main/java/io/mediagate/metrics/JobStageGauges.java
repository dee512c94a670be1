package io.mediagate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code mediagate_jobs_queued{stage,vendor,operation}}: the jobs on each stage's queue, as {@code status} counts them
 * from the broker. The broker is asked at most once per {@code maxAge}, and only when the gauges are read (a scrape):
 * every gauge of one scrape reads the same answer, and a scraper polling fast does not make the broker browse its
 * queues each time. When the broker cannot be asked the gauges read NaN (no value) rather than a stale or zero count.
 */
public final class JobStageGauges {

    private static final Logger LOG = LoggerFactory.getLogger(JobStageGauges.class);

    /** The stages whose queues are counted. */
    public static final List<String> STAGES = List.of("gather", "submit", "poll", "deliver");

    /** A count of jobs on one stage's queue for one operation. */
    public record Queued(String stage, String vendor, String operation, long count) { }

    private record Key(String stage, String vendor, String operation) { }

    private final Supplier<List<Queued>> broker;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    /** The broker's last answer; null when it could not be asked. */
    private Map<Key, Long> counts;
    private boolean asked;
    private long askedAt;

    /** @param broker counts the jobs on the stage queues (may throw when the broker cannot be asked) */
    public JobStageGauges(Supplier<List<Queued>> broker, Duration maxAge, LongSupplier clock) {
        this.broker = broker;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    /** Registers a gauge per stage for each of the gateway's operations (given as vendor and operation name). */
    public void register(MeterRegistry registry, Map<String, List<String>> operationsByVendor) {
        operationsByVendor.forEach((vendor, operations) -> operations.forEach(operation -> STAGES.forEach(stage ->
                Gauge.builder("mediagate.jobs.queued", this, gauges -> gauges.count(stage, vendor, operation))
                        .description("Jobs on a stage's queue: waiting for (or in) their gather, submit, poll or deliver step")
                        .tags("stage", stage, "vendor", vendor, "operation", operation)
                        // the registry is the only one that keeps these gauges
                        .strongReference(true)
                        .register(registry))));
    }

    /** The jobs of one stage and operation, from an answer of the broker at most maxAge old. */
    public synchronized double count(String stage, String vendor, String operation) {
        long now = clock.getAsLong();
        if (!asked || now - askedAt >= maxAgeMillis) {
            asked = true;
            askedAt = now;
            counts = ask();
        }
        return counts == null ? Double.NaN : counts.getOrDefault(new Key(stage, vendor, operation), 0L);
    }

    private Map<Key, Long> ask() {
        try {
            return broker.get().stream().collect(Collectors.groupingBy(
                    queued -> new Key(queued.stage(), queued.vendor(), queued.operation()), Collectors.summingLong(Queued::count)));
        } catch (RuntimeException unreachable) {
            LOG.warn("mediagate_jobs_queued has no value: {}", unreachable.getMessage());
            return null;
        }
    }
}
