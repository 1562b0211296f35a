package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import kz.qaqpa.MovableClock;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CertificateValidatorTest {
    private static final FaultCode CODE = FaultCode.DOCUMENT_CERTIFICATE_NOT_VALID;

    @Test
    void validSigningCertificateIsAcceptedWithRevocationCheck() {
        CertificateValidator validator = SharedTestPki.validator();
        assertThatCode(() -> validator.validate(SharedTestPki.key("citizen-aigerim").certificate(), Purpose.DOCUMENT, true, CODE))
                .doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(SharedTestPki.key("gateway").certificate(), Purpose.SIGN, true,
                FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID)).doesNotThrowAnyException();
    }

    /**
     * purpose68 (review68 finding 2): a TLS server's certificate, serverAuth alone or with clientAuth (the commonest
     * server profile), signs no message; clientAuth alone is a system's authentication and signs its transport, and the
     * НУЦ's organisation usage beside both is a certificate issued for signing. Before: serverAuth with clientAuth was
     * taken, clientAuth not being a service's purpose.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"1.3.6.1.5.5.7.3.1, true", "1.3.6.1.5.5.7.3.1 1.3.6.1.5.5.7.3.2, true",
            "1.3.6.1.5.5.7.3.2 1.3.6.1.5.5.7.3.1, true", "1.3.6.1.5.5.7.3.2, false",
            "1.2.398.3.3.4.1.2 1.3.6.1.5.5.7.3.1 1.3.6.1.5.5.7.3.2, false"})
    void aTlsServersCertificateSignsNoMessage(String usages, boolean refused) {
        X509Certificate cert = SharedTestPki.pki().issueWithExtendedKeyUsages("portal", usages.split(" ")).certificate();
        var validation = assertThatCode(() -> SharedTestPki.validator().validate(cert, Purpose.SIGN, false,
                FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID));
        var usable = assertThatCode(() -> CertificateValidator.requireUsable(cert, Purpose.SIGN,
                FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID));
        if (refused) {
            validation.isInstanceOf(ShepException.class).hasMessageContaining("was issued for another purpose");
            usable.isInstanceOf(ShepException.class).hasMessageContaining("was issued for another purpose");
        } else {
            validation.doesNotThrowAnyException();
            usable.doesNotThrowAnyException();
        }
    }

    @Test
    void aCertificateAcceptedBeforeIsRefusedOnceItHasExpired() {
        java.security.cert.X509Certificate cert = SharedTestPki.key("citizen-aigerim").certificate();
        MovableClock clock = new MovableClock(java.time.Instant.now());
        CertificateValidator validator = new CertificateValidator(java.util.Set.of(SharedTestPki.pki().root()),
                java.util.List.of(SharedTestPki.pki().issuing()), SharedTestPki.revocation(null, null), clock,
                SignaturePolicy.DEFAULT);
        // the second time the path comes from the validator's cache
        for (int i = 0; i < 2; i++) {
            assertThatCode(() -> validator.validate(cert, Purpose.DOCUMENT, false, CODE)).doesNotThrowAnyException();
        }
        clock.set(cert.getNotAfter().toInstant().plusSeconds(1));
        assertThatThrownBy(() -> validator.validate(cert, Purpose.DOCUMENT, false, CODE))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                .hasMessageContaining("expired");
    }

    /**
     * gost55: a configured root that has expired (here a copy of the test НУЦ's root, its key and name, whose dates are
     * past) vouches for nothing; the JDK's PKIX builder does not look at an anchor's dates. Accepted on the code before.
     */
    @Test
    void aSignerWhoseTrustedRootHasExpiredIsRefused() {
        java.time.Instant now = java.time.Instant.now();
        X509Certificate expired = SharedTestPki.pki().rootValid(KeyAlgorithm.RSA, now.minus(Duration.ofDays(3650)),
                now.minus(Duration.ofDays(1)));
        CertificateValidator validator = new CertificateValidator(java.util.Set.of(expired), SharedTestPki.pki().issuingCas(),
                null, java.time.Clock.systemUTC(), SignaturePolicy.DEFAULT);

        assertThatThrownBy(() -> validator.validate(SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.RSA).certificate(),
                Purpose.DOCUMENT, false, CODE))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                .hasMessageContaining("chains to the trusted root CN=" + TestPki.ROOT_NAME)
                .hasMessageContaining("which expired");
    }

    /**
     * gost55: the root's validity is judged by the validator's clock on every use, as the CA certificates' are: a path
     * cached while the root was valid is refused once the clock passes the root's end.
     */
    @Test
    void aPathCachedWhileItsRootWasValidIsRefusedOnceTheRootHasExpired() {
        MovableClock clock = new MovableClock(java.time.Instant.now());
        X509Certificate root = SharedTestPki.pki().rootValid(KeyAlgorithm.RSA, clock.instant().minus(Duration.ofDays(1)),
                clock.instant().plus(Duration.ofHours(1)));
        CertificateValidator validator = new CertificateValidator(java.util.Set.of(root), SharedTestPki.pki().issuingCas(),
                null, clock, SignaturePolicy.DEFAULT);
        X509Certificate cert = SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.RSA).certificate();
        for (int i = 0; i < 2; i++) {
            assertThatCode(() -> validator.validate(cert, Purpose.DOCUMENT, false, CODE)).doesNotThrowAnyException();
        }
        clock.set(root.getNotAfter().toInstant().plusSeconds(1));
        assertThatThrownBy(() -> validator.validate(cert, Purpose.DOCUMENT, false, CODE))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                .hasMessageContaining("which expired");
    }

    /** gost55: a renewed root configured beside its expired copy (НУЦ РК renewing its root): the valid one serves. */
    @Test
    void aRenewedRootServesBesideItsExpiredCopy() {
        java.time.Instant now = java.time.Instant.now();
        X509Certificate expired = SharedTestPki.pki().rootValid(KeyAlgorithm.RSA, now.minus(Duration.ofDays(3650)),
                now.minus(Duration.ofDays(1)));
        CertificateValidator validator = new CertificateValidator(java.util.Set.of(expired, SharedTestPki.pki().root(KeyAlgorithm.RSA)),
                SharedTestPki.pki().issuingCas(), null, java.time.Clock.systemUTC(), SignaturePolicy.DEFAULT);

        assertThatCode(() -> validator.validate(SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.RSA).certificate(),
                Purpose.DOCUMENT, false, CODE)).doesNotThrowAnyException();
    }

    @Test
    void expiredCertificateIsRefused() {
        assertRefused(SharedTestPki.validator(), "citizen-expired", Purpose.DOCUMENT, false)
                .hasMessageContaining("CN=KASYMOVA SAULE").hasMessageContaining("expired");
    }

    @Test
    void revokedCertificateIsRefusedViaOcsp() {
        RevocationChecker ocspOnly = SharedTestPki.revocation(null, SharedTestPki.NOTHING_LISTENS);
        assertRefused(SharedTestPki.validator(ocspOnly), "citizen-revoked", Purpose.DOCUMENT, true)
                .hasMessageContaining("CN=ORAZOV MARAT").hasMessageContaining("revoked at").hasMessageContaining("OCSP");
    }

    @Test
    void revokedCertificateIsRefusedViaCrlWhenOcspIsDown() {
        RevocationChecker crlOnly = SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS, null);
        assertRefused(SharedTestPki.validator(crlOnly), "employee-revoked", Purpose.SIGN, true)
                .hasMessageContaining("revoked at").hasMessageContaining("CRL");
        assertThatCode(() -> SharedTestPki.validator(crlOnly).validate(
                SharedTestPki.key("citizen-bolat").certificate(), Purpose.DOCUMENT, true, CODE)).doesNotThrowAnyException();
    }

    @Test
    void unreachableOcspAndCrlFailClosed() {
        RevocationChecker nothing = SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS,
                SharedTestPki.NOTHING_LISTENS);
        assertRefused(SharedTestPki.validator(nothing), "citizen-dana", Purpose.DOCUMENT, true)
                .hasMessageContaining("revocation status").hasMessageContaining("unavailable");
    }

    @Test
    void certificateFromAnUntrustedCaIsRefused() {
        assertRefused(SharedTestPki.validator(), "untrusted", Purpose.SIGN, false)
                .hasMessageContaining("not issued by a trusted CA");
    }

    @Test
    void authenticationCertificateCannotSignDocuments() {
        assertRefused(SharedTestPki.validator(), "citizen-authonly", Purpose.DOCUMENT, false)
                .hasMessageContaining("wrong key usage").hasMessageContaining("nonRepudiation");
        assertThatCode(() -> SharedTestPki.validator().validate(SharedTestPki.key("citizen-authonly").certificate(),
                Purpose.SIGN, false, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID)).doesNotThrowAnyException();
    }

    /** Whatever the purpose (transport, application, provider result): weak keys and SHA-1 certificates are SCE012. */
    @Test
    void weakKeysAndSha1CertificatesAreNotAllowed() {
        CertificateValidator validator = SharedTestPki.validator();
        for (var weak : java.util.List.of(SharedTestPki.pki().issueVariant("employee-zhao", 1024, "SHA256withRSA"),
                SharedTestPki.pki().issueVariant("employee-zhao", 2048, "SHA1withRSA"))) {
            assertThatThrownBy(() -> validator.validate(weak.certificate(), Purpose.DOCUMENT, false, CODE))
                    .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.ALGORITHM_NOT_ALLOWED));
        }
    }

    @Test
    void revocationCheckerCachesDefinitiveAnswers() {
        RevocationChecker checker = SharedTestPki.revocation(null, null);
        var cert = SharedTestPki.key("citizen-revoked").certificate();
        RevocationStatus first = checker.check(cert, SharedTestPki.pki().issuing());
        assertThat(first.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(first.revokedAt()).isEqualTo(SharedTestPki.pki().revocationTime(cert.getSerialNumber()).orElseThrow());
        assertThat(checker.check(cert, SharedTestPki.pki().issuing())).isSameAs(first);
    }

    /**
     * At most qaqpa.trust.revocation-cache-size certificates' answers are kept: a signer checked often keeps its answer
     * while one-off signers beyond the bound pass through, the least used leaving first. Whatever the cache holds, the
     * clock decides freshness: past the TTL an answer is asked again.
     */
    @Test
    void revocationAnswersBeyondTheCacheSizeLeaveLeastUsedFirstAndTheClockDecidesFreshness() {
        MovableClock clock = new MovableClock(java.time.Instant.now());
        RevocationChecker checker = new RevocationChecker(Duration.ofMinutes(5), 2, Duration.ofSeconds(2), null, null,
                Duration.ofMinutes(5), clock);
        RevocationStatus often = status(checker, "citizen-aigerim");
        for (int i = 0; i < 5; i++) {
            assertThat(status(checker, "citizen-aigerim")).isSameAs(often);
        }
        java.util.List<String> once = java.util.List.of("citizen-bolat", "citizen-dana", "citizen-erlan",
                "citizen-zhanna", "citizen-isayev");
        java.util.Map<String, RevocationStatus> first = new java.util.HashMap<>();
        once.forEach(alias -> first.put(alias, status(checker, alias)));

        assertThat(status(checker, "citizen-aigerim")).as("the signer checked often").isSameAs(often);
        assertThat(once.stream().filter(alias -> status(checker, alias) == first.get(alias)))
                .as("one-off answers still kept beside the often-checked one, with room for two").hasSizeLessThan(2);

        clock.move(Duration.ofMinutes(5));
        RevocationStatus asked = status(checker, "citizen-aigerim");
        assertThat(asked).as("asked again once the clock passed the TTL").isNotSameAs(often);
        assertThat(asked.state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    /**
     * carev26, ours: a CA certificate of the path naming no OCSP responder and no CRL (an issuing CA of a test PKI made
     * before session 37; НУЦ РК's name the root's CRL) is not asked about: a certificate it issued, good itself (its CRL
     * served here), is accepted as before. The same CA naming a CRL where nothing listens is asked: unavailable.
     */
    @Test
    void aCaCertificateIsAskedAboutOnlyWhenItNamesARevocationService() throws Exception {
        KeyMaterial root = KeyMaterial.fromPkcs12(SharedTestPki.pki().dir().resolve("root-ca.p12"), SharedTestPki.PASSWORD);
        KeyPair caKeys = rsaKeys();
        HttpServer crls = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try {
            X509Certificate unpointed = caCertificate("OLD ISSUING CA TEST", caKeys, root, null);
            X509Certificate pointed = caCertificate("OLD ISSUING CA TEST", caKeys, root, SharedTestPki.NOTHING_LISTENS + "/root.crl");
            KeyPair signerKeys = rsaKeys();
            X509Certificate signer = certificate(unpointed, new X500Name("CN=OLD CA SIGNER TEST"), signerKeys.getPublic(),
                    caKeys.getPrivate(), false, null);
            byte[] emptyCrl = new X509v2CRLBuilder(new X500Name("CN=OLD ISSUING CA TEST"), new Date())
                    .setNextUpdate(Date.from(java.time.Instant.now().plus(Duration.ofHours(1))))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())).getEncoded();
            crls.createContext("/old.crl", exchange -> {
                try (exchange) {
                    exchange.sendResponseHeaders(200, emptyCrl.length);
                    exchange.getResponseBody().write(emptyCrl);
                }
            });
            crls.start();
            RevocationChecker signersCrl = SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS,
                    java.net.URI.create("http://127.0.0.1:" + crls.getAddress().getPort() + "/old.crl"));

            assertThatCode(() -> validator(unpointed, signersCrl).validate(signer, Purpose.DOCUMENT, true, CODE))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> validator(pointed, signersCrl).validate(signer, Purpose.DOCUMENT, true, CODE))
                    .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                    .hasMessageContaining("revocation status of the CA certificate of CN=OLD ISSUING CA TEST")
                    .hasMessageContaining("unavailable");
        } finally {
            crls.stop(0);
        }
    }

    /**
     * trust27: two trusted CAs of one name (a re-keyed НУЦ CA keeps its name). The issuing CA revoked a certificate; a
     * re-keyed CA of the same name issued one with the same serial, good. Asked first about the good one, the checker
     * kept its answer by issuer name and serial and answered the revoked one from it: accepted. Now an answer is kept
     * by the issuer's key and serial: the revoked certificate is refused (OCSP over HTTP, the test НУЦ's responder).
     */
    @Test
    void aRevokedCertificateIsNotAnsweredFromTheStatusOfTheSameSerialUnderAnotherCaOfItsName() {
        TestPki pki = SharedTestPki.pki();
        theRevokedIsRefusedAfterTheGoodOfItsSerialUnder(pki.issueRekeyedIssuingCa(pki.defaultAlgorithm()));
    }

    /**
     * trust28: a CA renamed with its key kept (a second CA certificate of the issuing CA's key under another name) issued
     * a certificate with the serial of one the issuing CA revoked, good. Asked first about the good one, the checker
     * kept its answer by issuer key and serial only and answered the revoked one from it: accepted. Now a cached answer
     * is kept by issuer name, key and serial (as OCSP's CertID names it): the revoked certificate is refused.
     */
    @Test
    void aRevokedCertificateIsNotAnsweredFromTheStatusOfTheSameSerialUnderACaOfItsKeyRenamed() {
        TestPki pki = SharedTestPki.pki();
        theRevokedIsRefusedAfterTheGoodOfItsSerialUnder(pki.issueRenamedIssuingCa(pki.defaultAlgorithm()));
    }

    /**
     * {@code ca} issues a certificate with the serial of one the issuing CA revoked: validated first, it is good; the
     * revoked one then is refused ("was revoked at", OCSP).
     */
    private static void theRevokedIsRefusedAfterTheGoodOfItsSerialUnder(KeyMaterial ca) {
        X509Certificate revoked = SharedTestPki.pki().key("citizen-revoked").certificate();
        X509Certificate good = SharedTestPki.pki().issueBy(ca, "citizen-revoked", revoked.getSerialNumber()).certificate();
        CertificateValidator validator = withIntermediate(ca, SharedTestPki.revocation(null, null));

        assertThatCode(() -> validator.validate(good, Purpose.DOCUMENT, true, CODE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> validator.validate(revoked, Purpose.DOCUMENT, true, CODE))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                .hasMessageContaining("was revoked at").hasMessageContaining("OCSP");
    }

    /**
     * trust27: as above with OCSP down and one CRL address for both CAs (a mirror, the checker's CRL override). The
     * address serves the re-keyed CA's list, which lists nothing: its certificate is good. Then it serves the issuing
     * CA's list, which lists the revoked serial. Before: the list kept for the address was taken for the other CA by its
     * name (its signature checked with the other key only when read): the revoked certificate good. Now a kept list
     * answers only for the key that signed it: the issuing CA's list is read, "revoked".
     */
    @Test
    void aCrlKeptForOneCaIsNotTakenForAnotherCaOfItsName() throws Exception {
        TestPki pki = SharedTestPki.pki();
        KeyAlgorithm family = pki.defaultAlgorithm();
        KeyMaterial rekeyed = pki.issueRekeyedIssuingCa(family);
        X509Certificate revoked = pki.key("employee-revoked").certificate();
        X509Certificate good = pki.issueBy(rekeyed, "employee-revoked", revoked.getSerialNumber()).certificate();
        java.util.concurrent.atomic.AtomicReference<byte[]> served = new java.util.concurrent.atomic.AtomicReference<>(
                new X509v2CRLBuilder(X500Name.getInstance(rekeyed.certificate().getSubjectX500Principal().getEncoded()),
                        Date.from(java.time.Instant.now().minus(Duration.ofMinutes(1))))
                        .setNextUpdate(Date.from(java.time.Instant.now().plus(Duration.ofHours(1))))
                        .build(new JcaContentSignerBuilder(family.signatureAlgorithm()).build(rekeyed.privateKey()))
                        .getEncoded());
        HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/issuing.crl", exchange -> {
            try (exchange) {
                byte[] crl = served.get();
                exchange.sendResponseHeaders(200, crl.length);
                exchange.getResponseBody().write(crl);
            }
        });
        mirror.start();
        try {
            CertificateValidator validator = withIntermediate(rekeyed, SharedTestPki.revocation(SharedTestPki.NOTHING_LISTENS,
                    java.net.URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/issuing.crl")));
            assertThatCode(() -> validator.validate(good, Purpose.SIGN, true, CODE)).doesNotThrowAnyException();
            served.set(pki.crl().getEncoded());
            assertThatThrownBy(() -> validator.validate(revoked, Purpose.SIGN, true, CODE))
                    .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                    .hasMessageContaining("was revoked at").hasMessageContaining("CRL");
        } finally {
            mirror.stop(0);
        }
    }

    /**
     * trust28: an OCSP answer signed by a delegated responder certificate (id-kp-OCSPSigning, issued by the issuing CA)
     * whose term is judged by the gateway's clock, as every other time of the check. The gateway's clock two hours ahead
     * of the machine's (the responder's answers dated by it): a responder certificate valid by the machine's time but
     * ended by the gateway's is not trusted, the status unavailable, the certificate refused (fail closed). Before: its
     * term was judged by the machine's time, the answer trusted, accepted. One valid by both is trusted (the delegated
     * path works): accepted.
     */
    @Test
    void aDelegatedOcspResponderCertificateIsJudgedByTheGatewaysClock() throws Exception {
        TestPki pki = SharedTestPki.pki();
        KeyAlgorithm family = pki.defaultAlgorithm();
        java.time.Instant machine = java.time.Instant.now();
        java.time.Clock gateway = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(2));
        X509Certificate signer = pki.key("citizen-aigerim").certificate();

        assertThatThrownBy(() -> withDelegatedResponder(pki.delegatedOcspResponder(family, machine.minus(Duration.ofDays(1)),
                machine.plus(Duration.ofHours(1)), gateway), gateway).validate(signer, Purpose.DOCUMENT, true, CODE))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(CODE))
                .hasMessageContaining("unavailable").hasMessageContaining("is not signed by the issuer");
        assertThatCode(() -> withDelegatedResponder(pki.delegatedOcspResponder(family, machine.minus(Duration.ofDays(1)),
                machine.plus(Duration.ofDays(30)), gateway), gateway).validate(signer, Purpose.DOCUMENT, true, CODE))
                .doesNotThrowAnyException();
    }

    /**
     * A validator on {@code clock} whose checker asks {@code responder}, served over HTTP here, for an end entity's
     * status (no CRL answers).
     */
    private static CertificateValidator withDelegatedResponder(java.util.function.UnaryOperator<byte[]> responder,
                                                               java.time.Clock clock) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ocsp", exchange -> {
            try (exchange) {
                byte[] answer = responder.apply(exchange.getRequestBody().readAllBytes());
                exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        STOP_AFTER_TEST.add(server);
        RevocationChecker revocation = new RevocationChecker(Duration.ofMinutes(5), 100, Duration.ofSeconds(2),
                java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp"),
                SharedTestPki.NOTHING_LISTENS, SignaturePolicy.DEFAULT.clockSkew(), clock);
        return new CertificateValidator(SharedTestPki.pki().roots(), SharedTestPki.pki().issuingCas(), revocation, clock,
                SignaturePolicy.DEFAULT);
    }

    /** The responders {@link #withDelegatedResponder} started. */
    private static final java.util.List<HttpServer> STOP_AFTER_TEST = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopResponders() {
        STOP_AFTER_TEST.forEach(server -> server.stop(0));
        STOP_AFTER_TEST.clear();
    }

    /** A validator trusting the test НУЦ's roots and issuing CAs, and {@code ca} (of the same name as one of them). */
    private static CertificateValidator withIntermediate(KeyMaterial ca, RevocationChecker revocation) {
        java.util.List<X509Certificate> intermediates = new java.util.ArrayList<>(SharedTestPki.pki().issuingCas());
        intermediates.add(ca.certificate());
        return new CertificateValidator(SharedTestPki.pki().roots(), intermediates, revocation, java.time.Clock.systemUTC(),
                SignaturePolicy.DEFAULT);
    }

    private static CertificateValidator validator(X509Certificate intermediate, RevocationChecker revocation) {
        return new CertificateValidator(SharedTestPki.pki().roots(), java.util.List.of(intermediate), revocation,
                java.time.Clock.systemUTC(), SignaturePolicy.DEFAULT);
    }

    /** A CA certificate under the test RSA root, naming {@code crlUrl} (null: no CRL Distribution Points). */
    private static X509Certificate caCertificate(String commonName, KeyPair keys, KeyMaterial root, String crlUrl)
            throws Exception {
        return certificate(root.certificate(), new X500Name("CN=" + commonName), keys.getPublic(), root.privateKey(), true,
                crlUrl);
    }

    private static X509Certificate certificate(X509Certificate issuer, X500Name subject, PublicKey key, PrivateKey issuerKey,
                                               boolean ca, String crlUrl) throws Exception {
        java.time.Instant now = java.time.Instant.now();
        var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        if (crlUrl != null) {
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl))), null, null)}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static KeyPair rsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static RevocationStatus status(RevocationChecker checker, String alias) {
        return checker.check(SharedTestPki.key(alias).certificate(), SharedTestPki.pki().issuing());
    }


    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(CertificateValidator validator, String alias,
                                                                               Purpose purpose, boolean revocation) {
        var thrown = assertThatThrownBy(() -> validator.validate(SharedTestPki.key(alias).certificate(), purpose, revocation, CODE))
                .isInstanceOf(ShepException.class);
        thrown.extracting(e -> ((ShepException) e).code()).isEqualTo(CODE);
        return thrown;
    }
}
