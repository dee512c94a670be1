package io.mediagate.media;

import io.mediagate.job.JobFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;

/**
 * A media file in the work area, ready to be sent inline. It is read without following symbolic links: a link in the
 * work area (which the inbox never lets in) could point anywhere outside the data folder, so it is refused, not read.
 */
public record LocalMedia(Path file, String name, String extension, long bytes) {

    public static LocalMedia of(Path file, String name) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (!attributes.isRegularFile()) {
            throw JobFailure.input(name + " is not a plain file (a symbolic link?): the gateway does not read through links");
        }
        return new LocalMedia(file, name, MediaTypes.extension(name), attributes.size());
    }

    /** Length of the base64 text of this file. */
    public long base64Length() {
        return 4 * ((bytes + 2) / 3);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(content());
    }

    /** The file's bytes. */
    public byte[] content() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The file's content, opened without following a link (fails if the file was swapped for one). */
    public InputStream open() throws IOException {
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }
}
