package io.mediagate.media.oss;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.JobFailure;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The OSS buckets a job file or queue request may name. The gateway reads (and presigns) what an {@code oss://} path
 * names with its own credentials, and ICE reads and writes OSS with the account's: without a limit, anyone who can
 * drop a file could have the gateway fetch objects of any bucket those credentials reach. Allowed: the bucket the
 * vendor stages in ({@code mediagate.oss.bucket}, the sandbox's for a sandboxed vendor) and those listed in
 * {@value #SETTING}.
 */
public final class OssInputBuckets {

    public static final String SETTING = "mediagate.oss.allowed-buckets";

    private final Set<String> listed;

    /** @param settings where the buckets are configured (null: none, only each vendor's own staging bucket) */
    public OssInputBuckets(Settings settings) {
        Set<String> buckets = new TreeSet<>();
        if (settings == null) {
            this.listed = Set.of();
            return;
        }
        settings.get("mediagate.oss.bucket").map(String::trim).filter(b -> !b.isEmpty()).ifPresent(buckets::add);
        settings.get(SETTING).ifPresent(value -> Arrays.stream(value.split(",")).map(String::trim)
                .filter(b -> !b.isEmpty()).forEach(buckets::add));
        this.listed = Set.copyOf(buckets);
    }

    /**
     * Refuses an OSS location (an {@code oss://} path or an OSS object URL) in a bucket not allowed.
     *
     * @param vendorStore the vendor's own OSS (its bucket is allowed), or null
     * @param what        where the location was given, for the message, e.g. {@code clip.job.json: oss}
     */
    public void check(String location, OssStore vendorStore, String what) {
        OssLocation parsed = OssLocation.parse(location).orElse(null);
        if (parsed == null || allowed(parsed.bucket(), vendorStore)) {
            return;
        }
        Set<String> allowed = new TreeSet<>(listed);
        if (vendorStore != null) {
            allowed.add(vendorStore.config().bucket());
        }
        throw JobFailure.input(what + " names the OSS bucket '" + parsed.bucket() + "', which the gateway is not set up to"
                + " use: job files and requests may name only " + (allowed.isEmpty() ? "configured buckets (none is)"
                : allowed.stream().collect(Collectors.joining(", "))) + ". List the buckets jobs may name in " + SETTING
                + " (besides mediagate.oss.bucket). Nothing was read or sent");
    }

    /** Checks every OSS location in job or request parameters (ICE's Output.Media, OpenSearch's output.oss…). */
    public void checkParams(JsonNode params, OssStore vendorStore, String what) {
        if (params == null) {
            return;
        }
        if (params.isTextual()) {
            check(params.asText().trim(), vendorStore, what + " params");
            return;
        }
        params.forEach(child -> checkParams(child, vendorStore, what));
    }

    private boolean allowed(String bucket, OssStore vendorStore) {
        return listed.contains(bucket) || vendorStore != null && vendorStore.config().bucket().equals(bucket);
    }
}
