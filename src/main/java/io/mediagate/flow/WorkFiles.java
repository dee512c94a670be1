package io.mediagate.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores the parts of the {@link WorkArea} share: tidying folders away, and telling a leftover by its age. */
final class WorkFiles {

    private static final Logger LOG = LoggerFactory.getLogger(WorkFiles.class);

    private WorkFiles() {
    }

    /** {@code cat.jpg} → {@code cat.returned-<millis>.jpg}: the extension still tells the media type. */
    static String returnedName(String name) {
        int dot = name.lastIndexOf('.');
        String stamp = ".returned-" + System.currentTimeMillis();
        return FileNames.fit(dot <= 0 ? name + stamp : name.substring(0, dot) + stamp + name.substring(dot));
    }

    /** Whether the file was last changed before {@code cutoff} (epoch millis); false when it is gone. */
    static boolean olderThan(Path file, long cutoff) {
        try {
            return Files.getLastModifiedTime(file).toMillis() < cutoff;
        } catch (IOException gone) {
            return false;
        }
    }

    /** Removes {@code dir} and the folders above it up to (not including) {@code stop}, as long as they are empty. */
    static void pruneUp(Path dir, Path stop) {
        while (dir != null && dir.startsWith(stop) && !dir.equals(stop)) {
            try {
                Files.delete(dir);
            } catch (IOException notEmpty) {
                return;
            }
            dir = dir.getParent();
        }
    }

    /**
     * Makes {@code marker} a further name of {@code record} (a hard link): a marker whose name is all it says needs no
     * file of its own, and on a busy gateway every file made and removed per job is an inode allocated and freed, the
     * costliest file operation of a job (bench/README). Where the record is missing or the file system has no links
     * (FAT, some network shares), an empty file instead. An existing marker is left as it is.
     *
     * @throws java.nio.file.NoSuchFileException when the marker's folder is gone
     */
    static void mark(Path marker, Path record) throws IOException {
        try {
            Files.createLink(marker, record);
            return;
        } catch (FileAlreadyExistsException already) {
            return;
        } catch (UnsupportedOperationException | FileSystemException noLink) {
            // no record to name, or no links here: a file of its own (below); a missing folder fails there too
        }
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException already) {
            // marked meanwhile
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
