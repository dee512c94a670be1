package io.mediagate.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP addresses as written in URLs and settings, read without ever asking DNS. */
final class IpLiterals {

    /** A host written only with digits, dots and hex: an IPv4 address in some notation (decimal, octal, hex, short). */
    static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    /** The one IPv4 notation every program reads alike: four decimal parts 0-255, without leading zeros. */
    static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private IpLiterals() {
    }

    /** A host without the brackets of an IPv6 literal. */
    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An IP literal as an address; never a DNS query (the callers pass only literals). */
    static InetAddress literal(String text) {
        try {
            if (!text.contains(":") && !DOTTED_QUAD.matcher(text).matches()) {
                throw new UnknownHostException(text);
            }
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new DownloadPolicy.Refused("not an IP address: " + text);
        }
    }

    static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
