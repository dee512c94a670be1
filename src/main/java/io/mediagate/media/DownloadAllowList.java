package io.mediagate.media;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses of this machine or network the gateway may download from all the same: the
 * {@value DownloadPolicy#ALLOW_SETTING} entries, each a network and a port (or every port).
 */
final class DownloadAllowList {

    /** {@value DownloadPolicy#ALLOW_SETTING} entries: {@code [v6][/prefix][:port]}, {@code v4[/prefix][:port]}, bare {@code v6[/prefix]}. */
    private static final List<Pattern> ALLOW_FORMS = List.of(
            Pattern.compile("\\[([0-9a-fA-F:.]+)](/[0-9]{1,3})?(:[0-9]{1,5})?"),
            Pattern.compile("([0-9.]+)(/[0-9]{1,3})?(:[0-9]{1,5})?"),
            Pattern.compile("([0-9a-fA-F.]*:[0-9a-fA-F:.]*)(/[0-9]{1,3})?"));
    /** An allow entry without a port: every port of its addresses. */
    private static final int ANY_PORT = -1;

    private final List<Allowance> allowed;

    private DownloadAllowList(List<Allowance> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * @param setting comma-separated {@code address[/prefix][:port]} entries
     * @throws IllegalStateException naming the setting when an entry is not an address
     */
    static DownloadAllowList parse(String setting) {
        List<Allowance> entries = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String entry = raw.trim();
            if (!entry.isEmpty()) {
                entries.add(allowance(entry));
            }
        }
        return new DownloadAllowList(entries);
    }

    /** This list and one address at one port. */
    DownloadAllowList with(InetAddress address, int port) {
        List<Allowance> widened = new ArrayList<>(allowed);
        widened.add(new Allowance(AddressBlock.single(address), port));
        return new DownloadAllowList(widened);
    }

    boolean admits(InetAddress address, int port) {
        return allowed.stream().anyMatch(allowance -> allowance.admits(address, port));
    }

    private static Allowance allowance(String entry) {
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
            address = IpLiterals.literal(m.group(1));
        } catch (DownloadPolicy.Refused e) {
            throw badEntry(entry);
        }
        int bits = address.getAddress().length * 8;
        int prefix = m.group(2) == null ? bits : Integer.parseInt(m.group(2).substring(1));
        if (prefix > bits) {
            throw badEntry(entry);
        }
        return new Allowance(new AddressBlock(address.getAddress(), prefix), portNumber);
    }

    private static IllegalStateException badEntry(String entry) {
        return new IllegalStateException(DownloadPolicy.ALLOW_SETTING + " lists addresses as address[/prefix][:port], e.g."
                + " 127.0.0.1:8080, [::1]:8080, 10.20.0.0/16; not '" + entry + "' (addresses, not names: a name's DNS"
                + " answer could change what is allowed)");
    }

    /** An allowed network and port ({@link #ANY_PORT}: all). */
    private record Allowance(AddressBlock network, int port) {
        boolean admits(InetAddress address, int requestedPort) {
            return network.contains(address.getAddress()) && (port == ANY_PORT || port == requestedPort);
        }
    }
}
