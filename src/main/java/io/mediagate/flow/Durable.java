package io.mediagate.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync for the files and renames recovery relies on. The broker's journal is fsynced, so without this the files could
 * lag behind it after a power loss: an acknowledged job whose envelope is empty, a job on the broker whose
 * {@code job.json} is not. A file's bytes are flushed before it is renamed into place, and a folder is flushed after a
 * name in it was added or moved away, so the rename itself survives.
 */
final class Durable {

    private Durable() {
    }

    /** Flushes a file's bytes to disk. */
    static void file(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + file + " to disk", e);
        }
    }

    /** Flushes a folder's entries (names added, renamed or removed) to disk. */
    static void folder(Path dir) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException cannotOpenFolders) {
            return; // Windows cannot open a folder; its file system orders the metadata of a rename by itself
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush the folder " + dir + " to disk", e);
        }
    }

    /** Both folders of a rename: the new name, and the old one gone. */
    static void moved(Path from, Path to) {
        folder(to.getParent());
        if (!from.getParent().equals(to.getParent())) {
            folder(from.getParent());
        }
    }

    /** Creates a folder and the missing ones above it, each flushed into the folder that holds it. */
    static void createFolders(Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (dir.equals(existing)) {
            // the usual case (outbox/, done/, a job's folder): no mkdir that the kernel refuses with EEXIST under the
            // lock of a parent that other threads are renaming into
            return;
        }
        Files.createDirectories(dir);
        if (existing == null) {
            return;
        }
        for (Path created = dir; !created.equals(existing); created = created.getParent()) {
            folder(created.getParent());
        }
    }
}
