package io.mediagate;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Camel Main on its own thread and returns once its routes have started, for {@code --once},
 * tests and the benchmark harness, which watch the gateway while it works. {@link #stop()} ends it.
 */
public final class BackgroundMain {

    private final Main main;
    private final Thread runner;

    private BackgroundMain(Main main, Thread runner) {
        this.main = main;
        this.runner = runner;
    }

    public static BackgroundMain start(Main main, Duration startupLimit) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                failure.set(e);
            } finally {
                started.countDown();
            }
        }, "mediagate-main");
        runner.start();
        // a configuration error ends the main thread at once: report it then, not after the start-up limit
        if (!started.await(startupLimit.toMillis(), TimeUnit.MILLISECONDS)) {
            main.completed();
            throw new IllegalStateException("mediagate did not start within " + startupLimit.toSeconds() + " s");
        }
        if (failure.get() != null || !runner.isAlive()) {
            Exception cause = failure.get();
            throw new IllegalStateException("mediagate could not start: " + (cause == null ? "it stopped" : StartFailure.reason(cause)), cause);
        }
        return new BackgroundMain(main, runner);
    }

    public Main main() {
        return main;
    }

    /** Stops the gateway (graceful shutdown of the routes) and waits for it to end. */
    public void stop() throws InterruptedException {
        main.completed();
        runner.join(TimeUnit.SECONDS.toMillis(60));
    }
}
