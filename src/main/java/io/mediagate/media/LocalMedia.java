package io.mediagate.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** A media file in the work area, ready to be sent inline. */
public record LocalMedia(Path file, String name, String extension, long bytes) {

    public static LocalMedia of(Path file, String name) {
        try {
            return new LocalMedia(file, name, MediaTypes.extension(name), Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Length of the base64 text of this file. */
    public long base64Length() {
        return 4 * ((bytes + 2) / 3);
    }

    public String base64() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
