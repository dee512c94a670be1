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
 * PAI vendor calls with and without batching: N videos dropped as N files with automatic batching off
 * (max-videos 1), the same N files with automatic batching on (the defaults: up to 20 videos within 10 s), and the
 * same N videos in one batch job file; each run a separate `--once` gateway process against the sandbox (also a
 * separate process) playing PAI, which downloads the dropped files from the gateway's served links. Prints the
 * vendor calls per video and the wall time of each run.
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
            run("dropped, batching off", temp, sandboxPort, videos, Mode.FILES_ALONE);
            run("dropped, batching on", temp, sandboxPort, videos, Mode.FILES_GATHERED);
            run("one batch job file", temp, sandboxPort, videos, Mode.BATCH_JOB_FILE);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
        }
    }

    enum Mode { FILES_ALONE, FILES_GATHERED, BATCH_JOB_FILE }

    static void run(String label, Path temp, int sandboxPort, int videos, Mode mode) throws Exception {
        post(sandboxPort, "reset");
        Path data = temp.resolve(mode.name().toLowerCase());
        Path inbox = Files.createDirectories(data.resolve("inbox/pai/video-qa"));
        boolean batch = mode == Mode.BATCH_JOB_FILE;
        if (batch) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < videos; i++) {
                urls.append(i == 0 ? "" : ",").append("\"https://example.com/v").append(i).append(".mp4\"");
            }
            Files.writeString(inbox.resolve("all.job.json"), "{\"urls\": [" + urls + "]}");
        } else {
            for (int i = 0; i < videos; i++) {
                Files.write(inbox.resolve("v" + i + ".mp4"), mp4(1000L * (i + 1)));
            }
        }
        long start = System.currentTimeMillis();
        Process gateway = gateway(temp, data, sandboxPort, mode.name().toLowerCase(),
                mode == Mode.FILES_ALONE ? "-Dmediagate.pai.batch.max-videos=1" : "-Dmediagate.pai.batch.max-videos=20");
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
        long failed = 0;
        if (Files.isDirectory(data.resolve("failed"))) {
            try (var files = Files.walk(data.resolve("failed"))) {
                failed = files.filter(f -> f.toString().endsWith(".error.json")).count();
            }
        }
        System.out.printf("  %-24s exit %d, %d envelopes, %d failed, %d submit + %d status calls = %.2f calls per video, %.1f s (incl. JVM start)%n",
                label, gateway.exitValue(), envelopes, failed, submits, polls, (submits + polls) / (double) videos, millis / 1000.0);
    }

    static Process gateway(Path temp, Path data, int sandboxPort, String name, String batching) throws IOException {
        int mediaPort = freePort();
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                "-Dcamel.management.port=" + freePort(), "-Dcamel.server.port=" + mediaPort,
                "-Dmediagate.media.public-base-url=http://127.0.0.1:" + mediaPort, batching,
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

    /** A minimal MP4 (ftyp, mdat, moov/mvhd) of the given length in milliseconds: what PAI's duration is read from. */
    static byte[] mp4(long millis) throws IOException {
        var file = new java.io.ByteArrayOutputStream();
        var out = new java.io.DataOutputStream(file);
        out.writeInt(24);
        out.writeBytes("ftypisom");
        out.writeInt(512);
        out.writeBytes("isommp41");
        out.writeInt(8 + 100);
        out.writeBytes("mdat");
        out.write(new byte[100]);
        out.writeInt(8 + 8 + 100);
        out.writeBytes("moov");
        out.writeInt(8 + 100);
        out.writeBytes("mvhd");
        out.writeInt(0);                        // version 0, no flags
        out.writeInt(0);                        // creation_time
        out.writeInt(0);                        // modification_time
        out.writeInt(1000);                     // timescale: milliseconds
        out.writeInt((int) millis);             // duration
        out.writeInt(0x0001_0000);              // rate 1.0
        out.writeShort(0x0100);                 // volume 1.0
        out.write(new byte[10]);
        for (int v : new int[]{0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000}) {
            out.writeInt(v);
        }
        out.write(new byte[24]);
        out.writeInt(2);                        // next_track_ID
        return file.toByteArray();
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
