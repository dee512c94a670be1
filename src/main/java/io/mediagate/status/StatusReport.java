package io.mediagate.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.schedules.DailyBudget;
import io.mediagate.schedules.ScheduleFile;
import io.mediagate.schedules.Schedules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every job stands, per vendor and operation: waiting on the broker (to submit, to poll, to deliver)
 * and finished in the folders (envelopes in {@code outbox/}, error records in {@code failed/}).
 */
public final class StatusReport {

    /** One vendor operation's line. */
    public static final class Row {
        public long waitingSubmit;
        public long waitingPoll;
        /** Earliest time a waiting poll is due (epoch millis), 0 when none waits. */
        public long nextPollAt;
        public long waitingDeliver;
        /** Of the waiting ones, how many a gateway is working on right now. */
        public long inProgress;
        /** Of the waiting deliveries, how many the disk refused (full, read-only): they wait for space. */
        public long blockedByDisk;
        public long delivered;
        public long failed;
        /** Of the waiting submits, how many their intake window or daily budget holds. */
        public long held;
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private final String broker;
    private final String brokerProblem;
    private final long deadLetters;
    private static final String NO_DATA_FOLDER = "is this the gateway's data folder? Name it with --data DIR (the gateway's"
            + " mediagate.data-dir / MEDIAGATE_DATA_DIR)";
    /** The data folder the folder counts come from, and why it could not be read (null when it could). */
    private Path dataFolder;
    private String dataFolderProblem;
    /** The running gateway's own health, when it was asked. */
    private GatewayHealth.Answer health;
    /** What adaptive polling has learned: key vendor/operation/size class. */
    private Map<String, ProcessingTimes.Learned> learned = Map.of();
    /** The intake windows and daily budgets as the gateway last wrote them. */
    private Schedules schedules = Schedules.asSaved(ScheduleFile.Content.EMPTY, Clock.systemUTC());

    private StatusReport(String broker, String brokerProblem, long deadLetters) {
        this.broker = broker;
        this.brokerProblem = brokerProblem;
        this.deadLetters = deadLetters;
    }

    /** A report from what the broker holds and what the folders under {@code dataRoot} hold. */
    public static StatusReport of(String broker, List<QueuedJob> queued, long deadLetters, Path dataRoot) {
        StatusReport report = new StatusReport(broker, null, deadLetters);
        report.addQueued(queued);
        report.addFolders(dataRoot);
        return report;
    }

    /** A report from the folders alone, saying why the broker could not be read. */
    public static StatusReport withoutBroker(String broker, String problem, Path dataRoot) {
        StatusReport report = new StatusReport(broker, problem, 0);
        report.addFolders(dataRoot);
        return report;
    }

    /** Adds what the running gateway's health check says (shown above the table). */
    public StatusReport withHealth(GatewayHealth.Answer health) {
        this.health = health;
        return this;
    }

    public boolean brokerReachable() {
        return brokerProblem == null;
    }

    public Map<String, Row> rows() {
        return rows;
    }

    private void addQueued(List<QueuedJob> queued) {
        for (QueuedJob job : queued) {
            Row row = row(job.vendor() + "/" + job.operation());
            switch (job.stage()) {
                // videos waiting to be gathered into a batch call wait for submit too
                case "gather", "submit" -> row.waitingSubmit += job.count();
                case "poll" -> {
                    row.waitingPoll += job.count();
                    if (!job.inProgress() && job.dueAt() > 0 && (row.nextPollAt == 0 || job.dueAt() < row.nextPollAt)) {
                        row.nextPollAt = job.dueAt();
                    }
                }
                default -> {
                    row.waitingDeliver += job.count();
                    if (job.blockedByDisk()) {
                        row.blockedByDisk += job.count();
                    }
                }
            }
            if (job.inProgress()) {
                row.inProgress += job.count();
            }
            if (job.held()) {
                row.held += job.count();
            }
        }
    }

