package io.mediagate.vendors.pai;

import io.mediagate.config.Settings;
import io.mediagate.http.EndpointUrl;

import java.util.Optional;

/**
 * Whether a live PAI can fetch the dropped files it is sent, checked before start. PAI downloads media by URL: from
 * OSS (presigned) or from the gateway's own links ({@code mediagate.media.public-base-url}). A loopback or unset
 * address is out of PAI's reach, so every dropped file would be submitted, billed, and then fail; that is refused
 * before any call. A PAI on this machine (a local proxy, the sandbox) does reach loopback links.
 */
public final class MediaStagingCheck {

    private MediaStagingCheck() {
    }

    /** What the check line says about staging. */
    public static String checked(Settings settings) {
        return PaiVendor.staging(settings, true, bucket(settings)).equals("oss") ? "media staging (OSS)"
                : "media staging (served at " + settings.string("mediagate.media.public-base-url", "-") + ")";
    }

    /** The problem with how a live PAI at {@code paiEndpoint} would be handed dropped files, if any. */
    public static Optional<String> problem(Settings settings, String paiEndpoint) {
        boolean bucket = bucket(settings);
        String staging = PaiVendor.staging(settings, true, bucket);
        if (staging.equals("oss")) {
            return bucket ? Optional.empty() : Optional.of("mediagate.pai.staging=oss but no OSS bucket is set:"
                    + " set mediagate.oss.bucket and mediagate.oss.region, or mediagate.pai.staging=served");
        }
        Optional<String> base = settings.get("mediagate.media.public-base-url");
        String fix = "set mediagate.media.public-base-url to the public address of the gateway's media server"
                + " (camel.server.port, behind your proxy), or set mediagate.oss.bucket to stage dropped files in OSS";
        if (base.isEmpty()) {
            return Optional.of("PAI downloads dropped files from the gateway's links but mediagate.media.public-base-url is not set: " + fix);
        }
        String url;
        try {
            url = EndpointUrl.of("mediagate.media.public-base-url", base.get(), "https");
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
        if (EndpointUrl.isLoopback(url) && !EndpointUrl.isLoopback(paiEndpoint)) {
            return Optional.of("PAI would be handed links to " + url + " (mediagate.media.public-base-url), an address only this"
                    + " machine can reach: every dropped file would be billed and then fail; " + fix);
        }
        return Optional.empty();
    }

    private static boolean bucket(Settings settings) {
        return settings.get("mediagate.oss.bucket").isPresent();
    }
}
