import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Time from a gateway restart to the first resumed poll: async jobs are submitted with a first poll F after each
 * submit (--first-delay, default 180 s: beyond the 60 s park-after horizon, so every job is parked in a wait bucket),
 * the gateway is stopped (SIGTERM) before any poll is due and stays down until a quarter of the submit span is
 * overdue; at the restart the next jobs are due within the horizon (on the schedule) and the last ones are still
 * parked far off. The clock runs from the new process's start to the sandbox's first poll call, and to the moment
 * the polls made since the restart caught up with every poll due by then (every overdue poll made). Each task's due
 * time is its creation time (sampled from the sandbox's counts every 50 ms while submitting) plus F. Everything is a
 * separate process (sandbox, gateway), as users run them; the figures include JVM and Camel start-up.
 *
 *   bench/run-restart.sh [--files N] [--first-delay SECONDS] [--external-broker] [--set KEY=VALUE]... [--jvm OPTION]...
 *
 * --set passes a gateway setting to both gateway processes (e.g. --set mediagate.poll.park-after=2s); --jvm passes a
 * JVM option to the restarted one only (e.g. --jvm -XX:StartFlightRecording=filename=restart.jfr).
 *
 * Snapshots, so that a restart can be measured again in about a minute instead of submitting for ten:
 *
 *   bench/run-restart.sh --save-snapshot DIR [--files N] [--overdue K] [--first-delay SECONDS]
 *   bench/run-restart.sh --from-snapshot DIR [--jar PATH] [--set KEY=VALUE]... [--jvm OPTION]...
 *
 * --save-snapshot submits N-K jobs whose first poll is hours away (they stay parked in wait buckets whenever the
 * snapshot is used), stops the gateway, submits the last K with the first poll F after the submit (beyond the
 * park-after horizon, so they are parked too), stops the gateway before any of them is due, waits until all K are
 * overdue and copies the data folder (work area and embedded broker) to DIR. The sandbox (tasks running for a day)
 * stays up for the snapshot's restarts: its task ids are the ones in the snapshot; its pid is in DIR.
 * --from-snapshot starts a gateway on a fresh copy of DIR's data folder, and reports process start -> first
 * resumed poll and -> all K overdue polls made; the mix is the same at every restart (K overdue, N-K parked hours
 * ahead), only the K grow older. --jar runs another build for the restart (with its lib/ folder beside it).
 */
public class RestartResume {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String SERVICE = "opensearch/ops-image-analyze-vlm-001";
    /** -Dkey=value settings given with --set, for both gateway processes. */
    static final List<String> GATEWAY_SETTINGS = new ArrayList<>();
    /** JVM options given with --jvm, for the restarted gateway only. */
    static final List<String> RESTART_JVM = new ArrayList<>();
    static int firstDelaySeconds = 180;
    static String jar = "target/mediagate.jar";
    /** The first poll of a snapshot's parked jobs: far beyond any restart measured on the snapshot. */
    static final int PARKED_FIRST_DELAY_SECONDS = 6 * 3600;

    public static void main(String[] args) throws Exception {
        int files = 200;
        boolean external = false;
        int overdueFiles = 2500;
        Path saveSnapshot = null;
        Path fromSnapshot = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--external-broker" -> external = true;
                case "--set" -> GATEWAY_SETTINGS.add("-D" + args[++i]);
                case "--jvm" -> RESTART_JVM.add(args[++i]);
                case "--first-delay" -> firstDelaySeconds = Integer.parseInt(args[++i]);
                case "--overdue" -> overdueFiles = Integer.parseInt(args[++i]);
                case "--save-snapshot" -> saveSnapshot = Path.of(args[++i]).toAbsolutePath();
                case "--from-snapshot" -> fromSnapshot = Path.of(args[++i]).toAbsolutePath();
                case "--jar" -> jar = args[++i];
                default -> throw new IllegalArgumentException(
                        "usage: [--files N] [--first-delay SECONDS] [--external-broker] [--set KEY=VALUE]... [--jvm OPTION]..."
                                + " | --save-snapshot DIR [--files N] [--overdue K] [--first-delay SECONDS]"
                                + " | --from-snapshot DIR [--jar PATH] [--set KEY=VALUE]... [--jvm OPTION]...");
            }
        }
        if (saveSnapshot != null) {
            saveSnapshot(saveSnapshot, files, overdueFiles);
            return;
        }
        if (fromSnapshot != null) {
            restartFromSnapshot(fromSnapshot);
            return;
        }
        Path temp = Files.createTempDirectory("mediagate-restart-");
        Path data = temp.resolve("data");
        Path inbox = Files.createDirectories(data.resolve("inbox/opensearch/image-analyze"));
        int sandboxPort = freePort();
        List<Process> processes = new ArrayList<>();
        try {
            processes.add(new ProcessBuilder(JAVA, "-Dmediagate.sandbox.task-duration=10m",
                    "-Dmediagate.sandbox.opensearch.qps.image-analysis=1000", "-jar", "target/mediagate.jar", "sandbox",
                    "--port", String.valueOf(sandboxPort)).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("sandbox.log").toFile()).start());
            String brokerUrl = null;
            if (external) {
                brokerUrl = "tcp://127.0.0.1:" + freePort();
                processes.add(new ProcessBuilder(JAVA, "-jar", "target/mediagate.jar", "broker", "--listen", brokerUrl,
                        "--data", temp.resolve("broker").toString()).redirectErrorStream(true)
                        .redirectOutput(temp.resolve("broker.log").toFile()).start());
            }
            waitFor("sandbox", () -> get(sandboxPort) != null);

            Process first = gateway(temp, data, sandboxPort, brokerUrl, "first", List.of(), firstDelaySeconds);
            processes.add(first);
            for (int i = 0; i < files; i++) {
                Path part = inbox.resolve(".r" + i + ".tmp");
                Files.write(part, png(i));
                Files.move(part, inbox.resolve("r" + i + ".png"));
            }
            // when each task was created: (time, tasks created by then), sampled while the gateway submits
            List<long[]> created = new ArrayList<>();
            long lastCount = 0;
            while (lastCount < files) {
                long count = count(get(sandboxPort), "opensearch/tasks-created");
                if (count > lastCount) {
                    created.add(new long[] {System.currentTimeMillis(), count});
                    lastCount = count;
                }
                Thread.sleep(50);
            }
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
            long callsBefore = count(get(sandboxPort), SERVICE);
            long firstDelay = firstDelaySeconds * 1000L;
            long span = created.get(created.size() - 1)[0] - created.get(0)[0];
            long restartAt = created.get(0)[0] + firstDelay + span / 4;
            // the service's calls are the submits and the polls
            System.out.printf("submitted %d in %.1f s; polls before the stop: %d (must be 0); down for %.1f s%n", files,
                    span / 1000.0, callsBefore - files, Math.max(0, restartAt - System.currentTimeMillis()) / 1000.0);
            Thread.sleep(Math.max(0, restartAt - System.currentTimeMillis()));

            long t0 = System.currentTimeMillis();
            long overdue = dueBy(created, t0 - firstDelay);
            long soon = dueBy(created, t0 + 60_000 - firstDelay) - overdue;
            Process second = gateway(temp, data, sandboxPort, brokerUrl, "second", RESTART_JVM, firstDelaySeconds);
            processes.add(second);
            long firstPoll = 0;
            long caughtUp = 0;
            while (System.currentTimeMillis() - t0 < 300_000) {
                long now = System.currentTimeMillis();
                long polls = count(get(sandboxPort), SERVICE) - callsBefore;
                if (polls >= 1 && firstPoll == 0) {
                    firstPoll = now - t0;
                }
                if (polls >= dueBy(created, now - firstDelay)) {
                    caughtUp = now - t0;
                    break;
                }
                Thread.sleep(10);
            }
            long tasks = count(get(sandboxPort), "opensearch/tasks-created");
            String heap = liveHeap(second.pid());
            System.out.printf("restart-to-first-poll (%s broker, %d async jobs in flight: %d overdue at the restart, %d due"
                    + " within 60 s, %d parked beyond)%n", external ? "external" : "embedded", files, overdue, soon,
                    files - overdue - soon);
            System.out.printf("  process start -> first resumed poll:              %6d ms%n", firstPoll);
            System.out.printf("  process start -> every poll due so far made:      %6d ms%s%n", caughtUp,
                    caughtUp == 0 ? " (not within 300 s)" : "");
            System.out.printf("  tasks created in total: %d (must equal %d: no job submitted again)%n", tasks, files);
            System.out.printf("  the restarted gateway's heap after a full GC (jcmd GC.heap_info): %s; threads %s%n", heap,
                    second.info().command().isPresent() ? threads(second.pid()) : "?");
            System.out.printf("  logs and data: %s%n", temp);
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    static Process gateway(Path temp, Path data, int sandboxPort, String brokerUrl, String name, List<String> jvm,
            int firstDelay) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvm);
        command.addAll(List.of("-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.management.port=" + freePort(),
                "-Dcamel.server.port=" + freePort(), "-Dmediagate.opensearch.poll.first-delay=" + firstDelay + "s",
                // no job times out while a snapshot's parked jobs wait for their first poll hours ahead
                "-Dmediagate.opensearch.poll.deadline=48h",
                // the next poll after the first one far beyond the measurement, so every poll counted is a first one
                "-Dmediagate.opensearch.poll.max-interval=20m",
                "-Dmediagate.opensearch.rate.image-analysis=1000", "-Dmediagate.ingest.min-age=100"));
        if (brokerUrl != null) {
            command.add("-Dmediagate.broker.url=" + brokerUrl);
        }
        command.addAll(GATEWAY_SETTINGS);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("gateway-" + name + ".log").toFile());
        builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
        builder.environment().put("OPENSEARCH_API_KEY", "sandbox-key");
        builder.environment().put("OPENSEARCH_ENDPOINT", "http://127.0.0.1:" + sandboxPort + "/opensearch");
        builder.environment().put("MEDIAGATE_SANDBOX_ENABLED", "false");
        return builder.start();
    }

    /**
     * Submits the snapshot's jobs in two gateway runs (parked ones first, then the K to be overdue), waits until the
     * K are due and copies the data folder to {@code dir}. The sandbox is left running for the restarts.
     */
    static void saveSnapshot(Path dir, int files, int overdue) throws Exception {
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists: choose a new folder for the snapshot");
        }
        Path temp = Files.createTempDirectory("mediagate-snapshot-");
        Path data = temp.resolve("data");
        Path inbox = Files.createDirectories(data.resolve("inbox/opensearch/image-analyze"));
        int sandboxPort = freePort();
        // started for good: the snapshot's task ids live in this sandbox (its tasks run for a day, so every poll
        // measured on the snapshot is answered "running" and the job goes back to wait)
        Process sandbox = new ProcessBuilder(JAVA, "-Dmediagate.sandbox.task-duration=24h",
                "-Dmediagate.sandbox.opensearch.qps.image-analysis=1000", "-jar", "target/mediagate.jar", "sandbox",
                "--port", String.valueOf(sandboxPort)).redirectErrorStream(true)
                .redirectOutput(temp.resolve("sandbox.log").toFile()).start();
        waitFor("sandbox", () -> get(sandboxPort) != null);
        List<long[]> parked = submit(temp, data, inbox, sandboxPort, 0, files - overdue, PARKED_FIRST_DELAY_SECONDS, "parked");
        List<long[]> due = submit(temp, data, inbox, sandboxPort, files - overdue, files, firstDelaySeconds, "overdue");
        long polls = count(get(sandboxPort), SERVICE) - files;
        long dueFrom = due.get(0)[0] + firstDelaySeconds * 1000L;
        long dueTo = due.get(due.size() - 1)[0] + firstDelaySeconds * 1000L;
        System.out.printf("submitted %d parked (first poll in %d s) in %.1f s and %d to be overdue (first poll in %d s) in"
                        + " %.1f s; polls before the stop: %d (must be 0); waiting %.1f s until all are due%n",
                files - overdue, PARKED_FIRST_DELAY_SECONDS, span(parked) / 1000.0, overdue, firstDelaySeconds,
                span(due) / 1000.0, polls, Math.max(0, dueTo - System.currentTimeMillis()) / 1000.0);
        if (polls != 0) {
            throw new IllegalStateException("polls were made before the stop: submit fewer jobs or raise --first-delay");
        }
        Thread.sleep(Math.max(0, dueTo + 1000 - System.currentTimeMillis()));
        Files.createDirectories(dir);
        copy(data, dir.resolve("data"));
        Properties snapshot = new Properties();
        snapshot.setProperty("files", String.valueOf(files));
        snapshot.setProperty("overdue", String.valueOf(overdue));
        snapshot.setProperty("overdue.due-from", String.valueOf(dueFrom));
        snapshot.setProperty("overdue.due-to", String.valueOf(dueTo));
        snapshot.setProperty("parked.due-from", String.valueOf(parked.get(0)[0] + PARKED_FIRST_DELAY_SECONDS * 1000L));
        snapshot.setProperty("sandbox.port", String.valueOf(sandboxPort));
        snapshot.setProperty("sandbox.pid", String.valueOf(sandbox.pid()));
        try (var out = Files.newBufferedWriter(dir.resolve("snapshot.properties"))) {
            snapshot.store(out, "bench/RestartResume.java --save-snapshot");
        }
        System.out.printf("snapshot in %s (logs in %s); the sandbox (pid %d, port %d) keeps running for the restarts:"
                + " stop it with kill %d when done%n", dir, temp, sandbox.pid(), sandboxPort, sandbox.pid());
    }

    /** Submits files {@code from} to {@code to} through a gateway with the given first poll delay, then stops it. */
    static List<long[]> submit(Path temp, Path data, Path inbox, int sandboxPort, int from, int to, int firstDelay,
            String name) throws Exception {
        long before = count(get(sandboxPort), "opensearch/tasks-created");
        Process gateway = gateway(temp, data, sandboxPort, null, name, List.of(), firstDelay);
        try {
            for (int i = from; i < to; i++) {
                Path part = inbox.resolve(".r" + i + ".tmp");
                Files.write(part, png(i));
                Files.move(part, inbox.resolve("r" + i + ".png"));
            }
            List<long[]> created = new ArrayList<>();
            long lastCount = before;
            while (lastCount < before + to - from) {
                long count = count(get(sandboxPort), "opensearch/tasks-created");
                if (count > lastCount) {
                    created.add(new long[] {System.currentTimeMillis(), count - before});
                    lastCount = count;
                }
                Thread.sleep(50);
            }
            return created;
        } finally {
            gateway.destroy();
            gateway.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** One restart on a fresh copy of a snapshot's data folder. */
    static void restartFromSnapshot(Path dir) throws Exception {
        Properties snapshot = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("snapshot.properties"))) {
            snapshot.load(in);
        }
        int sandboxPort = Integer.parseInt(snapshot.getProperty("sandbox.port"));
        long files = Long.parseLong(snapshot.getProperty("files"));
        long overdue = Long.parseLong(snapshot.getProperty("overdue"));
        if (get(sandboxPort) == null) {
            throw new IllegalStateException("the snapshot's sandbox (port " + sandboxPort + ") is gone: save a new snapshot");
        }
        Path temp = Files.createTempDirectory("mediagate-restart-");
        Path data = temp.resolve("data");
        copy(dir.resolve("data"), data);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        long callsBefore = count(get(sandboxPort), SERVICE);
        long tasksBefore = count(get(sandboxPort), "opensearch/tasks-created");
        long t0 = System.currentTimeMillis();
        Process gateway = gateway(temp, data, sandboxPort, null, "restart", RESTART_JVM, firstDelaySeconds);
        try {
            long firstPoll = 0;
            long caughtUp = 0;
            String cpuAtFirstPoll = "?";
            while (System.currentTimeMillis() - t0 < 300_000) {
                long now = System.currentTimeMillis();
                long polls = count(get(sandboxPort), SERVICE) - callsBefore;
                if (polls >= 1 && firstPoll == 0) {
                    firstPoll = now - t0;
                    cpuAtFirstPoll = cpu(gateway);
                }
                if (polls >= overdue) {
                    caughtUp = now - t0;
                    break;
                }
                Thread.sleep(10);
            }
            String cpuAtCatchUp = cpu(gateway);
            long polls = count(get(sandboxPort), SERVICE) - callsBefore;
            long tasks = count(get(sandboxPort), "opensearch/tasks-created") - tasksBefore;
            System.out.printf("restart from snapshot %s (embedded broker, %d async jobs in flight: %d overdue by %.0f-%.0f s,"
                            + " %d parked, due in %.0f s; load average %s)%n", dir, files, overdue,
                    (t0 - Long.parseLong(snapshot.getProperty("overdue.due-to"))) / 1000.0,
                    (t0 - Long.parseLong(snapshot.getProperty("overdue.due-from"))) / 1000.0, files - overdue,
                    (Long.parseLong(snapshot.getProperty("parked.due-from")) - t0) / 1000.0, load);
            System.out.printf("  process start -> first resumed poll:              %6d ms (gateway CPU by then %s; started %s)%n",
                    firstPoll, cpuAtFirstPoll, java.time.Instant.ofEpochMilli(t0));
            System.out.printf("  process start -> every overdue poll made:         %6d ms%s (gateway CPU by then %s)%n",
                    caughtUp, caughtUp == 0 ? " (not within 300 s)" : "", cpuAtCatchUp);
            System.out.printf("  polls made: %d (the overdue: %d); tasks created: %d (must be 0: no job submitted again)%n",
                    polls, overdue, tasks);
            System.out.printf("  heap after a full GC: %s; threads %s; load average at the end %s%n",
                    liveHeap(gateway.pid()), threads(gateway.pid()), Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.printf("  log: %s%n", temp.resolve("gateway-restart.log"));
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
            try (var paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String cpu(Process process) {
        return process.info().totalCpuDuration().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("?");
    }

    static long span(List<long[]> created) {
        return created.get(created.size() - 1)[0] - created.get(0)[0];
    }

    static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** How many tasks were created by {@code time}, from the samples taken while submitting. */
    static long dueBy(List<long[]> created, long time) {
        long count = 0;
        for (long[] sample : created) {
            if (sample[0] <= time) {
                count = sample[1];
            }
        }
        return count;
    }

    /** Used heap of a process after a full GC, as jcmd reports it. */
    static String liveHeap(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return jcmd(pid, "GC.heap_info").lines().filter(l -> l.contains("used")).findFirst().orElse("?").strip();
    }

    static String threads(long pid) throws IOException, InterruptedException {
        return String.valueOf(jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"")).count());
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    static JsonNode get(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/_sandbox/calls").toURL().openConnection();
            c.setConnectTimeout(1000);
            try (var in = c.getInputStream()) {
                return JSON.readTree(in);
            }
        } catch (IOException notYet) {
            return null;
        }
    }

    static long count(JsonNode calls, String key) {
        if (calls == null) {
            return 0;
        }
        JsonNode node = calls.path(key);
        return node.isObject() ? node.path("calls").asLong() : node.asLong();
    }

    static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 900_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }

    static byte[] png(int seed) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
