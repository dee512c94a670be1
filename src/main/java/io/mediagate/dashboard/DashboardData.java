package io.mediagate.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.schedules.Schedules;
import io.mediagate.status.BrokerStatus;
import io.mediagate.status.StatusReport;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What the dashboard shows, as one JSON document its page polls: the {@code status} command's report (jobs per stage
 * and operation, the learned processing times) read from inside the gateway, the last hour's deliveries and vendor
 * calls per minute, the latest failures, and the DOWN health checks. Built at most once a second, however many pages
 * poll, and one at a time (the broker is read over one connection).
 */
final class DashboardData {

    /** How many failures the page lists (the newest). */
    static final int FAILURES_LISTED = 50;
    private static final long FRESH_MILLIS = 1000;

    private final CamelContext context;
    private final String brokerUrl;
    private final String user;
    private final String password;
    private final Path dataRoot;
    private final MinuteCounts activity;
    private final FailedInputs failedInputs;
    private final Clock clock;
    private BrokerStatus broker;
    private byte[] last;
    private long lastAt;

    DashboardData(CamelContext context, String brokerUrl, String user, String password, Path dataRoot, MinuteCounts activity,
                  FailedInputs failedInputs, Clock clock) {
        this.context = context;
        this.brokerUrl = brokerUrl;
        this.user = user;
        this.password = password;
        this.dataRoot = dataRoot;
        this.activity = activity;
        this.failedInputs = failedInputs;
        this.clock = clock;
    }

    synchronized byte[] json() {
        long now = clock.millis();
        if (last == null || now - lastAt >= FRESH_MILLIS) {
            last = Json.writePretty(snapshot());
            lastAt = now;
        }
        return last;
    }

    private ObjectNode snapshot() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("generatedAt", Instant.ofEpochMilli(clock.millis()).toString());
        json.set("status", Json.readOrNull(status().toJson()));
        json.set("activity", activity());
        ArrayNode failures = json.putArray("failures");
        failedInputs.latest(FAILURES_LISTED).forEach(f -> failures.addObject().put("record", f.record()).put("input", f.input())
                .put("kind", f.kind()).put("message", f.message()).put("failedAt", f.failedAt()).put("redrivable", f.redrivable()));
        ArrayNode health = json.putArray("healthProblems");
        HealthCheckHelper.invoke(context).stream().filter(r -> r.getState() == HealthCheck.State.DOWN)
                .forEach(r -> health.addObject().put("check", r.getCheck().getId())
                        .put("message", r.getMessage().orElse(r.getError().map(Throwable::getMessage).orElse(""))));
        json.set("windowsAndBudgets", windowsAndBudgets());
        return json;
    }

    /** The intake windows and daily budgets as they stand (README "Intake windows and daily budgets"). */
    private ArrayNode windowsAndBudgets() {
        ArrayNode items = Json.MAPPER.createArrayNode();
        Schedules schedules = context.getRegistry().lookupByNameAndType("schedules", Schedules.class);
        if (schedules == null) {
            return items;
        }
        schedules.windows().forEach(window -> {
            ObjectNode item = items.addObject().put("type", "window").put("scope", window.scope())
                    .put("window", window.window()).put("zone", window.zone().getId()).put("open", window.open());
            if (window.nextOpening() != null) {
                item.put("nextOpening", window.nextOpening().toString());
            }
        });
        schedules.budgets().forEach(budget -> items.addObject().put("type", "budget").put("scope", budget.key())
                .put("limit", budget.limit()).put("spent", budget.spent()).put("used", budget.used())
                .put("spentByVendor", budget.spentByVendor()).put("resetsAt", String.valueOf(budget.resetsAt())));
        return items;
    }

    /** The same report as {@code status --json}: the broker is read over a connection kept open between refreshes. */
    private StatusReport status() {
        try {
            if (broker == null) {
                broker = new BrokerStatus(brokerUrl, user, password);
            }
            return StatusReport.of(brokerUrl, broker.queuedJobs(), broker.deadLetters(), dataRoot);
        } catch (Exception e) {
            close();
            return StatusReport.withoutBroker(brokerUrl, String.valueOf(e.getMessage()), dataRoot);
        }
    }

    private JsonNode activity() {
        MinuteCounts.Hour hour = activity.lastHour();
        ObjectNode json = Json.MAPPER.createObjectNode();
        ArrayNode minutes = json.putArray("minutes");
        for (long start : hour.minuteStarts()) {
            minutes.add(start);
        }
        ObjectNode series = json.putObject("series");
        hour.series().forEach((name, counts) -> {
            ArrayNode values = series.putArray(name);
            for (long n : counts) {
                values.add(n);
            }
        });
        ObjectNode perOperation = json.putObject("perOperation");
        for (Map.Entry<String, Map<String, Long>> operation : hour.perOperation().entrySet()) {
            ObjectNode line = perOperation.putObject(operation.getKey());
            operation.getValue().forEach(line::put);
        }
        return json;
    }

    synchronized void close() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
