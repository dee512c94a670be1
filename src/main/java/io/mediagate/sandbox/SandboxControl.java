package io.mediagate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;

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
    private final Map<String, AtomicInteger> answerFaultsLeft = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();

    private static final class Counts {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong throttled = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicLong clientErrors = new AtomicLong();
        final Map<AnswerFault, AtomicLong> answerFaults = new ConcurrentHashMap<>();
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
        answerFaultsLeft.put(key, new AtomicInteger(plan.answerFaultCalls() == null ? Integer.MAX_VALUE : plan.answerFaultCalls()));
    }

    public void clearFaults() {
        plans.clear();
        throttleLeft.clear();
        faultCalls.clear();
        answerFaultsLeft.clear();
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

    /**
     * Records an emulator's answer (as {@link #record}) and applies the plan's {@link AnswerFault} to it: the vendor
     * has done its work, only the answer is broken. Emulators return what this returns.
     */
    public SandboxResponse answered(String vendor, String target, SandboxResponse response) {
        record(vendor, target, response.status());
        AnswerFault fault = plan(vendor, target).map(FaultPlan::answerFault).orElse(null);
        if (fault == null) {
            return response;
        }
        AtomicInteger left = answerFaultsLeft.get(planKey(vendor, target));
        if (left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return response;
        }
        counts.computeIfAbsent(key(vendor, target), k -> new Counts()).answerFaults
                .computeIfAbsent(fault, k -> new AtomicLong()).incrementAndGet();
        return switch (fault) {
            case RESET, NO_ANSWER -> response.cutOff(fault);
            case TRUNCATED -> new SandboxResponse(response.status(), response.headers(),
                    java.util.Arrays.copyOf(response.body(), response.body().length / 2));
            case HTML_502 -> new SandboxResponse(502, Map.of("Content-Type", "text/html"), LOAD_BALANCER_502);
            case MISSING_FIELDS -> SandboxResponse.json(200, requestIdOnly(response.body()));
            case SLOW -> {
                Long delay = plan(vendor, target).map(FaultPlan::answerDelayMs).orElse(null);
                try {
                    Thread.sleep(delay == null ? 60_000 : delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield response;
            }
        };
    }

    /** What a load balancer in front of a vendor (nginx, Tengine) sends when the backend failed it. */
    private static final byte[] LOAD_BALANCER_502 = ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The answer's own request id field ({@code request_id}, {@code RequestId}, Baidu's {@code log_id}) and nothing else. */
    private static ObjectNode requestIdOnly(byte[] body) {
        ObjectNode kept = Json.object();
        com.fasterxml.jackson.databind.JsonNode answer = Json.readOrNull(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        if (answer != null && answer.isObject()) {
            answer.fields().forEachRemaining(field -> {
                String name = field.getKey().toLowerCase(java.util.Locale.ROOT).replace("_", "");
                if (name.equals("requestid") || name.equals("logid")) {
                    kept.set(field.getKey(), field.getValue());
                }
            });
        }
        return kept;
    }

    /** How many answers to a target were broken with {@code fault}. */
    public long answerFaults(String vendor, String target, AnswerFault fault) {
        Counts c = counts.get(key(vendor, target));
        AtomicLong n = c == null ? null : c.answerFaults.get(fault);
        return n == null ? 0 : n.get();
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
            if (!c.answerFaults.isEmpty()) {
                ObjectNode broken = node.putObject("answerFaults");
                new TreeMap<>(c.answerFaults).forEach((fault, n) -> broken.put(fault.wireName(), n.get()));
            }
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
