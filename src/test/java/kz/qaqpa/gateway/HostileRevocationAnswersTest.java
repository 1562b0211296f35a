package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.stream.Stream;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.RevocationProbe;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * attack23: the OCSP responder and the CRL address a sender's certificate names answer as an attacker on their path
 * would, over real HTTP. First OCSP, the CRL address answering 404: a redirect (to an address that would say "good"), an HTML page with
 * a DOCTYPE, bytes that are no OCSP answer, and answers signed by the real issuing CA that say "good" but for another
 * serial, another nonce, with a nextUpdate past, or signed by a key that is not the CA's or its responder's. No case
 * may make the certificate good: each is SCE005 "unavailable", nothing stored. The same responder answering the one
 * honest way makes the same kind of certificate good (the control), so the refusals are the answers' doing.
 */
class HostileRevocationAnswersTest {
    private static final char[] PKI_PASSWORD = "qaqpa-test".toCharArray();

    /** attack25: definitive answers and CRLs kept for a second only, so that a second message asks again. */
    private static final Duration CACHE = Duration.ofSeconds(1);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.trust.revocation-cache", CACHE.toString());
    static HttpServer responder;
    static volatile Answer answer;
    /** The CRLs the responder serves, by path; any other path is 404. */
    static final java.util.Map<String, byte[]> crls = new java.util.concurrent.ConcurrentHashMap<>();

    /** How the responder answers one request, given the request and the honest answer's parts. */
    interface Answer {
        void send(OCSPReq asked, HttpExchange exchange) throws Exception;
    }

    @BeforeAll
    static void start() throws IOException {
        responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responder.createContext("/ocsp", RevocationResponder.ocsp((asked, exchange) -> answer.send(asked, exchange)));
        responder.createContext("/honest", RevocationResponder.ocsp((asked, exchange) ->
                good(false, false, Duration.ofHours(1), issuingCa().privateKey()).send(asked, exchange)));
        responder.createContext("/", RevocationResponder.crls(crls));
        responder.start();
    }

    @AfterAll
    static void stop() {
        if (responder != null) {
            responder.stop(0);
        }
    }