    /** outbox/<vendor>/<operation>/…/*.json are results; failed/<vendor>/<operation>/…/*.error.json errors. */
    private void addFolders(Path root) {
        dataFolder = root.toAbsolutePath();
        if (!Files.isDirectory(root)) {
            // counting nothing here would read as "nothing delivered, nothing failed"
            dataFolderProblem = NO_DATA_FOLDER;
            return;
        }
        FolderCounts.count(root.resolve("outbox"), ".json", key -> row(key).delivered++);
        FolderCounts.count(root.resolve("failed"), ".error.json", key -> row(key).failed++);
        learned = ProcessingTimes.load(root.resolve("work").resolve(ProcessingTimes.FILE_IN_WORK)).snapshot();
        schedules = Schedules.asSaved(ScheduleFile.read(root.resolve("work")), Clock.systemUTC());
    }

    private Row row(String key) {
        return rows.computeIfAbsent(key, k -> new Row());
    }

    public String toText(ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        StringBuilder out = new StringBuilder();
        out.append("mediagate status — broker ").append(broker);
        out.append(brokerProblem == null ? "" : " (NOT REACHABLE: " + brokerProblem + ")").append('\n');
        if (dataFolderProblem != null) {
            out.append("data folder ").append(dataFolder).append(": NOT THERE (").append(dataFolderProblem).append(")\n");
        }
        if (health != null) {
            out.append("gateway health ").append(health.url()).append(": ");
            if (!health.reached()) {
                out.append("no answer (is the gateway running, with this configuration?)\n");
            } else if (health.problems().isEmpty()) {
                out.append("UP\n");
            } else {
                out.append("DOWN\n");
                health.problems().forEach(p -> out.append("  ").append(p.check()).append(": ").append(p.message()).append('\n'));
            }
        }
        int width = Math.max(20, rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        String format = "%-" + width + "s %8s %8s  %-19s %8s %8s %10s %8s%n";
        out.append(String.format(format, "VENDOR/OPERATION", "SUBMIT", "POLL", "NEXT POLL", "DELIVER", "ACTIVE", "DELIVERED", "FAILED"));
        Row total = new Row();
        for (Map.Entry<String, Row> entry : rows.entrySet()) {
            Row row = entry.getValue();
            out.append(String.format(format, entry.getKey(), waiting(row.waitingSubmit), waiting(row.waitingPoll),
                    row.nextPollAt == 0 ? "-" : time.format(Instant.ofEpochMilli(row.nextPollAt)),
                    waiting(row.waitingDeliver), waiting(row.inProgress), row.delivered, row.failed));
            total.waitingSubmit += row.waitingSubmit;
            total.waitingPoll += row.waitingPoll;
            total.waitingDeliver += row.waitingDeliver;
            total.inProgress += row.inProgress;
            total.blockedByDisk += row.blockedByDisk;
            total.delivered += row.delivered;
            total.failed += row.failed;
        }
        out.append(String.format(format, "total", waiting(total.waitingSubmit), waiting(total.waitingPoll), "",
                waiting(total.waitingDeliver), waiting(total.inProgress), total.delivered, total.failed));
        rows.forEach((key, row) -> {
            if (row.blockedByDisk > 0) {
                out.append(key).append(": ").append(row.blockedByDisk).append(" finished job(s) wait to be delivered:"
                        + " the disk refuses their files (full or read-only); they are delivered once it takes them\n");
            }
        });
        appendSchedules(out, time);
        if (deadLetters > 0) {
            out.append(deadLetters).append(" message(s) in the broker's dead-letter queue mediagate.dead\n");
        }
        if (!learned.isEmpty()) {
            out.append("learned processing times (9 tasks in 10 done by then; the first poll goes there):\n");
            learned.forEach((key, times) -> out.append(String.format("  %-" + (width + 8) + "s %8.1f s  from %d tasks%n",
                    key.replace("/≤", " ≤").replace("/any", " any"), times.expectedMillis() / 1000, times.tasks())));
        }
        return out.toString();
    }

    /** The intake windows, daily budgets, and when the jobs they hold go again. */
    private void appendSchedules(StringBuilder out, DateTimeFormatter time) {
        List<Schedules.WindowStatus> windows = schedules.windows();
        if (!windows.isEmpty()) {
            out.append("intake windows:\n");
            windows.forEach(w -> out.append(String.format("  %-32s %-24s %s%n", w.scope(), w.window() + " " + w.zone(),
                    w.open() ? "open" : "closed, opens " + time.format(w.nextOpening()))));
        }
        List<DailyBudget.State> budgets = schedules.budgets();
        if (!budgets.isEmpty()) {
            out.append("daily budgets (submit calls):\n");
            budgets.forEach(b -> out.append(String.format("  %-32s %-24s resets %s%s%n", b.key(),
                    b.spent() + (b.limit() > 0 ? " of " + b.limit() : "") + " spent",
                    time.format(b.resetsAt()), b.spentByVendor() ? " (the vendor says its daily limit is reached)" : "")));
        }
        rows.forEach((key, row) -> {
            if (row.held > 0) {
                out.append(key).append(": ").append(row.held).append(" job(s) held by their intake window or daily budget")
                        .append(resumesAt(key).map(at -> ", resume " + time.format(at)).orElse(", resuming now")).append('\n');
            }
        });
    }

    /** When the held jobs of a row ({@code vendor/operation}) go again; empty when they may go now. */
    private java.util.Optional<Instant> resumesAt(String key) {
        String[] parts = key.split("/", 2);
        return parts.length < 2 ? java.util.Optional.empty() : schedules.resumesAt(parts[0], parts[1]);
    }

    private String waiting(long count) {
        return brokerProblem == null ? String.valueOf(count) : "?";
    }

    public String toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("broker", broker);
        json.put("brokerReachable", brokerProblem == null);
        if (brokerProblem != null) {
            json.put("brokerProblem", brokerProblem);
        }
        json.put("deadLetters", deadLetters);
        json.put("dataFolder", String.valueOf(dataFolder));
        if (dataFolderProblem != null) {
            json.put("dataFolderProblem", "not there: " + dataFolderProblem);
        }
        if (health != null) {
            ObjectNode gateway = json.putObject("gatewayHealth");
            gateway.put("url", health.url());
            gateway.put("reached", health.reached());
            if (health.reached()) {
                gateway.put("status", health.problems().isEmpty() ? "UP" : "DOWN");
                ArrayNode problems = gateway.putArray("problems");
                health.problems().forEach(p -> problems.addObject().put("check", p.check()).put("message", p.message()));
            }
        }
        ArrayNode operations = json.putArray("operations");
        rows.forEach((key, row) -> {
            ObjectNode line = operations.addObject();
            String[] parts = key.split("/", 2);
            line.put("vendor", parts[0]);
            line.put("operation", parts.length > 1 ? parts[1] : null);
            if (brokerProblem == null) {
                line.put("waitingSubmit", row.waitingSubmit);
                line.put("waitingPoll", row.waitingPoll);
                line.put("nextPollAt", row.nextPollAt == 0 ? null : Instant.ofEpochMilli(row.nextPollAt).toString());
                line.put("waitingDeliver", row.waitingDeliver);
                line.put("inProgress", row.inProgress);
                line.put("blockedByDisk", row.blockedByDisk);
            }
            line.put("delivered", row.delivered);
            line.put("failed", row.failed);
            if (brokerProblem == null) {
                line.put("held", row.held);
                line.put("resumesAt", row.held == 0 ? null : resumesAt(key).map(Instant::toString).orElse(null));
            }
        });
        ArrayNode windows = json.putArray("intakeWindows");
        schedules.windows().forEach(w -> windows.addObject().put("scope", w.scope()).put("window", w.window())
                .put("timeZone", w.zone().getId()).put("open", w.open()).put("nextOpening", w.nextOpening().toString()));
        ArrayNode budgets = json.putArray("dailyBudgets");
        schedules.budgets().forEach(b -> budgets.addObject().put("scope", b.key()).put("limit", b.limit()).put("spent", b.spent())
                .put("spentByVendor", b.spentByVendor()).put("used", b.used()).put("resetsAt", b.resetsAt().toString()));
        ArrayNode processingTimes = json.putArray("learnedProcessingTimes");
        learned.forEach((key, times) -> {
            String[] parts = key.split("/", 3);
            processingTimes.addObject().put("vendor", parts[0]).put("operation", parts[1]).put("sizeClass", parts[2])
                    .put("seconds", Math.round(times.expectedMillis()) / 1000.0).put("tasks", times.tasks());
        });
        return new String(Json.writePretty(json), java.nio.charset.StandardCharsets.UTF_8);
    }
}
