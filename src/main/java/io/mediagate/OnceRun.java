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
 * print the summary and return the exit code (0 all succeeded, 1 any failed).
 */
final class OnceRun {

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
        int quietChecks = 0;
        while (quietChecks < 3) {
            Thread.sleep(500);
            // every live job has a folder in the work area (also jobs left on the broker by an earlier run)
            boolean idle = workArea.isIdle() && !hasWaitingFiles(folders.inbox());
            quietChecks = idle ? quietChecks + 1 : 0;
        }
        System.out.print(progress.summary());
        running.stop();
        return progress.failed() > 0 ? 1 : 0;
    }

    /** Files still in the inbox that the gateway will take (dot files and partial downloads are left alone). */
    static boolean hasWaitingFiles(Path inbox) {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(Files::isRegularFile).anyMatch(OnceRun::isCandidate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part") && !name.endsWith(".partial")
                && !name.endsWith(".crdownload") && !name.endsWith("~");
    }
}
