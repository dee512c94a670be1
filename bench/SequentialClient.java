// The baseline a user would write by hand: OpenSearch's own sample code, one file at a time, against the same sandbox
// process the benchmark uses. A Java single-file source program (see bench/README.md, "Against a sequential client"):
//
//   cd <project root> && mvn -B -q -o package -DskipTests
//   java -cp "target/mediagate.jar:target/lib/*" bench/SequentialClient.java <async-analyze|sync-detect> [options]
//
// async-analyze: for each image, submit an image-analyze task, sleep 5 s, ask for its status, and while it is PENDING
// sleep 5 s and ask again (the vendor's Python sample sleeps 5 s between status checks; it asks the first time at
// once, --first-sleep 0 does that). sync-detect: one object-detect call per image, each after the previous answer.
// A 429 or 5xx is retried as the vendor's document recommends: after 1 s, doubling, at most 5 times, or after the
// Retry-After it sends. Nothing here is the gateway: only the JDK's HTTP client and Jackson from the classpath.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public class SequentialClient {

    static final String USAGE = """
            usage: java -cp "target/mediagate.jar:target/lib/*" bench/SequentialClient.java <mode> [options]
            modes:
              async-analyze   image-analyze (async), one image at a time: submit, sleep, poll until done
              sync-detect     object-detect (sync), one call at a time
            options:
              --files N           images (default 20 for async-analyze, 200 for sync-detect)
              --task-duration D   how long sandbox tasks stay PENDING (default 30s, as the async-analyze scenario)
              --qps Q             the sandbox's QPS for the operation's quota (default the documented 10 / 20)
              --sleep S           seconds between status checks (default 5, the vendor's advice)
              --first-sleep S     seconds between the submit and the first status check (default 5)""";

    static final ObjectMapper JSON = new ObjectMapper();
    static final String API_KEY = "sandbox-key";
    static final String WORKSPACE = "/v3/openapi/workspaces/default";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String root;
    long calls;
    long retries;

    SequentialClient(String root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("async-analyze", "sync-detect").contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        String mode = args[0];
        boolean async = mode.equals("async-analyze");
        int files = async ? 20 : 200;
        String taskDuration = "30s";
        double qps = async ? 10 : 20;
        double sleepSeconds = 5;
        double firstSleepSeconds = 5;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--task-duration" -> taskDuration = args[++i];
                case "--qps" -> qps = Double.parseDouble(args[++i]);
                case "--sleep" -> sleepSeconds = Double.parseDouble(args[++i]);
                case "--first-sleep" -> firstSleepSeconds = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        String quota = async ? "image-analysis" : "detection";
        Path log = Files.createTempFile("sequential-client-sandbox-", ".log");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Dmediagate.sandbox.task-duration=" + taskDuration,
                "-Dmediagate.sandbox.opensearch.qps." + quota + "=" + qps,
                "-jar", "target/mediagate.jar", "sandbox", "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MEDIAGATE_SANDBOX_API_KEY", API_KEY);
        Process sandbox = builder.start();
        try {
            SequentialClient client = new SequentialClient("http://127.0.0.1:" + port);
            client.awaitSandbox(sandbox, log);
            System.out.printf("sequential client %s: %d images, sandbox task duration %s, %s QPS %s%s%n", mode, files,
                    async ? taskDuration : "n/a", quota, qps, async ? String.format(Locale.ROOT,
                            ", first status check %.0f s after the submit, then every %.0f s", firstSleepSeconds, sleepSeconds) : "");
            long start = System.nanoTime();
            for (int i = 0; i < files; i++) {
                byte[] png = image(i);
                if (async) {
                    client.analyze(png, "img-" + i + ".png", firstSleepSeconds, sleepSeconds);
                } else {
                    client.detect(png);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            JsonNode counted = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(client.root + "/_sandbox/calls")).GET()).body());
            client.report(files, wall, counted);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(10, TimeUnit.SECONDS);
        }
    }

    void awaitSandbox(Process sandbox, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            if (!sandbox.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the sandbox did not start; see " + log);
            }
            try {
                if (send(HttpRequest.newBuilder(URI.create(root + "/_sandbox/calls")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
    }

    /** The vendor's async sample: create the task, then check its status every few seconds until it is not PENDING. */
    void analyze(byte[] png, String name, double firstSleepSeconds, double sleepSeconds) throws Exception {
        Map<String, Object> document = Map.of("content", Base64.getEncoder().encodeToString(png), "file_name", name, "file_type", "png");
        String api = WORKSPACE + "/image-analyze/ops-image-analyze-vlm-001/async";
        String taskId = call(post(api, Map.of("document", document))).path("result").path("task_id").asText();
        Thread.sleep((long) (firstSleepSeconds * 1000));
        while (true) {
            JsonNode result = call(HttpRequest.newBuilder(URI.create(root + api + "/task-status?task_id=" + taskId)).GET()).path("result");
            String status = result.path("status").asText();
            if (!status.equals("PENDING")) {
                if (!status.equals("SUCCESS")) {
                    throw new IllegalStateException("task " + taskId + " ended " + status + ": " + result);
                }
                return;
            }
            Thread.sleep((long) (sleepSeconds * 1000));
        }
    }

    /** The vendor's sync sample: one object-detection call. */
    void detect(byte[] png) throws Exception {
        Map<String, Object> image = Map.of("content", Base64.getEncoder().encodeToString(png));
        call(post(WORKSPACE + "/image-object-detection/ops-object-detect-001", Map.of("image", image)));
    }

    HttpRequest.Builder post(String path, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    /** One API call; 429 and 5xx retried after 1 s, 2 s, 4 s, 8 s, 16 s (or the Retry-After given), as the document advises. */
    JsonNode call(HttpRequest.Builder request) throws Exception {
        request.header("Authorization", "Bearer " + API_KEY).timeout(Duration.ofSeconds(30));
        long delayMillis = 1000;
        for (int attempt = 0; ; attempt++) {
            calls++;
            HttpResponse<String> answer = send(request);
            int status = answer.statusCode();
            if (status == 200) {
                return JSON.readTree(answer.body());
            }
            if ((status != 429 && status < 500) || attempt == 5) {
                throw new IllegalStateException("HTTP " + status + ": " + answer.body());
            }
            retries++;
            long wait = answer.headers().firstValue("Retry-After").map(s -> Long.parseLong(s.trim()) * 1000).orElse(delayMillis);
            Thread.sleep(wait);
            delayMillis *= 2;
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void report(int files, double wall, JsonNode counted) {
        long sandboxCalls = 0;
        long throttled = 0;
        for (JsonNode target : counted) {
            sandboxCalls += target.path("calls").asLong();
            throttled += target.path("throttled").asLong();
        }
        double perFile = wall / files;
        System.out.printf(Locale.ROOT, "  files                       %d%n", files);
        System.out.printf(Locale.ROOT, "  wall time                   %.1f s (%.2f s per file)%n", wall, perFile);
        System.out.printf(Locale.ROOT, "  throughput                  %.2f files/s%n", files / wall);
        System.out.printf(Locale.ROOT, "  calls per file (client)     %.2f (%d calls, %d of them retries)%n", calls / (double) files, calls, retries);
        System.out.printf(Locale.ROOT, "  calls (sandbox) / 429       %d / %d%n", sandboxCalls, throttled);
        for (int n : new int[]{300, 2000}) {
            System.out.printf(Locale.ROOT, "  extrapolated to %4d files  %.0f s (one file at a time: %.2f s x %d)%n", n, perFile * n, perFile, n);
        }
        System.out.println("  sandbox /_sandbox/calls: " + counted);
    }

    /** A small PNG, a different colour and label per index (so the sandbox sees distinct media). */
    static byte[] image(int index) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(index * 0.618f % 1f, 0.6f, 0.9f)));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLACK);
        g.drawString(String.valueOf(index), 4, 28);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
