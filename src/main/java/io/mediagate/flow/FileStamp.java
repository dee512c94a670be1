package io.mediagate.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's size and last-modified time, to tell whether it changed after the gateway took it: a producer that paused
 * longer than {@code mediagate.ingest.min-age} still holds the file open, and its writes follow the file into the
 * work area (the move keeps the same file).
 */
record FileStamp(long bytes, long modifiedMillis) {

    static FileStamp of(Path file) {
        try {
            return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
