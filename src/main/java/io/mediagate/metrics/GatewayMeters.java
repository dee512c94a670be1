package io.mediagate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The gateway's own meters, one method per event, in the Micrometer registry Camel serves at {@code /observe/metrics}.
 * Every meter is made once per vendor and operation (and outcome or error kind) and kept, so an event costs a map
 * look-up by a small record, not a registry search by built strings. A new meter belongs here, beside its event.
 *
 * <p>The gateway's code reaches the meters through {@link #current()}: vendor calls, token fetches and deliveries
 * happen deep inside classes built long before the registry exists, and before {@link #install} (tools, tests without
 * a gateway) the meters go to a registry that keeps nothing.
 */
public final class GatewayMeters {

    private static volatile GatewayMeters current = new GatewayMeters(new CompositeMeterRegistry());

    private final MeterRegistry registry;
    private final Map<OperationKey, Timer> callLatency = new ConcurrentHashMap<>();
    private final Map<CallKey, Counter> calls = new ConcurrentHashMap<>();
    private final Map<OperationKey, Counter> delivered = new ConcurrentHashMap<>();
    private final Map<FailedKey, Counter> failed = new ConcurrentHashMap<>();
    private final Map<OperationKey, DistributionSummary> pollsPerJob = new ConcurrentHashMap<>();
    private final Map<OperationKey, Timer> rateWait = new ConcurrentHashMap<>();
    private final Map<String, Counter> tokenRefreshes = new ConcurrentHashMap<>();

    /** The label of a job's vendor or operation when it has none. */
    static final String NONE = "(none)";

    private record OperationKey(String vendor, String operation) { }

    private record CallKey(String vendor, String operation, CallOutcome outcome) { }

    private record FailedKey(String vendor, String operation, String kind) { }

    public GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of the gateway running in this process. */
    public static GatewayMeters current() {
        return current;
    }

    /** Makes the registry the gateway's: from now on events are counted there. */
    public static GatewayMeters install(MeterRegistry registry) {
        current = new GatewayMeters(registry);
        return current;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One HTTP call to a vendor, answered or not, and how long it took (signing and sending to the answer read). */
    public void vendorCall(String vendor, String operation, CallOutcome outcome, long nanos) {
        calls.computeIfAbsent(new CallKey(vendor, operation, outcome), key -> Counter.builder("mediagate.vendor.calls")
                .description("HTTP calls to vendors by outcome: ok (below 400), 429, 4xx, 5xx, network (no answer)")
                .tags("vendor", key.vendor(), "operation", key.operation(), "outcome", key.outcome().label())
                .register(registry)).increment();
        latency(callLatency, vendor, operation, "mediagate.vendor.call.duration",
                "Time from sending a vendor call to its answer (or network error)").record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A job delivered with its result, after {@code polls} status calls. */
    public void jobDelivered(String vendor, String operation, int polls) {
        forOperation(delivered, vendor, operation, key -> Counter.builder("mediagate.jobs.delivered")
                .description("Jobs delivered with a result").tags(tags(key)).register(registry)).increment();
        polls(vendor, operation, polls);
    }

    /** A job ended with an error record ({@code kind}: input, auth, quota, vendor, timeout, internal). */
    public void jobFailed(String vendor, String operation, String kind, int polls) {
        failed.computeIfAbsent(new FailedKey(label(vendor), label(operation), kind), key -> Counter.builder("mediagate.jobs.failed")
                .description("Jobs that ended with an error record, by error kind")
                .tags("vendor", key.vendor(), "operation", key.operation(), "kind", key.kind())
                .register(registry)).increment();
        polls(vendor, operation, polls);
    }

    private void polls(String vendor, String operation, int polls) {
        forOperation(pollsPerJob, vendor, operation, key -> DistributionSummary.builder("mediagate.job.polls")
                .description("Status calls a job needed until it finished (0 for a synchronous operation)")
                .tags(tags(key)).publishPercentileHistogram().register(registry)).record(polls);
    }

    /** A call held back for its slot in the vendor's QPS quota: waited for on the spot, or parked on the broker until then. */
    public void rateLimitWait(String vendor, String operation, long millis) {
        latency(rateWait, vendor, operation, "mediagate.rate.limit.wait",
                "Time a vendor call waited for its slot in the vendor's QPS quota").record(Duration.ofMillis(millis));
    }

    /** A new access token or credential fetched from a vendor (a first fetch, a refresh ahead of expiry, or after an invalid one). */
    public void tokenRefreshed(String vendor) {
        tokenRefreshes.computeIfAbsent(vendor, name -> Counter.builder("mediagate.token.refreshes")
                .description("Access tokens fetched from a vendor's token endpoint").tags("vendor", name)
                .register(registry)).increment();
    }

    /**
     * The hook for daily budgets: gauges of a vendor quota's calls used today ({@code mediagate_quota_used}) and its
     * daily budget ({@code mediagate_quota_daily_budget}), read at each scrape from whatever keeps the budget.
     */
    public void dailyBudget(String vendor, String quota, DoubleSupplier used, DoubleSupplier budget) {
        Gauge.builder("mediagate.quota.used", used, DoubleSupplier::getAsDouble)
                .description("Calls counted against the vendor quota's daily budget since its last reset")
                .tags("vendor", vendor, "quota", quota).strongReference(true).register(registry);
        Gauge.builder("mediagate.quota.daily.budget", budget, DoubleSupplier::getAsDouble)
                .description("The vendor quota's daily budget of calls")
                .tags("vendor", vendor, "quota", quota).strongReference(true).register(registry);
    }

    private Timer latency(Map<OperationKey, Timer> timers, String vendor, String operation, String name, String description) {
        return forOperation(timers, vendor, operation, key -> Timer.builder(name).description(description)
                .tags(tags(key)).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry));
    }

    private static <M> M forOperation(Map<OperationKey, M> meters, String vendor, String operation, Function<OperationKey, M> make) {
        return meters.computeIfAbsent(new OperationKey(label(vendor), label(operation)), make);
    }

    /**
     * A label value: a file dropped outside an operation's folder (inbox/opensearch/x.png) is rejected with no
     * operation, or no vendor, and is still counted; a meter takes no null tag.
     */
    private static String label(String value) {
        return value == null ? NONE : value;
    }

    private static String[] tags(OperationKey key) {
        return new String[]{"vendor", key.vendor(), "operation", key.operation()};
    }
}
