package io.mediagate;

import io.mediagate.flow.DataFolders;
import io.mediagate.flow.Progress;
import io.mediagate.flow.WorkArea;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * {@code --once}: start the gateway, let it take everything in the inbox, wait until every job has ended,
 * print the summary and return the exit code (0 all succeeded, 1 any failed). A job that cannot end (a vendor task
 * that never finishes, a disk that stays full) must not keep it waiting forever: after {@code mediagate.once.timeout}
 * it prints what is still in flight and returns {@link #TIMED_OUT}; those jobs stay in the work area and on the broker,
 * and the next run (or the gateway) carries them on.
 */
final class OnceRun {

    /** The exit code when jobs were still in flight at {@code mediagate.once.timeout}. */
    static final int TIMED_OUT = 4;

    private final Main main;

    OnceRun(Main main) {
        this.main = main;
    }

    int run() throws Exception {
        BackgroundMain running;
        try {
            running = BackgroundMain.start(main, Duration.ofSeconds(120));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CamelContext context = main.getCamelContext();
        DataFolders folders = context.getRegistry().lookupByNameAndType("dataFolders", DataFolders.class);
        WorkArea workArea = context.getRegistry().lookupByNameAndType("workArea", WorkArea.class);
        Progress progress = context.getRegistry().lookupByNameAndType("progress", Progress.class);
        Duration timeout = MediagateConfiguration.settingsOf(context).duration("mediagate.once.timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (quietChecks < 3) {
            if (System.nanoTime() - deadline > 0) {
                System.out.print(progress.summary());
                System.out.print(stillInFlight(workArea, folders.inbox(), timeout));
                running.stop();
                return TIMED_OUT;
            }
            Thread.sleep(500);
            // every live job has a folder in the work area (also jobs left on the broker by an earlier run)
            boolean idle = workArea.isIdle() && !hasWaitingFiles(folders.inbox());
            quietChecks = idle ? quietChecks + 1 : 0;
        }
        System.out.print(progress.summary());
        running.stop();
        return progress.failed() > 0 ? 1 : 0;
    }

    /** What kept the run from ending: the live jobs, and files the gateway has not taken in yet. */
    static String stillInFlight(WorkArea workArea, Path inbox, Duration timeout) {
        StringBuilder out = new StringBuilder(String.format("mediagate --once: still in flight after %s"
                + " (mediagate.once.timeout); they stay queued and carry on at the next start:%n", timeout));
        for (String job : workArea.liveJobDescriptions()) {
            out.append("  ").append(job).append(System.lineSeparator());
        }
        try (Stream<Path> files = waitingFiles(inbox)) {
            files.forEach(file -> out.append("  ").append(file.toString().replace('\\', '/'))
                    .append(" (in the inbox, not taken in yet)").append(System.lineSeparator()));
        } catch (IOException | UncheckedIOException e) {
            out.append("  (the inbox cannot be read: ").append(e.getMessage()).append(')').append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Files still in the inbox that the gateway will take (dot files and partial downloads are left alone). */
    static boolean hasWaitingFiles(Path inbox) {
        try (Stream<Path> files = waitingFiles(inbox)) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The files the gateway will take from the inbox, by their paths below it. Walked from its real path: the inbox may be
     * a link to a folder elsewhere (a walk does not follow a link it starts from, and would find nothing).
     */
    private static Stream<Path> waitingFiles(Path inbox) throws IOException {
        Path root = inbox.toRealPath();
        return Files.walk(root).filter(Files::isRegularFile).map(root::relativize).filter(OnceRun::isCandidate);
    }

    /**
     * A file the inbox route will take: the same exclusions as its {@code antExclude}, and nothing hidden on its path,
     * since Camel's file consumer skips hidden folders as well as hidden files (an uploader's {@code .upload/} folder).
     */
    private static boolean isCandidate(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = relative.getFileName().toString();
        return !name.endsWith(".tmp") && !name.endsWith(".part") && !name.endsWith(".partial")
                && !name.endsWith(".crdownload") && !name.endsWith("~");
    }
}
