package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.http.EndpointUrl;

import java.util.Optional;

/**
 * Credentials never travel over plain {@code http} to another machine unless the user said so,
 * {@code mediagate.<vendor>.allow-plain-http=true}: on the way they can be read (OpenSearch's Bearer key, Baidu's
 * secret and access token, an STS token) or replayed (signed requests). Loopback hosts (the sandbox, a local proxy)
 * never leave the machine.
 *
 * <p>A vendor may be allowed by default ({@link io.mediagate.modules.LivePreflight#plainHttpByDefault()}): PAI, whose
 * documented service host is plain {@code http} (PAI's SDK documentation, the official SDKs' examples) and whose token
 * itself is never sent, only an HMAC over each request. Its requests can still be read and replayed on the way, so
 * {@code mediagate.pai.allow-plain-http=false} refuses it where PAI is reachable over https.
 */
public final class PlainHttpRule {

    private PlainHttpRule() {
    }

    public static String allowSetting(String vendor) {
        return "mediagate." + vendor + ".allow-plain-http";
    }

    /**
     * The problem with sending {@code vendor}'s credentials to {@code url} (from {@code setting}), if any.
     *
     * @param allowedByDefault whether plain http is allowed when {@code mediagate.<vendor>.allow-plain-http} is not set
     */
    public static Optional<String> problem(Settings settings, String vendor, boolean allowedByDefault, String setting, String url) {
        if (!EndpointUrl.isPlainHttp(url) || EndpointUrl.isLoopback(url)
                || settings.get(allowSetting(vendor)).map(Boolean::parseBoolean).orElse(allowedByDefault)) {
            return Optional.empty();
        }
        return Optional.of(setting + " is plain http (" + url + "): the credentials would travel unencrypted; use https,"
                + " or set " + allowSetting(vendor) + "=true if this network is trusted");
    }

    /** What the check line says about the scheme. */
    static String describe(Settings settings, String vendor, String url) {
        if (!EndpointUrl.isPlainHttp(url)) {
            return "https";
        }
        return EndpointUrl.isLoopback(url) ? "plain http to this machine" : "plain http (" + allowSetting(vendor) + ")";
    }
}
