import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PAI vendor calls with and without batching: N videos as N job files (one video each) against the same N videos
 * in one batch job file, each run a separate `--once` gateway process against the sandbox (also a separate
 * process) playing PAI. Prints the vendor calls per video and the wall time of each run.
 *
 *   bench/run-pai-batch.sh [--videos N] [--task-duration 5s]
 */
public class PaiBatchCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        int videos = 50;
        String taskDuration = "5s";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--task-duration" -> taskDuration = args[++i];
                default -> throw new IllegalArgumentException("usage: [--videos N] [--task-duration 5s]");
            }
        }
        Path temp = Files.createTempDirectory("mediagate-pai-batch-");
        int sandboxPort = freePort();
        ProcessBuilder sandboxBuilder = new ProcessBuilder(JAVA, "-Dmediagate.sandbox.task-duration=" + taskDuration,
                "-jar", "target/mediagate.jar", "sandbox", "--port", String.valueOf(sandboxPort))
                .redirectErrorStream(true).redirectOutput(temp.resolve("sandbox.log").toFile());
        Process sandbox = sandboxBuilder.start();
        try {
            waitFor("sandbox", () -> get(sandboxPort, "calls") != null);
            System.out.printf("PAI video-qa, %d videos, sandbox task duration %s, poll first-delay 1s growing to 5s%n", videos, taskDuration);
            run("one job file per video", temp, sandboxPort, videos, false);
            run("one batch job file", temp, sandboxPort, videos, true);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static void run(String label, Path temp, int sandboxPort, int videos, boolean batch) throws Exception {
        post(sandboxPort, "reset");
        Path data = temp.resolve(batch ? "batch" : "single");
        Path inbox = Files.createDirectories(data.resolve("inbox/pai/video-qa"));
        if (batch) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < videos; i++) {
                urls.append(i == 0 ? "" : ",").append("\"https://example.com/v").append(i).append(".mp4\"");
            }
            Files.writeString(inbox.resolve("all.job.json"), "{\"urls\": [" + urls + "]}");
        } else {
            for (int i = 0; i < videos; i++) {
                Files.writeString(inbox.resolve("v" + i + ".job.json"), "{\"url\": \"https://example.com/v" + i + ".mp4\"}");
            }
        }
        long start = System.currentTimeMillis();
        Process gateway = gateway(temp, data, sandboxPort, batch ? "batch" : "single");
        if (!gateway.waitFor(600, TimeUnit.SECONDS)) {
            gateway.destroyForcibly();
            throw new IllegalStateException(label + ": the gateway did not finish");
        }
        long millis = System.currentTimeMillis() - start;
        JsonNode calls = get(sandboxPort, "calls");
        long submits = count(calls, "pai/videos") + count(calls, "pai/batch_videos");
        long polls = count(calls, "pai/async_jobs") + count(calls, "pai/batch_jobs");
        long envelopes;
        try (var files = Files.walk(data.resolve("outbox"))) {
            envelopes = files.filter(f -> f.toString().endsWith(".json")).count();
        }
        System.out.printf("  %-24s exit %d, %d envelopes, %d submit + %d status calls = %.2f calls per video, %.1f s (incl. JVM start)%n",
                label, gateway.exitValue(), envelopes, submits, polls, (submits + polls) / (double) videos, millis / 1000.0);
    }

    static Process gateway(Path temp, Path data, int sandboxPort, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.management.port=" + freePort(), "-Dcamel.server.port=" + freePort(),
                "-Dmediagate.pai.poll.first-delay=1s", "-Dmediagate.pai.poll.max-interval=5s",
                "-Dmediagate.pai.rate.api=1000", "-Dmediagate.ingest.min-age=100",
                "-Dmediagate.pai.host=http://127.0.0.1:" + sandboxPort + "/pai",
                "-jar", "target/mediagate.jar", "--once"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("gateway-" + name + ".log").toFile());
        builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
        builder.environment().put("PAI_APP_ID", "sandbox-app");
        builder.environment().put("PAI_TOKEN", "sandbox-token");
        builder.environment().put("MEDIAGATE_SANDBOX_ENABLED", "false");
        // the other vendors are pointed at the sandbox too, so the gateway starts without its own sandbox
        builder.environment().put("OPENSEARCH_API_KEY", "sandbox-key");
        builder.environment().put("OPENSEARCH_ENDPOINT", "http://127.0.0.1:" + sandboxPort + "/opensearch");
        return builder.start();
    }

    static JsonNode get(int port, String call) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/_sandbox/" + call).toURL().openConnection();
            c.setConnectTimeout(1000);
            try (var in = c.getInputStream()) {
                return JSON.readTree(in);
            }
        } catch (IOException notYet) {
            return null;
        }
    }

    static void post(int port, String call) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/_sandbox/" + call).toURL().openConnection();
        c.setRequestMethod("POST");
        c.getInputStream().close();
    }

    static long count(JsonNode calls, String key) {
        JsonNode node = calls == null ? null : calls.path(key);
        return node == null ? 0 : node.isObject() ? node.path("calls").asLong() : node.asLong();
    }

    static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
