package io.mediagate.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
