package io.mediagate.media;

import io.mediagate.config.Settings;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.mediagate.media.IpLiterals.DOTTED_QUAD;
import static io.mediagate.media.IpLiterals.NUMERIC_HOST;
import static io.mediagate.media.IpLiterals.bare;
import static io.mediagate.media.IpLiterals.literal;

/**
 * Where the gateway itself may download media from (a job file's or request's url, a vendor's output URL): public
 * internet addresses only, so a url cannot make the gateway read its own machine, its network or the cloud's
 * metadata service. The decision is made on the addresses a host resolves to, before any connection, and the
 * caller connects to exactly the addresses returned (a second lookup could answer differently: DNS rebinding).
 * Addresses of this machine or network are reachable only when {@code mediagate.download.allow} names them, and the
 * sandbox's own address for a vendor the sandbox plays. A refusal reads the same whatever is (or is not) behind the
 * address, so it tells nothing about ports or services there.
 */
public final class DownloadPolicy {

    /** The setting naming addresses of this machine or network the gateway may download from. */
    public static final String ALLOW_SETTING = "mediagate.download.allow";

    /** Resolves a host name; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A download the policy does not allow; its message names no job (the caller adds which one). */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final DownloadAllowList allowed;
    private final Resolver resolver;

    /**
     * @param allow    the {@value #ALLOW_SETTING} value: comma-separated {@code address[/prefix][:port]} entries
     * @param resolver how host names are resolved
     * @throws IllegalStateException naming the setting when an entry is not an address
     */
    public DownloadPolicy(String allow, Resolver resolver) {
        this(DownloadAllowList.parse(allow == null ? "" : allow), resolver);
    }

    private DownloadPolicy(DownloadAllowList allowed, Resolver resolver) {
        this.allowed = allowed;
        this.resolver = resolver;
    }

    /** The policy of the settings, with the system's resolver. */
    public static DownloadPolicy of(Settings settings) {
        return new DownloadPolicy(settings.string(ALLOW_SETTING, ""), InetAddress::getAllByName);
    }

    /**
     * This policy, also allowing the sandbox's own address and port: for a vendor the sandbox plays, whose answers
     * may point back at it. Null leaves the policy as it is.
     */
    public DownloadPolicy withSandbox(String sandboxBaseUrl) {
        if (sandboxBaseUrl == null) {
            return this;
        }
        URI sandbox = URI.create(sandboxBaseUrl);
        if (sandbox.getHost() == null) {
            return this;
        }
        return new DownloadPolicy(allowed.with(literal(bare(sandbox.getHost())), portOf(sandbox)), resolver);
    }

    /**
     * The addresses to connect to for the URL: every address its host resolves to, each public or allowed.
     *
     * @throws Refused when the URL is not http(s), or any of its addresses is neither public nor allowed
     */
    public List<InetAddress> addresses(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
            throw new Refused("the gateway downloads media only from http:// and https:// URLs with a host name or address");
        }
        if (uri.getHost() == null) {
            // an authority that is no host name and no address (0x7f.0.0.1, 127.1): nothing to connect to as written,
            // though other programs would read it as an address
            String authority = uri.getRawAuthority();
            // never user:password@ in a message: error records must not carry secrets
            throw refused(authority.substring(authority.lastIndexOf('@') + 1));
        }
        return addresses(uri.getHost(), portOf(uri));
    }

    /** The same for a host (a name, an IP literal, a bracketed IPv6 literal) and the port to connect to. */
    public List<InetAddress> addresses(String host, int port) {
        String bare = bare(host);
        InetAddress[] resolved;
        if (bare.contains(":")) {
            resolved = new InetAddress[]{literal(bare)};
        } else if (NUMERIC_HOST.matcher(bare).matches()) {
            // 2130706433, 0x7f000001, 0177.0.0.1, 127.1: each program reads these its own way (inet_aton: 127.0.0.1),
            // so only the notation all read alike is taken
            if (!DOTTED_QUAD.matcher(bare).matches()) {
                throw refused(host);
            }
            resolved = new InetAddress[]{literal(bare)};
        } else {
            try {
                resolved = resolver.resolve(bare);
            } catch (UnknownHostException e) {
                // read like a refused address: whether a name exists inside is nobody's business either
                throw refused(host);
            }
        }
        if (resolved == null || resolved.length == 0) {
            throw refused(host);
        }
        for (InetAddress address : resolved) {
            if (!PublicAddresses.isPublic(address) && !allowed.admits(address, port)) {
                throw refused(host);
            }
        }
        return Arrays.asList(resolved);
    }

    private static Refused refused(String host) {
        return new Refused("the gateway downloads media only from public internet addresses, and " + host
                + " is not one (or does not resolve); nothing was requested from it. A server on this machine or network"
                + " can be allowed by address in " + ALLOW_SETTING + " (e.g. 10.1.2.3:8080)");
    }

    /** The port a URL connects to: its own, else its scheme's (80, 443). */
    private static int portOf(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
