package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * carev26: RFC 5280 6.1.3 (a)(3), every certificate of a path but the trust anchor is checked for revocation. The test
 * НУЦ's root publishes its CRL, which its issuing CA names in its CRL Distribution Points (as НУЦ РК's issuing CAs name
 * crl.root.gov.kz). Before: only the signer's own certificate was asked about, and a sender whose issuing CA the root
 * had revoked was accepted, HTTP 200. The GOST family's issuing CA is the one revoked here (for the whole class);
 * the RSA family's, whose root CRL is made unreachable or replaced for a test at a time, serves the other cases.
 */
class RevokedCaCertificateTest {
    private static final char[] PKI_PASSWORD = "qaqpa-test".toCharArray();
    /** Definitive answers and CRLs kept for a second only, so that a later message asks again. */
    private static final Duration CACHE = Duration.ofSeconds(1);
    private static final String RSA_ROOT_CRL = "/crl/root" + KeyAlgorithm.RSA.fileSuffix() + ".crl";
    private static final String REVOKED_CA = "CA certificate of CN=" + KeyAlgorithm.RSA.issuingName();
    private static final IssuingDistributionPoint CA_CERTIFICATES_ONLY = new IssuingDistributionPoint(null, false, true,
            null, false, false);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.test-pki.key-algorithm", "RSA")
            .with("qaqpa.trust.revocation-cache", CACHE.toString()).with("qaqpa.health.cache", "PT0S");

    /**
     * The GOST root revokes its issuing CA: a message whose transport signature is the portal's GOST key (valid, not
     * revoked itself) is SCE005 naming the revoked CA certificate and the root's CRL, nothing stored. The RSA family's
     * CA, not revoked, still serves the portal's RSA key.
     */
    @Test
    void aSenderWhoseIssuingCaTheRootRevokedIsRefused() {
        gateway.pki().revokeIssuingCa(KeyAlgorithm.GOST);
        Pause.sleep(CACHE.multipliedBy(2));

        assertThat(refused(gateway.pki().key("portal", KeyAlgorithm.GOST))).contains("CA certificate of CN="
                + KeyAlgorithm.GOST.issuingName(), "was revoked", "/crl/root" + KeyAlgorithm.GOST.fileSuffix() + ".crl");
        String messageId = "good-ca-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                RawSoap.signed(application(messageId), gateway.pki().key("portal", KeyAlgorithm.RSA))), messageId);
    }

    /** The root's CRL answers 503 (and the issuing CA names no OCSP responder): status unavailable, fail closed. */
    @Test
    void anUnreachableRootCrlMakesTheCaStatusUnavailable() {
        assertThat(refusedWhileTheRootCrlAnswers(new byte[0])).contains("revocation status of the CA certificate of CN="
                + KeyAlgorithm.RSA.issuingName(), "unavailable", "HTTP 503");
    }

