package io.mediagate.flow;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks at start that the data folders are on one file system. Every hand-off between them is a rename, atomic
 * only within one file system: taking a dropped file into {@code work/} is an atomic rename that cannot cross file
 * systems at all (so an inbox elsewhere is refused: no file could ever be taken), and writing results out of
 * {@code work/} into another file system becomes a copy followed by a delete (started, with a warning that says so).
 */
public final class SameFileSystem {

    /** Which file system a folder is on ({@link Files#getFileStore} in production; made up in tests). */
    @FunctionalInterface
    public interface StoreLookup {
        FileStore storeOf(Path folder) throws IOException;
    }

    private final StoreLookup lookup;

    public SameFileSystem() {
        this(Files::getFileStore);
    }

    public SameFileSystem(StoreLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @return a warning per output folder on another file system than {@code work/} (or whose file system cannot be
     *         told), saying what is copied there instead of moved; empty when all is on one file system
     * @throws IllegalStateException when {@code inbox/} is on another file system than {@code work/}
     */
    public List<String> check(DataFolders folders) {
        List<String> warnings = new ArrayList<>();
        FileStore work = store(folders.work(), warnings);
        if (work == null) {
            return warnings;
        }
        FileStore inbox = store(folders.inbox(), warnings);
        if (inbox != null && !inbox.equals(work)) {
            throw new IllegalStateException("inbox/ (" + folders.inbox() + ", on " + inbox + ") and work/ (" + folders.work()
                    + ", on " + work + ") are on different file systems: a dropped file is taken by an atomic rename into"
                    + " work/, which cannot cross file systems, so no file could be taken. Put the whole data folder"
                    + " (mediagate.data-dir) on one file system, e.g. one volume or mount for all of it");
        }
        Map<Path, String> outputs = new LinkedHashMap<>();
        outputs.put(folders.outbox(), "result envelopes and output files");
        outputs.put(folders.done(), "originals of finished jobs");
        outputs.put(folders.failed(), "originals of failed jobs and their error records");
        outputs.forEach((folder, what) -> {
            FileStore store = store(folder, warnings);
            if (store != null && !store.equals(work)) {
                warnings.add(folder.getFileName() + "/ (" + folder + ", on " + store + ") is on another file system than work/ ("
                        + work + "): " + what + " are copied there and then deleted from work/ instead of renamed, so a"
                        + " reader may see a file there while it is being copied, a crash during the copy can leave a partial"
                        + " file, and large videos take disk time twice. Keep the whole data folder (mediagate.data-dir) on one"
                        + " file system to have every hand-off atomic");
            }
        });
        return warnings;
    }

    private FileStore store(Path folder, List<String> warnings) {
        try {
            return lookup.storeOf(folder);
        } catch (IOException | RuntimeException e) {
            warnings.add("cannot tell which file system " + folder.getFileName() + "/ (" + folder + ") is on (" + e.getMessage()
                    + "): moves into and out of it are atomic only if it is on the same one as work/");
            return null;
        }
    }
}
