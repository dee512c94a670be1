package io.mediagate.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Job ids derived from the input: the same media sent to the same operation with the same parameters gets
 * the same id (the durable engine uses it to refuse a second submission while the first job lives).
 */
public final class JobIds {

    private JobIds() {
    }

    /**
     * @param media the local media file, or null for remote media
     * @param remote the url or oss reference, or null
     */
    public static String derive(String vendor, String operation, Path media, String remote, String canonicalParams) {
        return derive(vendor, operation, null, media, remote, canonicalParams);
    }

    /**
     * @param target what else decides the vendor request (see {@code VendorOperation.requestTarget}), or null; null
     *               leaves the id as it was without it, so ids of operations without a target did not change
     */
    public static String derive(String vendor, String operation, String target, Path media, String remote, String canonicalParams) {
        MessageDigest digest = sha256();
        update(digest, vendor);
        update(digest, operation);
        update(digest, canonicalParams);
        if (target != null) {
            update(digest, target);
        }
        if (media != null) {
            // never through a link: the input was claimed as a plain file, and a link could lead out of the data folder
            try (InputStream in = Files.newInputStream(media, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + media, e);
            }
        } else {
            update(digest, remote);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static void update(MessageDigest digest, String value) {
        digest.update((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