    static Stream<Arguments> hostileAnswers() {
        return Stream.of(
                Arguments.of("a redirect to a responder that says good", (Answer) (asked, exchange) -> {
                    exchange.getResponseHeaders().set("Location", base() + "/honest");
                    exchange.sendResponseHeaders(302, -1);
                }, "HTTP 302"),
                Arguments.of("an HTML page with a DOCTYPE", bytes("<!DOCTYPE html><html><body>good</body></html>"),
                        "unusable OCSP answer"),
                Arguments.of("an empty 200", bytes(""), "unusable OCSP answer"),
                Arguments.of("'successful' with no response in it", bytes("0\003\012\001\000"),
                        "answered 'successful' with no response"),
                Arguments.of("a good answer for another serial", good(true, false, Duration.ofHours(1), null),
                        "does not mention the asked certificate"),
                Arguments.of("a good answer with another nonce", good(false, true, Duration.ofHours(1), null),
                        "nonce does not match"),
                Arguments.of("a good answer whose nextUpdate is past", good(false, false, Duration.ofHours(-1), null),
                        "stale"),
                Arguments.of("a good answer signed by the sender's own key",
                        (Answer) (asked, exchange) -> good(false, false, Duration.ofHours(1),
                                gateway.pki().key("portal").privateKey()).send(asked, exchange), "not signed by the issuer"),
                Arguments.of("a good answer whose thisUpdate lies an hour ahead (crl24)",
                        good(false, false, Duration.ofHours(2), null, Duration.ofHours(1), Duration.ZERO), "thisUpdate"),
                Arguments.of("a good answer produced an hour ahead (crl24)",
                        good(false, false, Duration.ofHours(2), null, Duration.ZERO, Duration.ofHours(1)), "producedAt"),
                Arguments.of("a good answer signed by a certificate the issuing CA issued without id-kp-OCSPSigning"
                        + " (the portal's own, carried in the answer; attack57)",
                        (Answer) (asked, exchange) -> signedByResponder(gateway.pki().key("portal"))
                                .send(asked, exchange), "not signed by the issuer"),
                Arguments.of("a good answer signed by a responder certificate (id-kp-OCSPSigning) the root issued,"
                        + " not the issuing CA (attack57)",
                        (Answer) (asked, exchange) -> signedByResponder(responderOfTheRoot()).send(asked, exchange),
                        "not signed by the issuer"),
                Arguments.of("tryLater", (Answer) (asked, exchange) -> reply(exchange,
                        new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded()), "status 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAnswers")
    void aHostileAnswerMakesNoCertificateGood(String scenario, Answer hostile, String why) {
        answer = hostile;
        String messageId = "hostile-ocsp-" + UUID.randomUUID();
        RawSoap.Response refused = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId),
                gateway.pki().issueWithRevocationAt("portal", base())));
        assertThat(ShepAnswers.assertFault(gateway, refused, ShepAnswers.SEND_MESSAGE_FAULT, "SCE005"))
                .as(scenario).contains("unavailable", "OCSP", why).doesNotContain("null", "Cannot invoke");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * The OCSP address answers 404 and the CRL address answers with a CRL signed by the real issuing CA that
     * does not list the certificate but is not the complete list: a delta CRL (RFC 5280 5.2.4, the НУЦ publishes one
     * beside its full CRL), or a CRL of CA certificates only, of some reasons only, or an indirect one (its Issuing
     * Distribution Point). On its own it says nothing of an end entity's certificate. Before: the certificate taken as
     * good, HTTP 200. The complete CRL from the same address is read (the last case: "revoked").
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"delta", "ca-certificates-only", "some-reasons-only", "indirect"})
    void aCrlThatIsNotTheCompleteListMakesNoCertificateGood(String kind) throws Exception {
        assertThat(refusedWithCrl(kind, kind, false, Instant.now().minus(Duration.ofMinutes(5))))
                .contains("unavailable", "not the complete list");
    }

    /** The control for the CRL cases: the complete CRL at such an address, listing the certificate, is read. */
    @Test
    void theCompleteCrlIsRead() throws Exception {
        assertThat(refusedWithCrl("complete", "complete", true, Instant.now().minus(Duration.ofMinutes(5))))
                .containsIgnoringCase("revoked");
    }

    /**
     * crl24: the CRL address answers a complete CRL the issuing CA really signed, not listing the certificate, whose
     * thisUpdate lies an hour ahead of the gateway's clock (a list dated in the future, RFC 5280 6.3.3: not yet valid;
     * kept by someone on the path, it would outlive the revocations made before its date). Before: the certificate
     * taken as good, HTTP 200. Ours: ahead by more than qaqpa.trust.timestamp-clock-skew (PT5M) the CRL is not used,
     * SCE005 "unavailable", nothing stored. The control: one dated two minutes ahead (within the skew), listing the
     * certificate, is read ("revoked").
     */
    @Test
    void aCrlIssuedInTheFutureMakesNoCertificateGood() throws Exception {
        assertThat(refusedWithCrl("future", "complete", false, Instant.now().plus(Duration.ofHours(1))))
                .contains("unavailable", "thisUpdate", "ahead");
    }

    @Test
    void aCrlIssuedWithinTheClockSkewIsRead() throws Exception {
        assertThat(refusedWithCrl("skewed", "complete", true, Instant.now().plus(Duration.ofMinutes(2))))
                .containsIgnoringCase("revoked");
    }

    /**
     * crl25: the CA partitions its list (RFC 5280 5.2.5, an Issuing Distribution Point naming its distribution point),
     * and someone on the plain-HTTP path serves at the certificate's CRL address the CA's really-signed, complete list
     * of another distribution point, which does not list the certificate. RFC 5280 6.3.3 (b)(2)(i): a CRL whose IDP
     * names a point covers only the certificates one of whose CRL Distribution Points it names. Before: the
     * certificate taken as good, HTTP 200. Now: the CRL is not used, SCE005 "unavailable", nothing stored.
     */
    @Test
    void aCrlOfAnotherDistributionPointMakesNoCertificateGood() throws Exception {
        assertThat(refusedWithCrl("partition-a", "point " + base() + crlPath("partition-b"), false,
                Instant.now().minus(Duration.ofMinutes(5)))).contains("unavailable", "another distribution point");
    }

    /** The control: the partition naming the certificate's own CRL address, listing the certificate, is read. */
    @Test
    void theCrlOfTheCertificatesOwnDistributionPointIsRead() throws Exception {
        assertThat(refusedWithCrl("partition-own", "point " + base() + crlPath("partition-own"), true,
                Instant.now().minus(Duration.ofMinutes(5)))).containsIgnoringCase("revoked");
    }

    /** The CRL address, under {@code path}, of a certificate issued with {@code issueWithRevocationAt(…, base() + "/" + path)}. */
    private static String crlPath(String path) {
        return "/" + path + "/crl/issuing" + gateway.pki().defaultAlgorithm().fileSuffix() + ".crl";
    }

    /**
     * A portal application signed by a certificate whose revocation addresses are under {@code path} (its OCSP address
     * 404), its CRL address answering a CRL of {@code kind} issued at {@code thisUpdate}, listing the certificate if
     * {@code listed}: the SCE005 fault's text; nothing stored.
     */
    private static String refusedWithCrl(String path, String kind, boolean listed, Instant thisUpdate) throws Exception {
        String messageId = path + "-crl-" + UUID.randomUUID();
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/" + path);
        crls.put(crlPath(path), crl(kind, listed ? sender.certificate().getSerialNumber() : null, thisUpdate));
        RawSoap.Response refused = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender));
        String fault = ShepAnswers.assertFault(gateway, refused, ShepAnswers.SEND_MESSAGE_FAULT, "SCE005");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return fault;
    }

    /** A CRL of the issuing CA issued at {@code thisUpdate}, for an hour, listing {@code revoked} if not null, of {@code kind}. */
    private static byte[] crl(String kind, BigInteger revoked, Instant thisUpdate) throws Exception {
        return crl(kind, 7, revoked, thisUpdate);
    }

    /** As above, numbered {@code number} (cRLNumber). */
    private static byte[] crl(String kind, int number, BigInteger revoked, Instant thisUpdate) throws Exception {
        return crl(kind, number, revoked, thisUpdate, thisUpdate.plus(Duration.ofHours(1)));
    }

    /** As above, until {@code nextUpdate}. */
    private static byte[] crl(String kind, int number, BigInteger revoked, Instant thisUpdate, Instant nextUpdate)
            throws Exception {
        KeyMaterial ca = issuingCa();
        Instant now = Instant.now();
        var builder = new org.bouncycastle.cert.X509v2CRLBuilder(new JcaX509CertificateHolder(ca.certificate()).getSubject(),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(number)));
        if (revoked != null) {
            builder.addCRLEntry(revoked, Date.from(now.minus(Duration.ofHours(1))), org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
        }
        switch (kind) {
            case "delta" -> builder.addExtension(Extension.deltaCRLIndicator, true,
                    new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(6)));
            case "ca-certificates-only" -> builder.addExtension(Extension.issuingDistributionPoint, true,
                    new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, false, true, null, false, false));
            case "some-reasons-only" -> builder.addExtension(Extension.issuingDistributionPoint, true,
                    new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, false, false,
                            new org.bouncycastle.asn1.x509.ReasonFlags(org.bouncycastle.asn1.x509.ReasonFlags.affiliationChanged),
                            false, false));
            case "indirect" -> builder.addExtension(Extension.issuingDistributionPoint, true,
                    new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, false, false, null, true, false));
            case "user-certificates-only" -> builder.addExtension(Extension.issuingDistributionPoint, true,
                    new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, true, false, null, false, false));
            case "unrestricted-point" -> builder.addExtension(Extension.issuingDistributionPoint, true,
                    new org.bouncycastle.asn1.x509.IssuingDistributionPoint(null, false, false, null, false, false));
            default -> pointNamed(kind, builder);
        }
        return builder.build(new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm())
                .build(ca.privateKey())).getEncoded();
    }

    /** For a {@code kind} "point URL": an Issuing Distribution Point naming the distribution point URL. */
    private static void pointNamed(String kind, org.bouncycastle.cert.X509v2CRLBuilder builder) throws IOException {
        if (kind.startsWith("point ")) {
            builder.addExtension(Extension.issuingDistributionPoint, true, new org.bouncycastle.asn1.x509.IssuingDistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            kind.substring("point ".length())))), false, false));
        }
    }

    /**
     * attack25: the CRL address first answers the CA's list number 8, issued five minutes ago, which lists the
     * certificate (the first message: "revoked"); a second later (past the cache) someone on the plain-HTTP path
     * answers the CA's older list number 7, issued half an hour ago and still before its nextUpdate, which does not
     * list it. Before: the second message taken, HTTP 200 (the older list read alone). RFC 5280 5.2.3: the numbers of
     * one issuer's lists increase; ours: the newer list read before answers while it is current, "revoked" again,
     * SCE005, nothing stored. (Lists of end entities' certificates only: a scope of their own among this class's.)
     */
    @Test
    void anOlderCrlServedAfterANewerOneMakesNoRevokedCertificateGood() throws Exception {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/replayed");
        String address = "/replayed/crl/issuing" + gateway.pki().defaultAlgorithm().fileSuffix() + ".crl";
        Instant now = Instant.now();
        crls.put(address, crl("user-certificates-only", 8, sender.certificate().getSerialNumber(), now.minus(Duration.ofMinutes(5))));
        assertThat(refusedAgain(sender, "first")).containsIgnoringCase("revoked");
        crls.put(address, crl("user-certificates-only", 7, null, now.minus(Duration.ofMinutes(30))));
        Pause.sleep(CACHE.multipliedBy(2));
        assertThat(refusedAgain(sender, "replayed")).containsIgnoringCase("revoked");
    }

    /**
     * attack25: as above, but the newer list (number 8, listing the certificate) is valid for eight seconds only, and
     * the older one served after it (number 7, not listing it) for half an hour more. Once the newer is past its
     * nextUpdate it answers no more, and the older is not read in its place: "superseded", the status unavailable,
     * SCE005, nothing stored. (An Issuing Distribution Point restricting nothing: a scope of its own.)
     */
    @Test
    void anOlderCrlIsNotReadOnceTheNewerOneHasExpired() throws Exception {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/superseded");
        String address = "/superseded/crl/issuing" + gateway.pki().defaultAlgorithm().fileSuffix() + ".crl";
        Instant now = Instant.now();
        Instant newerEnds = now.plus(Duration.ofSeconds(8));
        crls.put(address, crl("unrestricted-point", 8, sender.certificate().getSerialNumber(), now.minus(Duration.ofMinutes(5)),
                newerEnds));
        assertThat(refusedAgain(sender, "first")).containsIgnoringCase("revoked");
        crls.put(address, crl("unrestricted-point", 7, null, now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(30))));
        Pause.sleep(Duration.between(Instant.now(), newerEnds.plus(CACHE)));
        assertThat(refusedAgain(sender, "replayed")).contains("unavailable", "superseded");
    }

    /**
     * attack25: OCSP with a responder that omits the nonce (RFC 6960 allows pre-produced answers, and the gateway takes
     * them). It first answers "revoked", produced a minute ago; a second later (past the cache) someone on the path
     * answers the responder's older "good" about the same certificate, produced half an hour ago and still before its
     * nextUpdate. Before: the second message taken, HTTP 200. Ours: an answer without the nonce older than one taken
     * about the certificate is not used while the newer one is current: "revoked" again, SCE005, nothing stored.
     */
    @Test
    void anOlderOcspAnswerWithoutTheNonceMakesNoRevokedCertificateGood() throws Exception {
        Instant now = Instant.now();
        KeyMaterial sender = revokedWithoutNonce(now);
        answer = withoutNonce(CertificateStatus.GOOD, now.minus(Duration.ofMinutes(30)));
        Pause.sleep(CACHE.multipliedBy(2));
        assertThat(refusedAgain(sender, "replayed")).containsIgnoringCase("revoked");
    }

    /**
     * attack25: as above, but the "revoked" answer is valid for eight seconds only and the older "good" for half an
     * hour more. Once the newer answer is past its nextUpdate it answers no more, and the older one is not taken in its
     * place ("a replayed answer is not used"; the CRL address 404): the status unavailable, SCE005, nothing stored.
     */
    @Test
    void anOlderOcspAnswerIsNotTakenOnceTheNewerOneHasExpired() throws Exception {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base());
        Instant now = Instant.now();
        Instant newerEnds = now.plus(Duration.ofSeconds(8));
        answer = withoutNonce(new RevokedStatus(Date.from(now.minus(Duration.ofMinutes(10))), CRLReason.keyCompromise),
                now.minus(Duration.ofMinutes(1)), newerEnds);
        assertThat(refusedAgain(sender, "first")).containsIgnoringCase("revoked");
        answer = withoutNonce(CertificateStatus.GOOD, now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(30)));
        Pause.sleep(Duration.between(Instant.now(), newerEnds.plus(CACHE)));
        assertThat(refusedAgain(sender, "replayed")).contains("unavailable", "a replayed answer is not used");
    }

    /**
     * revstate26: as attack25's CRL case, with the gateway restarted on its store between the lists. The newer list
     * (number 8, listing the certificate) is read ("revoked"); the gateway stops and starts again on the same data
     * directory; someone on the path then serves the older list (number 7, issued half an hour ago, still before its
     * nextUpdate, not listing the certificate). Before: HTTP 200, the newest list was kept in memory only. Now the
     * scope's cRLNumber and thisUpdate are kept in the store (V25): the older list is refused ("older than the one
     * already read", superseded), SCE005, nothing stored. (An Issuing Distribution Point naming the certificate's own
     * address: a scope of its own among this class's.)
     */
    @Test
    void anOlderCrlServedAfterARestartMakesNoRevokedCertificateGood() throws Exception {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/restarted");
        String address = crlPath("restarted");
        String scope = "point " + base() + address;
        Instant now = Instant.now();
        crls.put(address, crl(scope, 8, sender.certificate().getSerialNumber(), now.minus(Duration.ofMinutes(5))));
        assertThat(refusedAgain(sender, "first")).containsIgnoringCase("revoked");
        restartGateway();
        crls.put(address, crl(scope, 7, null, now.minus(Duration.ofMinutes(30))));
        assertThat(refusedAgain(sender, "replayed")).contains("unavailable", "older than", "superseded");
        // /health's probe of the CRL service, on the same store: the older list is not the service up
        RevocationProbe.Finding probed = new RevocationProbe(Duration.ofSeconds(5), Duration.ofMinutes(5),
                java.time.Clock.systemUTC(), gateway.assembly().revocationMarks())
                .crl(sender.certificate(), issuingCa().certificate());
        assertThat(probed.up()).as(probed.detail()).isFalse();
        assertThat(probed.detail()).contains("older than", "number 8");
    }

    /**
     * revstate26: as attack25's OCSP case, with the gateway restarted between the answers: the responder's "revoked"
     * without the nonce is taken, the gateway restarts on its store, and the older "good" about the same certificate
     * (produced half an hour ago, still before its nextUpdate, no nonce) is replayed. Before: HTTP 200. Now the
     * certificate's newest thisUpdate and producedAt are kept in the store (V25): the older answer is refused ("a
     * replayed answer is not used"; the CRL address 404), SCE005, nothing stored.
     */
    @Test
    void anOlderOcspAnswerReplayedAfterARestartMakesNoRevokedCertificateGood() throws Exception {
        Instant now = Instant.now();
        KeyMaterial sender = revokedWithoutNonce(now);
        restartGateway();
        answer = withoutNonce(CertificateStatus.GOOD, now.minus(Duration.ofMinutes(30)));
        assertThat(refusedAgain(sender, "replayed")).contains("unavailable", "a replayed answer is not used");
    }

    /**
     * trust27: a responder that echoes the nonce (as НУЦ's does when asked with one) answers "good", produced twenty
     * minutes ago, then, the certificate revoked, "revoked", produced a minute ago; the gateway restarts on its store;
     * someone on the path replays a "good" without the nonce (anyone may ask the responder without one) produced ten
     * minutes ago, between the two, still before its nextUpdate. An answer echoing the nonce is not itself replayable,
     * so its mark is no longer written on every fetch; it is written when the status changes (and the first time the
     * certificate is met since the start): the replay is older than the "revoked" answer's mark, refused ("a replayed
     * answer is not used"; the CRL address 404), SCE005, nothing stored. Marking nonce-echoing answers never would take
     * it (HTTP 200), as would marking only the first one.
     */
    @Test
    void anAnswerWithoutTheNonceOlderThanARevocationEchoingTheNonceIsRefusedAfterARestart() {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base());
        Instant now = Instant.now();
        answer = answering(CertificateStatus.GOOD, now.minus(Duration.ofMinutes(20)), now.plus(Duration.ofHours(1)), true);
        String messageId = "echoed-good-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender)),
                messageId);
        answer = answering(new RevokedStatus(Date.from(now.minus(Duration.ofMinutes(5))), CRLReason.keyCompromise),
                now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)), true);
        Pause.sleep(CACHE.multipliedBy(2));
        assertThat(refusedAgain(sender, "echoed-revoked")).containsIgnoringCase("revoked");
        restartGateway();
        answer = withoutNonce(CertificateStatus.GOOD, now.minus(Duration.ofMinutes(10)));
        assertThat(refusedAgain(sender, "replayed")).contains("unavailable", "a replayed answer is not used");
    }

    /**
     * A sender's certificate the responder answers "revoked" about without the nonce, produced a minute before
     * {@code now}: its first message refused, "revoked".
     */
    private static KeyMaterial revokedWithoutNonce(Instant now) {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base());
        answer = withoutNonce(new RevokedStatus(Date.from(now.minus(Duration.ofMinutes(10))), CRLReason.keyCompromise),
                now.minus(Duration.ofMinutes(1)));
        assertThat(refusedAgain(sender, "first")).containsIgnoringCase("revoked");
        return sender;
    }

    /** Stops the gateway and starts it again on the same store, ports and test PKI (nothing kept in memory survives). */
    private static void restartGateway() {
        gateway.stop();
        gateway.start();
    }

    /** A portal application signed with {@code sender}'s key: the SCE005 fault's text; nothing stored. */
    private static String refusedAgain(KeyMaterial sender, String which) {
        String messageId = which + "-replayed-" + UUID.randomUUID();
        RawSoap.Response refused = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender));
        String fault = ShepAnswers.assertFault(gateway, refused, ShepAnswers.SEND_MESSAGE_FAULT, "SCE005");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
        return fault;
    }

    /** {@code status} for the CertID asked, without a nonce, produced at {@code produced} (thisUpdate a minute before), for an hour. */
    private static Answer withoutNonce(CertificateStatus status, Instant produced) {
        return withoutNonce(status, produced, produced.plus(Duration.ofHours(1)));
    }

    /** As above, until {@code nextUpdate}. */
    private static Answer withoutNonce(CertificateStatus status, Instant produced, Instant nextUpdate) {
        return answering(status, produced, nextUpdate, false);
    }

    /** As above, echoing the request's nonce if {@code echo}. */
    private static Answer answering(CertificateStatus status, Instant produced, Instant nextUpdate, boolean echo) {
        return (asked, exchange) -> {
            KeyMaterial ca = issuingCa();
            BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(ca.certificate().getPublicKey(),
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
            builder.addResponse(asked.getRequestList()[0].getCertID(), status, Date.from(produced.minus(Duration.ofMinutes(1))),
                    Date.from(nextUpdate), null);
            if (echo) {
                builder.setResponseExtensions(new Extensions(asked.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)));
            }
            var basic = builder.build(new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm())
                    .build(ca.privateKey()), new X509CertificateHolder[] {new JcaX509CertificateHolder(ca.certificate())}, Date.from(produced));
            reply(exchange, new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
        };
    }

    /** The control: the honest answer, signed by the issuing CA for the serial and nonce asked, is taken. */
    @Test
    void theHonestAnswerMakesTheCertificateGood() throws Exception {
        answer = good(false, false, Duration.ofHours(1), null);
        String messageId = "honest-ocsp-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId),
                gateway.pki().issueWithRevocationAt("portal", base()))), messageId);
    }

    private static String base() {
        return "http://127.0.0.1:" + responder.getAddress().getPort();
    }

    private static SendMessage application(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    private static KeyMaterial issuingCa() {
        return KeyMaterial.fromPkcs12(gateway.pki().dir().resolve("issuing-ca"
                + gateway.pki().defaultAlgorithm().fileSuffix() + ".p12"), PKI_PASSWORD);
    }

    private static Answer bytes(String text) {
        return (asked, exchange) -> reply(exchange, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * "good" for the CertID asked (or the next serial), echoing its nonce (or another), valid until {@code nextUpdate}
     * from now, signed by {@code signer} (null: the issuing CA, whose certificate the answer carries).
     */
    private static Answer good(boolean otherSerial, boolean otherNonce, Duration nextUpdate, java.security.PrivateKey signer) {
        return good(otherSerial, otherNonce, nextUpdate, signer, Duration.ZERO, Duration.ZERO);
    }

    /** As above, its thisUpdate and producedAt moved {@code thisUpdateAhead} and {@code producedAhead} into the future. */
    private static Answer good(boolean otherSerial, boolean otherNonce, Duration nextUpdate, java.security.PrivateKey signer,
                               Duration thisUpdateAhead, Duration producedAhead) {
        return (asked, exchange) -> {
            KeyMaterial ca = issuingCa();
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            X509CertificateHolder caHolder = new JcaX509CertificateHolder(ca.certificate());
            CertificateID id = asked.getRequestList()[0].getCertID();
            CertificateID answered = otherSerial
                    ? new CertificateID(digests.get(new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256")), caHolder, id.getSerialNumber().add(BigInteger.ONE))
                    : id;
            BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(ca.certificate().getPublicKey(),
                    digests.get(CertificateID.HASH_SHA1));
            Instant now = Instant.now();
            builder.addResponse(answered, CertificateStatus.GOOD, Date.from(now.minus(Duration.ofMinutes(1)).plus(thisUpdateAhead)),
                    Date.from(now.plus(nextUpdate)), null);
            Extension nonce = asked.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            byte[] value = nonce.getExtnValue().getOctets().clone();
            value[value.length - 1] ^= otherNonce ? 1 : 0;
            builder.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, value)));
            java.security.PrivateKey key = signer == null ? ca.privateKey() : signer;
            var basic = builder.build(new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm())
                    .build(key), new X509CertificateHolder[] {caHolder}, Date.from(now.plus(producedAhead)));
            reply(exchange, new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
        };
    }

    /**
     * attack57: "good" for the CertID asked, the nonce echoed, valid an hour, signed by {@code responder}'s key with its
     * certificate carried in the answer (RFC 6960 4.2.2.2: where a delegated responder's certificate travels).
     */
    private static Answer signedByResponder(KeyMaterial responder) {
        return (asked, exchange) -> {
            Instant now = Instant.now();
            BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(responder.certificate().getPublicKey(),
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
            builder.addResponse(asked.getRequestList()[0].getCertID(), CertificateStatus.GOOD,
                    Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofHours(1))), null);
            builder.setResponseExtensions(new Extensions(asked.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)));
            String algorithm = responder.certificate().getPublicKey().getAlgorithm().equals("RSA")
                    ? "SHA256withRSA" : gateway.pki().defaultAlgorithm().signatureAlgorithm();
            var basic = builder.build(new JcaContentSignerBuilder(algorithm).build(responder.privateKey()),
                    new X509CertificateHolder[] {new JcaX509CertificateHolder(responder.certificate())}, Date.from(now));
            reply(exchange, new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded());
        };
    }

    /**
     * attack57: an OCSP responder certificate (extended key usage id-kp-OCSPSigning, an RSA key) issued and signed by
     * the test НУЦ's root, valid now: a real delegation, but by a CA that did not issue the certificates asked about.
     */
    private static KeyMaterial responderOfTheRoot() throws Exception {
        KeyMaterial root = KeyMaterial.fromPkcs12(gateway.pki().dir().resolve("root-ca"
                + gateway.pki().defaultAlgorithm().fileSuffix() + ".p12"), PKI_PASSWORD);
        var keys = kz.qaqpa.trust.MadeCertificates.keys();
        Instant now = Instant.now();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(root.certificate(),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), new javax.security.auth.x500.X500Principal("CN=NUC ROOT OCSP, C=KZ"),
                keys.getPublic());
        builder.addExtension(Extension.extendedKeyUsage, true,
                new org.bouncycastle.asn1.x509.ExtendedKeyUsage(org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_OCSPSigning));
        var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm()).build(root.privateKey())));
        return new KeyMaterial(keys.getPrivate(), certificate, java.util.List.of(certificate, root.certificate()));
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }
}
