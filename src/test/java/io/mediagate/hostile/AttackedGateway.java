package io.mediagate.hostile;

import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import io.mediagate.testsupport.Ports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The real application (routes, config/application.properties) against its in-process sandbox, with a temporary data
 * folder, for the hostile-input tests (as e2e/RunningGateway, which is private to its package).
 */
final class AttackedGateway implements AutoCloseable {

    static final Duration LIMIT = Duration.ofSeconds(60);

    private final BackgroundMain running;
    final Path data;

    private AttackedGateway(BackgroundMain running, Path data) {
        this.running = running;
        this.data = data;
    }

    static AttackedGateway start(Path data, Map<String, String> settings) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("mediagate.data-dir", data.toString());
        overrides.put("mediagate.opensearch.api-key", "");
        overrides.put("mediagate.sandbox.enabled", "auto");
        overrides.put("mediagate.ingest.poll-interval", "200");
        overrides.put("camel.main.routes-reload-enabled", "false");
        overrides.put("mediagate.broker.listen", "");
        overrides.put("camel.management.port", String.valueOf(Ports.free()));
        int mediaPort = Ports.free();
        overrides.put("camel.server.port", String.valueOf(mediaPort));
        overrides.put("mediagate.media.public-base-url", "http://127.0.0.1:" + mediaPort);
        overrides.putAll(settings);
        return new AttackedGateway(BackgroundMain.start(Application.newMain(overrides), Duration.ofSeconds(60)), data);
    }

    Path inbox(String relative) {
        return data.resolve("inbox").resolve(relative);
    }

    Path outbox(String relative) {
        return data.resolve("outbox").resolve(relative);
    }

    Path failed(String relative) {
        return data.resolve("failed").resolve(relative);
    }

    Path done(String relative) {
        return data.resolve("done").resolve(relative);
    }

    /**
     * Drops a file under a short temporary name, then renames it into place: a careful producer's drop that works for
     * names too long to take another suffix.
     */
    static Path drop(Path folder, String name, byte[] content) throws java.io.IOException {
        Files.createDirectories(folder);
        Path temp = folder.resolve(".dropping-" + System.nanoTime());
        Files.write(temp, content);
        return Files.move(temp, folder.resolve(name));
    }

    /** Waits until the condition holds; fails the test with {@code what} when it does not within {@link #LIMIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.stop();
    }
}
