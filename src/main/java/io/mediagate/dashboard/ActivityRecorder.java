package io.mediagate.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Feeds the dashboard's charts from the gateway's own meters (the series of {@code /observe/metrics}, README
 * "Metrics"): each run adds to the current minute what the vendor-call counters (by outcome) and the delivered and
 * failed counters grew by since the last run. The dashboard and a Prometheus scrape so count the same events, in one
 * place; the gateway runs this every few seconds.
 */
final class ActivityRecorder implements Runnable {

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String CALL = "call.";

    private final MeterRegistry registry;
    private final MinuteCounts counts;
    /** Each counter's value at the last run. */
    private final Map<Meter.Id, Double> seen = new HashMap<>();

    ActivityRecorder(MeterRegistry registry, MinuteCounts counts) {
        this.registry = registry;
        this.counts = counts;
    }

    @Override
    public synchronized void run() {
        grown("mediagate.vendor.calls", id -> CALL + id.getTag("outcome"));
        grown("mediagate.jobs.delivered", id -> DELIVERED);
        grown("mediagate.jobs.failed", id -> FAILED);
    }

    private void grown(String meter, Function<Meter.Id, String> series) {
        for (Counter counter : registry.find(meter).counters()) {
            double now = counter.count();
            Double before = seen.put(counter.getId(), now);
            long grew = Math.round(now - (before == null ? 0 : before));
            if (grew > 0) {
                counts.add(series.apply(counter.getId()),
                        counter.getId().getTag("vendor") + "/" + counter.getId().getTag("operation"), grew);
            }
        }
    }
}
