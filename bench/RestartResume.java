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
 * Time from a gateway restart to the first resumed poll: async jobs are submitted, the gateway is stopped
 * (SIGTERM) and stays down until every poll is overdue, then started again; the clock runs from the new
 * process's start to the sandbox's first poll call, and to every job polled once. Everything is a separate
 * process (sandbox, gateway), as users run them; the figure includes JVM and Camel start-up.
 *
 *   bench/run-restart.sh [--files N] [--external-broker] [--set KEY=VALUE]...
 *
 * --set passes a gateway setting to both gateway processes (e.g. --set mediagate.poll.park-after=2s).
 */
public class RestartResume {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final String SERVICE = "opensearch/ops-image-analyze-vlm-001";
    /** -Dkey=value settings given with --set, for both gateway processes. */
    static final List<String> GATEWAY_SETTINGS = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int files = 200;
        boolean external = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--external-broker" -> external = true;
                case "--set" -> GATEWAY_SETTINGS.add("-D" + args[++i]);
                default -> throw new IllegalArgumentException("usage: [--files N] [--external-broker] [--set KEY=VALUE]...");
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

            Process first = gateway(temp, data, sandboxPort, brokerUrl, "first");
            for (int i = 0; i < files; i++) {
                Path part = inbox.resolve(".r" + i + ".tmp");
                Files.write(part, png(i));
                Files.move(part, inbox.resolve("r" + i + ".png"));
            }
            int n = files;
            waitFor("all tasks submitted", () -> count(get(sandboxPort), "opensearch/tasks-created") >= n);
            long submittedAt = System.currentTimeMillis();
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
            long callsBefore = count(get(sandboxPort), SERVICE);
            // stay down until every first poll (5 s after its submit) is overdue
            Thread.sleep(Math.max(0, submittedAt + 8000 - System.currentTimeMillis()));

            long t0 = System.currentTimeMillis();
            Process second = gateway(temp, data, sandboxPort, brokerUrl, "second");
            processes.add(second);
            long firstPoll = 0;
            long allPolled = 0;
            while (System.currentTimeMillis() - t0 < 300_000) {
                long polls = count(get(sandboxPort), SERVICE) - callsBefore;
                if (polls >= 1 && firstPoll == 0) {
                    firstPoll = System.currentTimeMillis() - t0;
                }
                if (polls >= files) {
                    allPolled = System.currentTimeMillis() - t0;
                    break;
                }
                Thread.sleep(10);
            }
            long tasks = count(get(sandboxPort), "opensearch/tasks-created");
            String heap = liveHeap(second.pid());
            System.out.printf("restart-to-first-poll (%s broker, %d async jobs waiting, polls overdue at restart):%n",
                    external ? "external" : "embedded", files);
            System.out.printf("  process start -> first resumed poll:      %6d ms%n", firstPoll);
            System.out.printf("  process start -> every job polled once:   %6d ms%n", allPolled);
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

    static Process gateway(Path temp, Path data, int sandboxPort, String brokerUrl, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.management.port=" + freePort(), "-Dmediagate.opensearch.poll.first-delay=5s",
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
