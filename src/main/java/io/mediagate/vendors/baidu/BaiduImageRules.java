package io.mediagate.vendors.baidu;

import io.mediagate.job.JobFailure;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * The image rules Baidu's EasyDL classification API documents, checked before any call: jpg/png/bmp, decodable, shortest side at least 15 px,
 * longest at most 4096 px, and at most 4 MB once base64-encoded. A violation names the rule and the actual value.
 */
final class BaiduImageRules {

    static final Set<String> FORMATS = Set.of("jpg", "jpeg", "png", "bmp");
    static final int MIN_SIDE = 15;
    static final int MAX_SIDE = 4096;
    static final long MAX_BASE64_BYTES = 4L * 1024 * 1024;

    private BaiduImageRules() {
    }

    static void check(byte[] image, String name, String extension) {
        String ext = extension.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(ext)) {
            throw JobFailure.input(name + ": Baidu image classification takes jpg, png or bmp images, not '"
                    + (ext.isEmpty() ? "(no extension)" : "." + ext) + "'");
        }
        long encoded = 4 * ((image.length + 2L) / 3);
        if (encoded > MAX_BASE64_BYTES) {
            throw JobFailure.input(String.format(Locale.ROOT, "%s: the image must be at most 4 MB once base64-encoded"
                    + " (4194304 bytes); it is %d bytes encoded (%d bytes as a file)", name, encoded, image.length));
        }
        MediaFacts facts;
        try {
            facts = MediaProbe.probe(image, ext);
        } catch (MediaProbe.UnreadableMediaException e) {
            throw JobFailure.input(name + " cannot be decoded as an image: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String format = facts.format() == null ? "" : facts.format().toLowerCase(Locale.ROOT);
        if (!Set.of("jpeg", "jpg", "png", "bmp").contains(format)) {
            throw JobFailure.input(name + " is a " + format + " image (named ." + ext + "); Baidu image classification takes"
                    + " jpg, png or bmp");
        }
        if (facts.width() == null || facts.height() == null) {
            throw JobFailure.input(name + " cannot be decoded as an image: its size is unreadable");
        }
        int shortest = Math.min(facts.width(), facts.height());
        int longest = Math.max(facts.width(), facts.height());
        if (shortest < MIN_SIDE) {
            throw JobFailure.input(name + ": the shortest side must be at least " + MIN_SIDE + " px; the image is "
                    + facts.width() + "×" + facts.height() + " px");
        }
        if (longest > MAX_SIDE) {
            throw JobFailure.input(name + ": the longest side must be at most " + MAX_SIDE + " px; the image is "
                    + facts.width() + "×" + facts.height() + " px");
        }
    }
}
