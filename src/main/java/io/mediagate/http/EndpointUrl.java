package io.mediagate.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A vendor endpoint as a user writes it, made into the base URL requests go to. The vendors' own samples write bare
 * host names (OpenSearch: {@code xxx.platform-cn-shanghai.opensearch.aliyuncs.com}); such a host gets the scheme the
 * vendor's SDK would give it. Anything that is not then an absolute http(s) URL with a host is refused with a message
 * that names the setting, at start-up, instead of failing every job later.
 */
public final class EndpointUrl {

    private EndpointUrl() {
    }

    /**
     * @param setting           the setting the value came from, named in the error
     * @param value             what the user wrote
     * @param schemeWhenMissing the scheme a bare host gets ({@code https}; PAI's SDKs use {@code http})
     * @return the URL without a trailing slash
     * @throws IllegalStateException when the value cannot be a vendor endpoint
     */
    public static String of(String setting, String value, String schemeWhenMissing) {
        String text = value.trim();
        if (!text.contains("://")) {
            text = schemeWhenMissing + "://" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(setting + " is not a URL: '" + value + "' (" + e.getReason()
                    + "); write the endpoint as https://host or just the host name");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalStateException(setting + " must be an http(s) URL, not '" + value + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalStateException(setting + " has no host name: '" + value + "'; write the endpoint as https://host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException(setting + " must be a base URL without ?query or #fragment, not '" + value + "'");
        }
        return text.replaceAll("/+$", "");
    }

    /** True when the URL's host is this machine (the sandbox, a local proxy): nothing leaves the machine. */
    public static boolean isLoopback(String url) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses: a host name is never resolved here (no DNS at start-up)
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** True when the URL is plain {@code http}. */
    public static boolean isPlainHttp(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7);
    }
}
