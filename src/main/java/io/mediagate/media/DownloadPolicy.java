package io.mediagate.media;

import io.mediagate.config.Settings;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** A host written only with digits, dots and hex: an IPv4 address in some notation (decimal, octal, hex, short). */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
    /** The one IPv4 notation every program reads alike: four decimal parts 0-255, without leading zeros. */
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /**
     * Addresses that are not on the public internet (RFC 6890 and friends). IPv6 outside 2000::/3 is refused as a
     * whole (loopback, unspecified, link- and site-local, unique-local, multicast, NAT64, discard); IPv4 inside IPv6
     * (mapped, compatible, 6to4) is judged as the IPv4 address it carries.
     */
    private static final List<Block> NOT_PUBLIC = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            // Teredo tunnels and the documentation prefix, inside 2000::/3
            "2001::/32", "2001:db8::/32");
    private static final Block GLOBAL_UNICAST_V6 = Block.parse("2000::/3");
    private static final Block SIX_TO_FOUR = Block.parse("2002::/16");

    /** {@value #ALLOW_SETTING} entries: {@code [v6][/prefix][:port]}, {@code v4[/prefix][:port]}, bare {@code v6[/prefix]}. */
    private static final List<Pattern> ALLOW_FORMS = List.of(
            Pattern.compile("\\[([0-9a-fA-F:.]+)](/[0-9]{1,3})?(:[0-9]{1,5})?"),
            Pattern.compile("([0-9.]+)(/[0-9]{1,3})?(:[0-9]{1,5})?"),
            Pattern.compile("([0-9a-fA-F.]*:[0-9a-fA-F:.]*)(/[0-9]{1,3})?"));
    /** An allow entry without a port: every port of its addresses. */
    private static final int ANY_PORT = -1;

    private final List<Allowance> allowed;
    private final Resolver resolver;

    /**
     * @param allow    the {@value #ALLOW_SETTING} value: comma-separated {@code address[/prefix][:port]} entries
     * @param resolver how host names are resolved
     * @throws IllegalStateException naming the setting when an entry is not an address
     */
    public DownloadPolicy(String allow, Resolver resolver) {
        this(parseAllowed(allow == null ? "" : allow), resolver);
    }

    private DownloadPolicy(List<Allowance> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
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
        List<Allowance> widened = new ArrayList<>(allowed);
        widened.add(new Allowance(Block.single(literal(bare(sandbox.getHost()))), portOf(sandbox)));
        return new DownloadPolicy(widened, resolver);
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
            if (!isPublic(address) && allowed.stream().noneMatch(allowance -> allowance.admits(address, port))) {
                throw refused(host);
            }
        }
        return Arrays.asList(resolved);
    }

    /** Whether the address is on the public internet. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address v6) {
            byte[] embedded = embeddedIpv4(v6);
            if (embedded != null) {
                return isPublic(literal(embedded));
            }
            if (!GLOBAL_UNICAST_V6.contains(bytes)) {
                return false;
            }
        }
        for (Block block : NOT_PUBLIC) {
            if (block.contains(bytes)) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 address an IPv6 one carries: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), 6to4 (2002:AABB:CCDD::). */
    private static byte[] embeddedIpv4(Inet6Address address) {
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && (b[10] == (byte) 0xff && b[11] == (byte) 0xff || b[10] == 0 && b[11] == 0)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (SIX_TO_FOUR.contains(b)) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
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

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An IP literal as an address; never a DNS query (the callers pass only literals). */
    private static InetAddress literal(String text) {
        try {
            if (!text.contains(":") && !DOTTED_QUAD.matcher(text).matches()) {
                throw new UnknownHostException(text);
            }
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new Refused("not an IP address: " + text);
        }
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Allowance> parseAllowed(String setting) {
        List<Allowance> entries = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Matcher m = null;
            for (Pattern form : ALLOW_FORMS) {
                Matcher candidate = form.matcher(entry);
                if (candidate.matches()) {
                    m = candidate;
                    break;
                }
            }
            if (m == null) {
                throw badEntry(entry);
            }
            String port = m.groupCount() >= 3 ? m.group(3) : null;
            int portNumber = port == null ? ANY_PORT : Integer.parseInt(port.substring(1));
            if (portNumber == 0 || portNumber > 65535) {
                throw badEntry(entry);
            }
            InetAddress address;
            try {
                address = literal(m.group(1));
            } catch (Refused e) {
                throw badEntry(entry);
            }
            int bits = address.getAddress().length * 8;
            int prefix = m.group(2) == null ? bits : Integer.parseInt(m.group(2).substring(1));
            if (prefix > bits) {
                throw badEntry(entry);
            }
            entries.add(new Allowance(new Block(address.getAddress(), prefix), portNumber));
        }
        return entries;
    }

    private static IllegalStateException badEntry(String entry) {
        return new IllegalStateException(ALLOW_SETTING + " lists addresses as address[/prefix][:port], e.g."
                + " 127.0.0.1:8080, [::1]:8080, 10.20.0.0/16; not '" + entry + "' (addresses, not names: a name's DNS"
                + " answer could change what is allowed)");
    }

    /** An allowed network and port ({@link #ANY_PORT}: all). */
    private record Allowance(Block network, int port) {
        boolean admits(InetAddress address, int requestedPort) {
            return network.contains(address.getAddress()) && (port == ANY_PORT || port == requestedPort);
        }
    }

    /** A network prefix, e.g. 10.0.0.0/8. */
    private record Block(byte[] network, int prefix) {
        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            return new Block(literal(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
        }

        static Block single(InetAddress address) {
            return new Block(address.getAddress(), address.getAddress().length * 8);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<Block> blocks(String... cidrs) {
        return Arrays.stream(cidrs).map(Block::parse).toList();
    }
}
