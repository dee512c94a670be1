package io.mediagate.media.oss;

import io.mediagate.config.Settings;
import io.mediagate.http.EndpointUrl;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the {@code mediagate.oss.*} settings. OSS staging is on when {@code mediagate.oss.bucket} is set; the
 * region defaults to ICE's ({@code mediagate.ice.region}) and the endpoint to {@code https://oss-<region>.aliyuncs.com}.
 */
public final class OssSettings {

    /** The longest a presigned URL may live: OSS V4 refuses more than seven days. */
    static final Duration MAX_URL_EXPIRY = Duration.ofDays(7);
    /** OSS refuses parts below 100 KB (except the last). */
    static final long MIN_PART_SIZE = 100 * 1024;

    private OssSettings() {
    }

    /** The live OSS configuration, or empty when no bucket is configured. */
    public static Optional<OssStore.Config> live(Settings settings) {
        return settings.get("mediagate.oss.bucket").map(bucket -> {
            String region = region(settings).orElseThrow(() ->
                    new IllegalStateException("mediagate.oss.bucket is set but not its region: set mediagate.oss.region, e.g. cn-shanghai"));
            String endpoint = endpoint(settings, region);
            // OSS's own hosts address buckets by sub-domain; anything else (a gateway, the sandbox) by path
            boolean pathStyle = settings.get("mediagate.oss.path-style").map(Boolean::parseBoolean)
                    .orElse(!java.net.URI.create(endpoint).getHost().endsWith(".aliyuncs.com"));
            return config(settings, endpoint, region, bucket, pathStyle);
        });
    }

    /**
     * The bucket's endpoint: {@code mediagate.oss.endpoint} (a bare host is https: Alibaba's OSS SDK would take it as
     * plain http), else OSS's public endpoint of the region, {@code https://oss-<region>.aliyuncs.com}.
     */
    public static String endpoint(Settings settings, String region) {
        return settings.get("mediagate.oss.endpoint").map(e -> EndpointUrl.of("mediagate.oss.endpoint", e, "https"))
                .orElse("https://oss-" + region + ".aliyuncs.com");
    }

    /** The bucket's region: {@code mediagate.oss.region}, else ICE's. */
    public static Optional<String> region(Settings settings) {
        return settings.first("mediagate.oss.region", "mediagate.ice.region");
    }

    /** The most the sandbox reads of one request body; larger files must go to its OSS in parts. */
    static final long SANDBOX_MAX_REQUEST = 16L << 20;

    /**
     * The sandbox's emulated OSS, with the same tuning settings as live, except that single requests stay below what
     * the sandbox reads (16 MB): a larger file always goes up in parts there.
     */
    public static OssStore.Config sandbox(Settings settings, String endpoint, String region, String bucket) {
        OssStore.Config c = config(settings, endpoint, region, bucket, true);
        return new OssStore.Config(c.endpoint(), c.region(), c.bucket(), c.prefix(), c.pathStyle(),
                Math.min(c.multipartThreshold(), SANDBOX_MAX_REQUEST), Math.min(c.partSize(), SANDBOX_MAX_REQUEST),
                c.urlExpiry(), c.keepStaged());
    }

    private static OssStore.Config config(Settings settings, String endpoint, String region, String bucket, boolean pathStyle) {
        String prefix = settings.string("mediagate.oss.prefix");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Duration expiry = settings.duration("mediagate.oss.url-expiry");
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_URL_EXPIRY) > 0) {
            throw new IllegalStateException("mediagate.oss.url-expiry must be above zero and at most 7 days (OSS's limit), not " + expiry);
        }
        long partSize = bytes(settings, "mediagate.oss.part-size", 8L << 20);
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalStateException("mediagate.oss.part-size must be at least 100KB (OSS's smallest part), not " + partSize);
        }
        return new OssStore.Config(endpoint, region, bucket, prefix, pathStyle,
                bytes(settings, "mediagate.oss.multipart-threshold", 64L << 20), partSize, expiry,
                settings.bool("mediagate.oss.keep-staged"));
    }

    /** A size such as {@code 8388608}, {@code 512KB}, {@code 8MB} or {@code 1GB}. */
    static long bytes(Settings settings, String key, long fallback) {
        return settings.get(key).map(OssSettings::parseBytes).orElse(fallback);
    }

    static long parseBytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        if (t.endsWith("KB")) {
            unit = 1L << 10;
        } else if (t.endsWith("MB")) {
            unit = 1L << 20;
        } else if (t.endsWith("GB")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t.replaceAll("B$", "") : t.substring(0, t.length() - 2);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a size: '" + text + "' (write e.g. 8MB)");
        }
    }
}
