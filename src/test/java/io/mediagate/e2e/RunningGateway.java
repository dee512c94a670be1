package io.mediagate.e2e;

import io.mediagate.Application;
import io.mediagate.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real application (Camel Main, routes from routes/*.camel.yaml, config/application.properties) run
 * in the test JVM against its in-process sandbox, with a temporary data folder.
 */
final class RunningGateway implements AutoCloseable {

    private final Main main;
    private final Thread runner;
    final Path data;

    private RunningGateway(Main main, Thread runner, Path data) {
        this.main = main;
        this.runner = runner;
        this.data = data;
    }

    static RunningGateway start(Path data, Map<String, String> settings) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("mediagate.data-dir", data.toString());
        overrides.put("mediagate.opensearch.api-key", "");
        overrides.put("mediagate.sandbox.enabled", "auto");
        overrides.put("mediagate.ingest.poll-interval", "200");
        overrides.put("camel.main.routes-reload-enabled", "false");
        overrides.putAll(settings);
        Main main = Application.newMain(overrides);
        CountDownLatch started = new CountDownLatch(1);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-gateway");
        runner.setDaemon(true);
        runner.start();
        if (!started.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway did not start");
        }
        return new RunningGateway(main, runner, data);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    SandboxServer sandbox() {
        return context().getRegistry().lookupByNameAndType("sandbox", SandboxServer.class);
    }

    Path inbox(String vendorOperation) {
        return data.resolve("inbox").resolve(vendorOperation);
    }

    Path outbox(String relative) {
        return data.resolve("outbox").resolve(relative);
    }

    Path done(String relative) {
        return data.resolve("done").resolve(relative);
    }

    Path failed(String relative) {
        return data.resolve("failed").resolve(relative);
    }

    /** Waits until the condition holds; fails the test with {@code what} when it does not within the limit. */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        runner.join(30_000);
    }
}
