package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The key of the per-address limits (connections on every port, request bytes on the channels'). Two addresses of one
 * IPv6 /64 cannot both be this machine's without root, so the key is proven here and the limits' use of it by
 * ConnectionLimitTest and BodyBudgetShareTest over IPv4.
 */
class PeerNetworkTest {

    @Test
    void twoAddressesOfOneIpv6HostsSlash64AreOneClient() throws Exception {
        InetAddress privacy = InetAddress.getByName("2001:db8:a:b:1c2d:3e4f:5a6b:7c8d");
        InetAddress another = InetAddress.getByName("2001:db8:a:b::1");

        assertThat(PeerNetwork.of(privacy)).isEqualTo(PeerNetwork.of(another))
                .isEqualTo(InetAddress.getByName("2001:db8:a:b::"));
    }

    @Test
    void theNextSlash64IsAnotherClient() throws Exception {
        assertThat(PeerNetwork.of(InetAddress.getByName("2001:db8:a:b::1")))
                .isNotEqualTo(PeerNetwork.of(InetAddress.getByName("2001:db8:a:c::1")));
    }

    @Test
    void anIpv4AddressIsItsOwnClientAsAMappedOneIs() throws Exception {
        InetAddress holder = InetAddress.getByName("127.0.0.2");

        assertThat(PeerNetwork.of(holder)).isEqualTo(holder)
                .isEqualTo(PeerNetwork.of(InetAddress.getByName("::ffff:127.0.0.2")))
                .isNotEqualTo(PeerNetwork.of(InetAddress.getByName("127.0.0.3")));
    }

    /**
     * attack49: a 6to4 address (RFC 3056, 2002::/16) is 2002:V4ADDR::/48, so one IPv4 address holds 65,536 /64s of it:
     * keyed by its /48, the IPv4 address behind it, one client as its IPv4 address is.
     */
    @Test
    void aSixToFourAddressIsKeyedByTheIpv4AddressItHolds() throws Exception {
        InetAddress one = InetAddress.getByName("2002:c000:0201:1::1");
        InetAddress another = InetAddress.getByName("2002:c000:0201:ffff:1c2d::7");

        assertThat(PeerNetwork.of(one)).isEqualTo(PeerNetwork.of(another))
                .isEqualTo(InetAddress.getByName("2002:c000:0201::"))
                .isNotEqualTo(PeerNetwork.of(InetAddress.getByName("2002:c000:0202:1::1")));
    }

    @Test
    void aLinkLocalAddressIsKeyedWithoutItsInterface() throws Exception {
        assertThat(PeerNetwork.of(InetAddress.getByName("fe80::fc:ff:fe00:1%1")))
                .isEqualTo(PeerNetwork.of(InetAddress.getByName("fe80::2")));
    }

    /** line51: the site of a client not yet known, where turns are shared: an IPv4 /24, an IPv6 /48. */
    @Test
    void aSiteIsAnIpv4Slash24AndAnIpv6Slash48() throws Exception {
        assertThat(PeerNetwork.site(InetAddress.getByName("192.0.2.77"))).isEqualTo(InetAddress.getByName("192.0.2.0"));
        assertThat(PeerNetwork.site(InetAddress.getByName("2001:db8:1:2:3::4")))
                .isEqualTo(PeerNetwork.site(InetAddress.getByName("2001:db8:1:ffff::9")))
                .isEqualTo(InetAddress.getByName("2001:db8:1::"))
                .isNotEqualTo(PeerNetwork.site(InetAddress.getByName("2001:db8:2::1")));
    }
}
