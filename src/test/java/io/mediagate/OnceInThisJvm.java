package io.mediagate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code --once} run in the test's JVM, for tests of what a run reports rather than of how the JVM exits (a separate
 * JVM costs seconds of start-up on every run). What it prints is captured while it runs.
 */
public final class OnceInThisJvm {

    /** The code {@code --once} would exit with and what it printed. */
    public record Result(int exitCode, String output) {
    }

    private OnceInThisJvm() {
    }

    /** @param overrides the settings, winning over config/application.properties as JVM properties would */
    public static Result run(Map<String, String> overrides) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exitCode;
        try {
            exitCode = new OnceRun(Application.newMain(overrides)).run();
        } finally {
            System.setOut(original);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        original.print(output);
        return new Result(exitCode, output);
    }
}
