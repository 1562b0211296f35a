package kz.qaqpa.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The client a per-address limit counts: an IPv4 address whole, an IPv6 address by its /64. An IPv6 host chooses the
 * last 64 bits of its addresses itself (RFC 4291 §2.5.1's interface identifier; SLAAC and privacy addresses, RFC
 * 8981), so keyed by whole address one host of a /64 had 2^64 shares of every per-address limit (session 46's LOW).
 * An IPv4-mapped IPv6 peer already arrives as an IPv4 address in Java. attack49: a 6to4 address (RFC 3056) is
 * 2002:V4ADDR::/48, all of it the one IPv4 address's, so it is keyed by its /48. (A Teredo address's /64 is its
 * prefix and its server's IPv4 address, so its clients share one key; a link-local one's /64 is fe80::, whatever
 * its interface: those over-share, never multiply, a client's share.)
 */
public final class PeerNetwork {
    /** The prefix an IPv6 host is assigned and cannot leave (RFC 4291 §2.5.1: 64-bit interface identifiers). */
    static final int IPV6_PREFIX_BYTES = 8;
    /** 6to4's prefix 2002::/16 (RFC 3056 §2) and the /48 it makes of one IPv4 address. */
    private static final int SIX_TO_FOUR_FIRST = 0x20;
    private static final int SIX_TO_FOUR_SECOND = 0x02;
    private static final int SIX_TO_FOUR_PREFIX_BYTES = 6;
    /** An IPv4 site: its /24, the smallest block routed between networks (RFC 7454 §6.1.3, ours for line51). */
    static final int IPV4_SITE_BYTES = 3;
    /** An IPv6 site: its /48, what a site is assigned at most (RFC 6177 §3; ours for line51). */
    static final int IPV6_SITE_BYTES = 6;

    private PeerNetwork() {
    }

    /** The key {@code address} is counted under: itself, or its IPv6 /64 (a 6to4 one's /48) with the rest zero. */
    public static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        boolean sixToFour = bytes[0] == SIX_TO_FOUR_FIRST && bytes[1] == SIX_TO_FOUR_SECOND;
        Arrays.fill(bytes, sixToFour ? SIX_TO_FOUR_PREFIX_BYTES : IPV6_PREFIX_BYTES, bytes.length, (byte) 0);
        return at(bytes);
    }

    /**
     * The site {@code address} is in: its IPv4 /24, its IPv6 /48, the rest zero. Wider than {@link #of}, for requests
     * of clients not yet known (line51): a client holding many addresses of one site gets one turn among them, not one
     * an address. Not for a known client's own limits: that would put a NAT's neighbours in its share.
     */
    public static InetAddress site(InetAddress address) {
        byte[] bytes = address.getAddress();
        Arrays.fill(bytes, address instanceof Inet6Address ? IPV6_SITE_BYTES : IPV4_SITE_BYTES, bytes.length, (byte) 0);
        return at(bytes);
    }

    private static InetAddress at(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
