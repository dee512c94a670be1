package io.mediagate.media;

import java.net.InetAddress;

/** A network prefix, e.g. 10.0.0.0/8. */
record AddressBlock(byte[] network, int prefix) {

    static AddressBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        return new AddressBlock(IpLiterals.literal(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
    }

    static AddressBlock single(InetAddress address) {
        return new AddressBlock(address.getAddress(), address.getAddress().length * 8);
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
