package kz.qaqpa.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The client a per-address limit counts: an IPv4 address whole, an IPv6 address by its /64. An IPv6 host chooses the
 * last 64 bits of its addresses itself (RFC 4291 §2.5.1's interface identifier; SLAAC and privacy addresses, RFC
 * 8981), so keyed by whole address one host of a /64 had 2^64 shares of every per-address limit (session 46's LOW).
 * An IPv4-mapped IPv6 peer already arrives as an IPv4 address in Java.
 */
public final class PeerNetwork {
    /** The prefix an IPv6 host is assigned and cannot leave (RFC 4291 §2.5.1: 64-bit interface identifiers). */
    static final int IPV6_PREFIX_BYTES = 8;

    private PeerNetwork() {
    }

    /** The key {@code address} is counted under: itself, or its IPv6 /64 as an address with the rest zero. */
    public static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, IPV6_PREFIX_BYTES, bytes.length, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
