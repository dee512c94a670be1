package io.mediagate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import io.mediagate.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The real application (Camel Main, routes from routes/*.camel.yaml, config/application.properties) run
 * in the test JVM against its in-process sandbox, with a temporary data folder.
 * <p>
 * A test class whose tests can share one gateway registers it as an extension instead of starting and stopping it
 * itself:
 * <pre>{@code
 * @RegisterExtension
 * static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of("mediagate.sandbox.task-duration", "1s"));
 * }</pre>
 * It starts before the class's first test (and before its {@code @BeforeAll} methods) on a data folder of its own, and
 * stops after the last; each test keeps to its own inbox folders and file names.
 */
public final class RunningGateway implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** How long a start may take: generous, as on a machine whose cores other test JVMs keep busy (--once allows as much). */
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Callable<Map<String, String>> settingsAtStart;
    /** Beans bound in the registry before the gateway configures itself (e.g. {@code schedulesClock}). */
    private final Map<String, Object> beans;
    private BackgroundMain running;
    private Path data;

    private RunningGateway(BackgroundMain running, Path data) {
        this.settingsAtStart = null;
        this.beans = Map.of();
        this.running = running;
        this.data = data;
    }

    private RunningGateway(Callable<Map<String, String>> settingsAtStart, Map<String, Object> beans) {
        this.settingsAtStart = settingsAtStart;
        this.beans = beans;
    }

    public static RunningGateway start(Path data, Map<String, String> settings) throws InterruptedException {
        return new RunningGateway(BackgroundMain.start(Application.newMain(settings(data, settings)), START_LIMIT), data);
    }

    /**
     * A gateway shared by every test of a class, for {@code @RegisterExtension} on a static field.
     *
     * @param settings called just before the start: it may start what the settings name (a media server, a port)
     */
    public static RunningGateway perClass(Callable<Map<String, String>> settings) {
        return new RunningGateway(settings, Map.of());
    }

    /**
     * A gateway shared by every test of a class, with beans bound in its registry before it configures itself, as an
     * embedding application would (e.g. a movable {@code schedulesClock} for the intake windows and daily budgets).
     */
    public static RunningGateway perClass(Callable<Map<String, String>> settings, Map<String, Object> beans) {
        return new RunningGateway(settings, beans);
    }

    /**
     * A gateway on the default settings, for {@code @RegisterExtension} on a static field, one per class. Not shared
     * across classes: two gateways alive in one JVM would share the in-VM broker address (vm://0), and one would take
     * the other's jobs.
     */
    public static RunningGateway onDefaults() {
        return perClass(Map::of);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context.getRequiredTestClass().getSimpleName());
    }

    private void start(String name) throws Exception {
        data = Files.createTempDirectory("mediagate-" + name + "-");
        org.apache.camel.main.Main main = Application.newMain(settings(data, settingsAtStart.call()));
        beans.forEach(main::bind);
        running = BackgroundMain.start(main, START_LIMIT);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        stopAndDelete();
    }

    private void stopAndDelete() throws InterruptedException {
        if (running != null) {
            running.stop();
        }
        deleteFolder(data);
    }

    /** Best effort: a file a test made unremovable stays in the temporary folder rather than failing the tests. */
    static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException leftBehind) {
            System.err.println("left in " + folder + ": " + leftBehind);
        }
    }

    /** The gateway's data folder (inbox/, outbox/, work/, …). */
    public Path data() {
        return data;
    }

    /**
     * The settings a test's gateway runs with: the data folder, the sandbox for every vendor without keys, free ports,
     * no broker listener, no route reloading; {@code settings} win over these.
     */
    public static Map<String, String> settings(Path data, Map<String, String> settings) {
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
        return overrides;
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
