package io.mediagate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import io.mediagate.sandbox.SandboxServer;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The real application (Camel Main, routes from routes/*.camel.yaml, config/application.properties) run
 * in the test JVM against its in-process sandbox, with a temporary data folder.
 */
public final class RunningGateway implements AutoCloseable {

    private final BackgroundMain running;
    public final Path data;

    private RunningGateway(BackgroundMain running, Path data) {
        this.running = running;
        this.data = data;
    }

    public static RunningGateway start(Path data, Map<String, String> settings) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("mediagate.data-dir", data.toString());
        overrides.put("mediagate.opensearch.api-key", "");
        overrides.put("mediagate.sandbox.enabled", "auto");
        overrides.put("mediagate.ingest.poll-interval", "200");
        overrides.put("camel.main.routes-reload-enabled", "false");
        overrides.put("mediagate.broker.listen", "");
        // the health endpoint on a free port: a gateway running on this machine keeps 9876
        overrides.put("camel.management.port", String.valueOf(Ports.free()));
        // the served-media port too, and the address the sandbox downloads served media from
        int mediaPort = Ports.free();
        overrides.put("camel.server.port", String.valueOf(mediaPort));
        overrides.put("mediagate.media.public-base-url", "http://127.0.0.1:" + mediaPort);
        overrides.putAll(settings);
        return new RunningGateway(BackgroundMain.start(Application.newMain(overrides), Duration.ofSeconds(60)), data);
    }

    /** The port of the health endpoint ({@code /observe/health}). */
    public int managementPort() {
        return Integer.parseInt(context().getPropertiesComponent().resolveProperty("camel.management.port").orElseThrow());
    }

    public CamelContext context() {
        return running.main().getCamelContext();
    }

    public SandboxServer sandbox() {
        return context().getRegistry().lookupByNameAndType("sandbox", SandboxServer.class);
    }

    public Path inbox(String vendorOperation) {
        return data.resolve("inbox").resolve(vendorOperation);
    }

    public Path outbox(String relative) {
        return data.resolve("outbox").resolve(relative);
    }

    public Path done(String relative) {
        return data.resolve("done").resolve(relative);
    }

    public Path failed(String relative) {
        return data.resolve("failed").resolve(relative);
    }

    /** Waits until the condition holds; fails the test with {@code what} when it does not within the limit. */
    public static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for an original in {@code done/} or {@code failed/}: it moves there just after its envelope or error record
     * is written (the record names the job, so a delivery repeated after a crash finds its own name by it).
     */
    public static void awaitFile(Path file, String... what) throws InterruptedException {
        await(what.length > 0 ? what[0] : file.toString(), Duration.ofSeconds(30), () -> java.nio.file.Files.exists(file));
    }

    /** Waits for a JSON file (an envelope, an error record) to appear and reads it. */
    public static JsonNode awaitJson(Path file, Duration limit) throws Exception {
        await(file.getFileName().toString(), limit, () -> java.nio.file.Files.exists(file));
        return io.mediagate.json.Json.readOrNull(java.nio.file.Files.readString(file));
    }

    @Override
    public void close() throws InterruptedException {
        running.stop();
    }
}
