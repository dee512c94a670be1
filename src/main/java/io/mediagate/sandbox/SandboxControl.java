package io.mediagate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Json;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's shared bookkeeping: call counts per vendor operation (with how many were throttled or
 * failed), and the fault plans tests and benchmarks set through the admin endpoint. Targets are the
 * emulator's names for an operation (OpenSearch: the service id).
 */
public final class SandboxControl {

    /** What an injected fault asks the emulator to answer instead of the real thing. */
    public enum Injected { NONE, THROTTLE, SERVER_ERROR }

    private final Map<String, FaultPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttleLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> faultCalls = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    private static final class Counts {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong clientErrors = new AtomicLong();
    }

    private final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

    /** Counts something an emulator did that tests want to see, e.g. {@code tasks-created}. */
    public void countEvent(String vendor, String event) {
        events.computeIfAbsent(key(vendor, event), k -> new AtomicLong()).incrementAndGet();
    }

    public long events(String vendor, String event) {
        AtomicLong n = events.get(key(vendor, event));
        return n == null ? 0 : n.get();
    }

    public void setFault(FaultPlan plan) {
        String key = key(plan.vendor(), plan.target() == null ? "*" : plan.target());
        plans.put(key, plan);
        throttleLeft.put(key, new AtomicInteger(plan.throttleBurst() == null ? 0 : plan.throttleBurst()));
        faultCalls.put(key, new AtomicLong());
    }

    public void clearFaults() {
        plans.clear();
        throttleLeft.clear();
        faultCalls.clear();
    }

    public void resetCounts() {
        counts.clear();
        events.clear();
    }

    /** The plan for a target: its own, else the vendor-wide one. */
    public Optional<FaultPlan> plan(String vendor, String target) {
        FaultPlan own = plans.get(key(vendor, target));
        return Optional.ofNullable(own != null ? own : plans.get(key(vendor, "*")));
    }

    private String planKey(String vendor, String target) {
        return plans.containsKey(key(vendor, target)) ? key(vendor, target) : key(vendor, "*");
    }

    /** Applies latency and decides whether this call is answered by an injected fault. */
    public Injected beforeCall(String vendor, String target) {
        Optional<FaultPlan> plan = plan(vendor, target);
        if (plan.isEmpty()) {
            return Injected.NONE;
        }
        FaultPlan p = plan.get();
        if (p.latencyMs() != null && p.latencyMs() > 0) {
            try {
                Thread.sleep(p.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String key = planKey(vendor, target);
        AtomicInteger burst = throttleLeft.get(key);
        if (burst != null && burst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Injected.THROTTLE;
        }
        if (p.errorRate() != null && p.errorRate() > 0) {
            long every = Math.max(1, Math.round(1 / Math.min(1.0, p.errorRate())));
            long n = faultCalls.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            if (n % every == 0) {
                return Injected.SERVER_ERROR;
            }
        }
        return Injected.NONE;
    }

    public void record(String vendor, String target, int status) {
        Counts c = counts.computeIfAbsent(key(vendor, target), k -> new Counts());
        c.calls.incrementAndGet();
        if (status == 429) {
            c.throttled.incrementAndGet();
        } else if (status >= 500) {
            c.serverErrors.incrementAndGet();
        } else if (status >= 400) {
            c.clientErrors.incrementAndGet();
        }
    }

    /** {@code {"opensearch/ops-object-detect-001":{"calls":…,"throttled":…,"serverErrors":…,"clientErrors":…}}} */
    public ObjectNode countsAsJson() {
        ObjectNode out = Json.object();
        new TreeMap<>(counts).forEach((key, c) -> {
            ObjectNode node = out.putObject(key);
            node.put("calls", c.calls.get());
            node.put("throttled", c.throttled.get());
            node.put("serverErrors", c.serverErrors.get());
            node.put("clientErrors", c.clientErrors.get());
        });
        new TreeMap<>(events).forEach((key, n) -> out.put(key, n.get()));
        return out;
    }

    public long calls(String vendor, String target) {
        Counts c = counts.get(key(vendor, target));
        return c == null ? 0 : c.calls.get();
    }

    public long throttled(String vendor) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(vendor + "/"))
                .mapToLong(e -> e.getValue().throttled.get()).sum();
    }

    private static String key(String vendor, String target) {
        return vendor + "/" + target;
    }
}
