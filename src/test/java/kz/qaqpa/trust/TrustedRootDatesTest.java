package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * roots56: /health's trustedRoots part judged on the test НУЦ's own root re-certified for other dates
 * (TestPki.rootValid): down only when no root the gateway's own chain needs is within its dates; an expired root beside
 * a renewed one is named but the part stays up; a root ending within the warning says "renew it soon".
 */
class TrustedRootDatesTest {
    private static final Duration SOON = Duration.ofDays(30);
    private final TestPki pki = SharedTestPki.pki();
    private final Instant now = Instant.now();
    /**
     * The gateway's chain's top: the test НУЦ's issuing CA, which the root signs; the RSA chain's, as {@link #root}'s
     * (engines68: the GOST-key suite's default gateway key chains to the GOST root, which an RSA root never serves).
     */
    private final X509Certificate gatewayTop = pki.key("gateway", KeyAlgorithm.RSA).chain().get(1);

    /** gost55: what the operator is told at start of the configured roots' dates (logged at WARN by TrustSetup). */
    @Test
    void rootsOutOfTheirDatesOrEndingSoonAreNamedForTheOperator() {
        X509Certificate expired = pki.rootValid(KeyAlgorithm.RSA, now.minus(Duration.ofDays(3650)), now.minus(Duration.ofDays(1)));
        X509Certificate ending = pki.rootValid(KeyAlgorithm.GOST, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        X509Certificate future = pki.rootValid(KeyAlgorithm.RSA, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));

        assertThat(TrustedRootDates.startWarnings(Set.of(expired), now, SOON))
                .singleElement().asString().contains("expired").contains("signers chaining only to it are refused");
        assertThat(TrustedRootDates.startWarnings(Set.of(ending), now, SOON))
                .singleElement().asString().contains("expires").contains("configure its renewal");
        assertThat(TrustedRootDates.startWarnings(Set.of(future), now, SOON))
                .singleElement().asString().contains("is not valid before");
        assertThat(TrustedRootDates.startWarnings(Set.of(ending), now, Duration.ofDays(5))).isEmpty();
        assertThat(TrustedRootDates.startWarnings(pki.roots(), now, SOON)).isEmpty();
    }

    @Test
    void onlyAnExpiredRootForTheGatewaysChainIsDown() {
        X509Certificate expired = root(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));

        TrustedRootDates.State state = TrustedRootDates.state(Set.of(expired), gatewayTop, now, SOON);

        assertThat(state.up()).isFalse();
        assertThat(state.detail()).startsWith("no trusted root for the gateway's own chain")
                .contains("valid only from").contains("to " + end(expired) + ": signers chaining only to it are refused");
    }

    @Test
    void anExpiredRootBesideItsRenewalIsNamedButUp() {
        X509Certificate expired = root(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        X509Certificate renewed = root(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));

        TrustedRootDates.State state = TrustedRootDates.state(Set.of(expired, renewed), gatewayTop, now, SOON);

        assertThat(state.up()).isTrue();
        assertThat(state.detail()).doesNotContain("no trusted root", "renew it soon")
                .contains("to " + end(expired) + ": signers chaining only to it are refused")
                .contains("expires " + end(renewed) + " (in 3649 days)");
    }

    @Test
    void aRootEndingWithinTheWarningSaysRenewItSoon() {
        X509Certificate ending = root(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)).plusSeconds(60));

        TrustedRootDates.State state = TrustedRootDates.state(Set.of(ending), gatewayTop, now, SOON);

        assertThat(state.up()).isTrue();
        assertThat(state.detail()).isEqualTo("root " + TrustedRootDates.label(ending) + " expires " + end(ending)
                + " (in 10 days): renew it soon");
    }

    @Test
    void aRootOfAnotherChainDoesNotServeTheGateways() {
        X509Certificate other = pki.key("untrusted").chain().get(1);
        X509Certificate expired = root(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));

        assertThat(TrustedRootDates.state(Set.of(other, expired), gatewayTop, now, SOON).up()).isFalse();
    }

    /**
     * review56b: a root of the same name on another key (renewed with a new key, or an impostor's) serves no chain the
     * old key signed. Seen FAILING when only the name was matched (the part UP).
     */
    @Test
    void aRootOfTheSameNameOnAnotherKeyDoesNotServeTheGateways() {
        X509Certificate expired = root(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
        X509Certificate rekeyed = pki.rootRekeyed(KeyAlgorithm.RSA, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)));

        TrustedRootDates.State state = TrustedRootDates.state(Set.of(expired, rekeyed), gatewayTop, now, SOON);

        assertThat(state.up()).isFalse();
        assertThat(state.detail()).startsWith("no trusted root for the gateway's own chain");
    }

    private X509Certificate root(Instant from, Instant to) {
        return pki.rootValid(KeyAlgorithm.RSA, from, to);
    }

    private static String end(X509Certificate c) {
        return c.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
