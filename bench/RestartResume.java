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
import java.util.ArrayList;
import java.util.List;
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

    public static void main(String[] args) throws Exception {
        int files = 200;
        boolean external = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--external-broker" -> external = true;
                case "--set" -> GATEWAY_SETTINGS.add("-D" + args[++i]);
                case "--jvm" -> RESTART_JVM.add(args[++i]);
                case "--first-delay" -> firstDelaySeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(
                        "usage: [--files N] [--first-delay SECONDS] [--external-broker] [--set KEY=VALUE]... [--jvm OPTION]...");
            }
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

            Process first = gateway(temp, data, sandboxPort, brokerUrl, "first", List.of());
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
            Process second = gateway(temp, data, sandboxPort, brokerUrl, "second", RESTART_JVM);
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

    static Process gateway(Path temp, Path data, int sandboxPort, String brokerUrl, String name, List<String> jvm)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvm);
        command.addAll(List.of("-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.management.port=" + freePort(), "-Dmediagate.opensearch.poll.first-delay=" + firstDelaySeconds + "s",
                // the next poll after the first one far beyond the measurement, so every poll counted is a first one
                "-Dmediagate.opensearch.poll.max-interval=20m",
                "-Dmediagate.opensearch.rate.image-analysis=1000", "-Dmediagate.ingest.min-age=100"));
        if (brokerUrl != null) {
            command.add("-Dmediagate.broker.url=" + brokerUrl);
        }
        command.addAll(GATEWAY_SETTINGS);
        command.addAll(List.of("-jar", "target/mediagate.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("gateway-" + name + ".log").toFile());
        builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
        builder.environment().put("OPENSEARCH_API_KEY", "sandbox-key");
        builder.environment().put("OPENSEARCH_ENDPOINT", "http://127.0.0.1:" + sandboxPort + "/opensearch");
        builder.environment().put("MEDIAGATE_SANDBOX_ENABLED", "false");
        return builder.start();
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