    /**
     * RFC 5280 6.3.3 (b)(2)(ii): at the root's CRL address, the root's really-signed list of end entities' certificates
     * only (an Issuing Distribution Point), which lists no CA: it does not cover the issuing CA's certificate. Before
     * (with the CA certificates checked): the CA taken as good, HTTP 200. Now: status unavailable, SCE005.
     */
    @Test
    void aRootCrlOfEndEntitiesCertificatesOnlyDoesNotCoverTheIssuingCa() throws Exception {
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(new IssuingDistributionPoint(null, true, false, null, false, false),
                null))).contains("revocation status of the CA"
                + " certificate of CN=" + KeyAlgorithm.RSA.issuingName(), "unavailable", "end entities' certificates only");
    }

    /**
     * trust27: RFC 5280 6.3.3 (b)(2)(iii), a list whose Issuing Distribution Point says CA certificates only (an
     * authority revocation list, ARL) decides a CA certificate. At the RSA root's CRL address, the root's really-signed
     * ARL listing its issuing CA: before, such a list was refused for every certificate ("not the complete list", the
     * CA's status unavailable); now the CA certificate is revoked, SCE005 naming it. The same ARL listing nothing makes
     * the CA good: the portal's RSA key is served. (An ARL at an end entity's address is still refused:
     * HostileRevocationAnswersTest's "ca-certificates-only".)
     */
    @Test
    void aRootListOfCaCertificatesOnlyDecidesTheIssuingCa() throws Exception {
        IssuingDistributionPoint caCertificatesOnly = new IssuingDistributionPoint(null, false, true, null, false, false);
        BigInteger issuingCa = gateway.pki().issuing(KeyAlgorithm.RSA).getSerialNumber();
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(caCertificatesOnly, issuingCa))).contains("CA certificate of CN="
                + KeyAlgorithm.RSA.issuingName(), "was revoked", RSA_ROOT_CRL);
        acceptedWhileTheRootCrlAnswers(rootCrl(caCertificatesOnly, null));
    }

    /**
     * arl28: an ARL and a complete list are each their own scope (their cRLNumbers separate sequences). At the RSA root's
     * CRL address, a complete list (its Issuing Distribution Point naming that address only) lists the issuing CA
     * revoked; then, after the cache time, an older ARL the root really signed, listing nothing, is replayed there.
     * Before (trust27's ARL acceptance alone): the ARL, newest of its own scope, made the CA good, HTTP 200. Now: lists
     * deciding a CA certificate are compared by thisUpdate across the kinds, the newer complete list answers, SCE005.
     * A newer complete list listing nothing makes the CA good again.
     */
    @Test
    void anOlderArlReplayedAfterANewerCompleteListDoesNotMakeTheCaGood() throws Exception {
        Instant now = Instant.now();
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(completeList(), issuingCa(), now.minus(Duration.ofMinutes(1)))))
                .contains(REVOKED_CA, "was revoked", RSA_ROOT_CRL);
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(CA_CERTIFICATES_ONLY, null, now.minus(Duration.ofMinutes(10)))))
                .contains(REVOKED_CA, "was revoked", RSA_ROOT_CRL);
        theCaIsGoodOnANewerCompleteList();
    }

    /**
     * arl28, the reverse: the root's ARL lists the issuing CA revoked; an older complete list the root really signed,
     * listing nothing, replayed at the same address after the cache time. Before: the CA good, HTTP 200. Now: SCE005.
     */
    @Test
    void anOlderCompleteListReplayedAfterANewerArlDoesNotMakeTheCaGood() throws Exception {
        Instant now = Instant.now();
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(CA_CERTIFICATES_ONLY, issuingCa(), now.minus(Duration.ofMinutes(1)))))
                .contains(REVOKED_CA, "was revoked", RSA_ROOT_CRL);
        assertThat(refusedWhileTheRootCrlAnswers(rootCrl(completeList(), null, now.minus(Duration.ofMinutes(10)))))
                .contains(REVOKED_CA, "was revoked", RSA_ROOT_CRL);
        theCaIsGoodOnANewerCompleteList();
    }

    /** A complete list listing nothing, newer than any before: the portal's RSA key is served (and later tests find the CA good). */
    private static void theCaIsGoodOnANewerCompleteList() throws Exception {
        acceptedWhileTheRootCrlAnswers(rootCrl(completeList(), null, Instant.now().minus(Duration.ofMinutes(1))));
    }

    /** A message signed by the portal's RSA key while the RSA root's CRL address answers {@code answer}: accepted. */
    private static void acceptedWhileTheRootCrlAnswers(byte[] answer) {
        gateway.pkiServer().answerInstead(RSA_ROOT_CRL, answer);
        try {
            Pause.sleep(CACHE.multipliedBy(2));
            String messageId = "root-list-good-" + UUID.randomUUID();
            ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(),
                    RawSoap.signed(application(messageId), gateway.pki().key("portal", KeyAlgorithm.RSA))), messageId);
        } finally {
            gateway.pkiServer().answerAsPublished(RSA_ROOT_CRL);
        }
    }

    private static BigInteger issuingCa() {
        return gateway.pki().issuing(KeyAlgorithm.RSA).getSerialNumber();
    }

    /**
     * A complete list whose Issuing Distribution Point names the issuing CA's CRL Distribution Point only (RFC 5280
     * 5.2.5): its own scope, so that the list the root publishes (no Issuing Distribution Point) and the health probe's
     * reading of it are left as they were.
     */
    private static IssuingDistributionPoint completeList() throws Exception {
        DistributionPointName named = CRLDistPoint.fromExtensions(new JcaX509CertificateHolder(gateway.pki()
                .issuing(KeyAlgorithm.RSA)).getExtensions()).getDistributionPoints()[0].getDistributionPoint();
        return new IssuingDistributionPoint(named, false, false, null, false, false);
    }

    /** The operator's /health: the "crl" part reads the root's CRL too, and is DOWN while it does not answer. */
    @Test
    void healthReadsTheRootsCrl() {
        // trust28: lists deciding the CA that other tests had the gateway read are newer than the one published at the
        // start, and /health reports a list older than those as superseded: the root signs a newer one
        gateway.pki().republishRootCrl(KeyAlgorithm.RSA);
        assertThat(health()).contains(RSA_ROOT_CRL + " is current");
        gateway.pkiServer().answerInstead(RSA_ROOT_CRL, new byte[0]);
        try {
            assertThat(health()).contains("\"crl\":{\"status\":\"DOWN\"", RSA_ROOT_CRL);
        } finally {
            gateway.pkiServer().answerAsPublished(RSA_ROOT_CRL);
        }
    }

    /**
     * trust28: /health reports the root's list as the checker decides it. The gateway reads an ARL at the RSA root's CRL
     * address newer than the complete list the root publishes there (listing nothing: the portal served); then the
     * address serves the published list again, which the checker would not use in the ARL's place (arl28: lists deciding
     * a CA certificate compared by thisUpdate across the kinds). The ARL a second newer than the published list only, so
     * that the lists later tests serve (a minute before their time) are newer than it. Before: the probe compared it with its own scope only,
     * "is current", UP. Now: DOWN, a list older than one the gateway already read.
     */
    @Test
    void healthReportsTheRootsListOlderThanAnArlTheGatewayReadAsDown() throws Exception {
        acceptedWhileTheRootCrlAnswers(rootCrl(CA_CERTIFICATES_ONLY, null,
                gateway.pki().rootCrl(KeyAlgorithm.RSA).getThisUpdate().toInstant().plusSeconds(1)));

        assertThat(health()).contains("\"crl\":{\"status\":\"DOWN\"", RSA_ROOT_CRL,
                "older than one the gateway already read");
    }

    private static String health() {
        return RawSoap.consoleGet(gateway, "/health").text();
    }

    /** A message signed by the portal's RSA key while the RSA root's CRL address answers {@code answer} (empty: 503). */
    private static String refusedWhileTheRootCrlAnswers(byte[] answer) {
        gateway.pkiServer().answerInstead(RSA_ROOT_CRL, answer);
        try {
            Pause.sleep(CACHE.multipliedBy(2));
            return refused(gateway.pki().key("portal", KeyAlgorithm.RSA));
        } finally {
            gateway.pkiServer().answerAsPublished(RSA_ROOT_CRL);
        }
    }

    /** A portal application whose transport signature is {@code sender}'s: the SCE005 fault's text; nothing stored. */
    private static String refused(KeyMaterial sender) {
        String messageId = "revoked-ca-" + UUID.randomUUID();
        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender));
        String fault = ShepAnswers.assertFault(gateway, answer, ShepAnswers.SEND_MESSAGE_FAULT, "SCE005");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return fault;
    }

    private static SendMessage application(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample, KeyAlgorithm.RSA), messageId);
    }

    /**
     * The RSA root's current CRL, listing {@code revoked} (null: nothing) since an hour ago, with the Issuing
     * Distribution Point {@code point}.
     */
    private static byte[] rootCrl(IssuingDistributionPoint point, BigInteger revoked) throws Exception {
        return rootCrl(point, revoked, Instant.now().minus(Duration.ofMinutes(1)));
    }

    /**
     * As {@link #rootCrl(IssuingDistributionPoint, BigInteger)}, issued at {@code thisUpdate} (its cRLNumber the second
     * a minute after, as the root would have numbered it then), current for the next hour.
     */
    private static byte[] rootCrl(IssuingDistributionPoint point, BigInteger revoked, Instant thisUpdate) throws Exception {
        KeyMaterial root = KeyMaterial.fromPkcs12(gateway.pki().dir().resolve("root-ca.p12"), PKI_PASSWORD);
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(root.certificate()).getSubject(),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofHours(1))));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond() + 60)));
        builder.addExtension(Extension.issuingDistributionPoint, true, point);
        if (revoked != null) {
            builder.addCRLEntry(revoked, Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
        }
        return builder.build(new JcaContentSignerBuilder(KeyAlgorithm.RSA.signatureAlgorithm()).build(root.privateKey()))
                .getEncoded();
    }
}
