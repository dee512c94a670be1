package io.mediagate.media.oss;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object in OSS, written {@code oss://bucket/key} (how ICE names media) or as its
 * {@code https://<bucket>.oss-<region>.aliyuncs.com/<key>} URL.
 */
public record OssLocation(String bucket, String key) {

    private static final Pattern OSS_URI = Pattern.compile("oss://([^/]+)/(.+)");
    private static final Pattern OSS_URL = Pattern.compile("https?://([^./]+)\\.oss-[^/]+\\.aliyuncs\\.com/([^?#]+)(\\?.*)?");

    public OssLocation {
        if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("an OSS object needs a bucket and a key");
        }
    }

    /** The location an {@code oss://} path or an OSS object URL names; empty for anything else. */
    public static Optional<OssLocation> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher uri = OSS_URI.matcher(text.trim());
        if (uri.matches()) {
            return Optional.of(new OssLocation(uri.group(1), uri.group(2)));
        }
        Matcher url = OSS_URL.matcher(text.trim());
        if (url.matches()) {
            return Optional.of(new OssLocation(url.group(1), URLDecoder.decode(url.group(2).replace("+", "%2B"), StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** The last segment of the key, e.g. {@code cover.jpg} for {@code out/job/cover.jpg}. */
    public String fileName() {
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** True when this object lies below {@code prefix} of the same bucket. */
    public boolean isUnder(OssLocation prefix) {
        return bucket.equals(prefix.bucket) && key.startsWith(prefix.key);
    }

    public OssLocation child(String name) {
        return new OssLocation(bucket, (key.endsWith("/") ? key : key + "/") + name);
    }

    @Override
    public String toString() {
        return "oss://" + bucket + "/" + key;
    }
}
