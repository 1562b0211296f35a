package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** line51: the networks one sender has authenticated from, bounded, the one known longest forgotten first. */
class KnownNetworksTest {
    @Test
    void beyondItsBoundTheNetworkKnownLongestIsForgottenFirst() {
        KnownNetworks known = new KnownNetworks();
        for (int i = 0; i < KnownNetworks.MAX; i++) {
            known.add("network " + i);
        }
        known.add("network 0");
        assertThat(known.contains("network 0")).as("known already: adding it again changes nothing").isTrue();

        known.add("one more");

        assertThat(known.contains("network 0")).as("the one known longest").isFalse();
        assertThat(known.contains("network 1")).isTrue();
        assertThat(known.contains("one more")).isTrue();
        assertThat(known.contains("never seen")).isFalse();
    }
}
