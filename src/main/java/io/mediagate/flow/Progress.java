package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.metrics.GatewayMeters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the gateway has done since it started, for the periodic progress line and the {@code --once}
 * summary. In-flight = accepted but not yet delivered.
 */
public final class Progress {

    private final long startedAt = System.currentTimeMillis();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile long lastLineDone = -1;
    private volatile long lastLineAt = startedAt;

    public void jobAccepted() {
        accepted.incrementAndGet();
    }

    /** A job accepted as one input ended as {@code results} results of its own (a batch job file's videos), each counted. */
    public void splitInto(int results) {
        accepted.addAndGet(results - 1L);
    }

    public void delivered(Job job) {
        if (job.getStatus() == Job.Status.succeeded) {
            succeeded.incrementAndGet();
            GatewayMeters.current().jobDelivered(job.getVendor(), job.getOperation(), job.getPolls());
        } else {
            failed.incrementAndGet();
            GatewayMeters.current().jobFailed(job.getVendor(), job.getOperation(), job.getError().kind().name(), job.getPolls());
            if (failures.size() < 1000) {
                failures.add(DataFolders.inputPath(job) + ": " + job.getError().kind() + " — " + job.getError().message());
            }
        }
    }

    public long accepted() { return accepted.get(); }
    public long succeeded() { return succeeded.get(); }
    public long failed() { return failed.get(); }

    public long inFlight() {
        // jobs left on the broker by an earlier run are delivered without being accepted in this one
        return Math.max(0, accepted.get() - succeeded.get() - failed.get());
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** True when something changed since the last line, or jobs are still in flight. */
    public boolean hasNews() {
        return succeeded.get() + failed.get() != lastLineDone || inFlight() > 0;
    }

    /** {@code progress: 120 done (118 ok, 2 failed), 40 in flight, 12.3 files/s} — the rate since the previous line. */
    public synchronized String line() {
        long now = System.currentTimeMillis();
        long done = succeeded.get() + failed.get();
        long previous = Math.max(0, lastLineDone);
        double seconds = Math.max(0.001, (now - lastLineAt) / 1000.0);
        String line = String.format("progress: %d done (%d ok, %d failed), %d in flight, %.1f files/s",
                done, succeeded.get(), failed.get(), inFlight(), (done - previous) / seconds);
        lastLineDone = done;
        lastLineAt = now;
        return line;
    }

    public String summary() {
        double seconds = Math.max(0.001, (System.currentTimeMillis() - startedAt) / 1000.0);
        StringBuilder out = new StringBuilder();
        out.append(String.format("mediagate summary: %d files, %d succeeded, %d failed, in %.1f s%n",
                succeeded.get() + failed.get(), succeeded.get(), failed.get(), seconds));
        for (String failure : failures()) {
            out.append("  failed: ").append(failure).append(System.lineSeparator());
        }
        return out.toString();
    }
}
