package io.mediagate.media;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/** Which addresses are on the public internet. */
final class PublicAddresses {

    /**
     * Addresses that are not on the public internet (RFC 6890 and friends). IPv6 outside 2000::/3 is refused as a
     * whole (loopback, unspecified, link- and site-local, unique-local, multicast, NAT64, discard); IPv4 inside IPv6
     * (mapped, compatible, 6to4) is judged as the IPv4 address it carries.
     */
    private static final List<AddressBlock> NOT_PUBLIC = Arrays.stream(new String[]{
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            // Teredo tunnels and the documentation prefix, inside 2000::/3
            "2001::/32", "2001:db8::/32"}).map(AddressBlock::parse).toList();
    private static final AddressBlock GLOBAL_UNICAST_V6 = AddressBlock.parse("2000::/3");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16");

    private PublicAddresses() {
    }

    /** Whether the address is on the public internet. */
    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address v6) {
            byte[] embedded = embeddedIpv4(v6);
            if (embedded != null) {
                return isPublic(IpLiterals.literal(embedded));
            }
            if (!GLOBAL_UNICAST_V6.contains(bytes)) {
                return false;
            }
        }
        for (AddressBlock block : NOT_PUBLIC) {
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
}
