package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * review58 (LOW): a CRL without a nextUpdate (RFC 5280 5.1.2.5: a conforming CA always gives one) is used at any age.
 * The checker's own rule (revstate26's mark, attack57's {@code until}) believes such a list for a day after its
 * thisUpdate, and OCSP refuses an answer without a nextUpdate older than an hour ("too old"); but
 * {@code CrlClient.requireCurrent} checks only a nextUpdate that is there, so a list the issuing CA really signed three
 * days ago without one, served at the certificate's CRL address while OCSP is down, makes the certificate good: the
 * answer is GOOD with its {@code until} already past (attack57 then only keeps it out of the cache). Over real HTTP,
 * the list signed by the test PKI's issuing CA. FAILS on 1e329be7 (GOOD); the control (the same list issued an hour
 * ago) is GOOD.
 */
class CrlWithoutNextUpdateTest {
    private HttpServer server;
    private volatile byte[] crl;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/issuing.crl", exchange -> {
            try (exchange) {
                byte[] body = crl;
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aListWithoutNextUpdateIssuedThreeDaysAgoMakesNoCertificateGood() throws Exception {
        RevocationStatus status = statusWithListIssued(Instant.now().minus(Duration.ofDays(3)));
        assertThat(status.state()).as("%s, believed until %s", status.source(), status.until())
                .isEqualTo(RevocationStatus.State.UNKNOWN);
    }

    @Test
    void theSameListIssuedAnHourAgoIsRead() throws Exception {
        assertThat(statusWithListIssued(Instant.now().minus(Duration.ofHours(1))).state())
                .isEqualTo(RevocationStatus.State.GOOD);
    }

    /** A good certificate's status with OCSP down and the CRL address serving a list issued at {@code thisUpdate}. */
    private RevocationStatus statusWithListIssued(Instant thisUpdate) throws Exception {
        crl = listWithoutNextUpdate(thisUpdate);
        RevocationChecker checker = SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/issuing.crl"));
        X509Certificate signer = SharedTestPki.key("citizen-aigerim").certificate();
        return checker.check(signer, SharedTestPki.pki().issuing());
    }

    /** The issuing CA's complete list, listing nothing, without a nextUpdate. */
    private static byte[] listWithoutNextUpdate(Instant thisUpdate) throws Exception {
        KeyMaterial ca = KeyMaterial.fromPkcs12(SharedTestPki.pki().dir().resolve("issuing-ca"
                + SharedTestPki.pki().defaultAlgorithm().fileSuffix() + ".p12"), SharedTestPki.PASSWORD);
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(ca.certificate()).getSubject(),
                Date.from(thisUpdate));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        return builder.build(new JcaContentSignerBuilder(SharedTestPki.pki().defaultAlgorithm().signatureAlgorithm())
                .build(ca.privateKey())).getEncoded();
    }
}
