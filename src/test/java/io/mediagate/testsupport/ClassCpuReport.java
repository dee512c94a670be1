package io.mediagate.testsupport;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the suite's CPU goes: for every test class, the CPU seconds its test JVM spent while the class ran and the CPU
 * of the gateway JVMs it started and waited for (the kernel's per-process and reaped-children clocks), one line per
 * class in {@code target/test-cpu/<pid>.tsv}: class, own CPU seconds, gateway CPU seconds, wall seconds, start (epoch
 * milliseconds, so the forks' lines make one timeline). The suite is CPU-bound on two cores, so these, not wall times,
 * say which classes are worth making cheaper. Classes run one at a time in a test JVM, so a class's figure is its own.
 * Linux only; elsewhere it writes nothing.
 */
public final class ClassCpuReport implements TestExecutionListener {

    private static final Path STAT = Path.of("/proc/self/stat");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux the suite runs on
    private final Map<String, long[]> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        className(test).ifPresent(name -> {
            long[] now = ticks();
            long wall = System.nanoTime();
            if (now != null) {
                started.put(name, new long[] {now[0], now[1], wall, System.currentTimeMillis()});
            }
        });
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        className(test).ifPresent(name -> {
            long[] before = started.remove(name);
            long[] now = ticks();
            if (before == null || now == null) {
                return;
            }
            String line = String.format(java.util.Locale.ROOT, "%s\t%.2f\t%.2f\t%.1f\t%d%n", name,
                    (now[0] - before[0]) / TICKS_PER_SECOND, (now[1] - before[1]) / TICKS_PER_SECOND,
                    (System.nanoTime() - before[2]) / 1e9, before[3]);
            try {
                Path report = Path.of("target", "test-cpu", ProcessHandle.current().pid() + ".tsv");
                Files.createDirectories(report.getParent());
                Files.writeString(report, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // a report only; never fails a test
            }
        });
    }

    private static java.util.Optional<String> className(TestIdentifier test) {
        return test.getSource().filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName());
    }

    /** {own user+system, reaped children's user+system} in clock ticks, or null when /proc is not there. */
    private static long[] ticks() {
        try {
            String stat = Files.readString(STAT);
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
