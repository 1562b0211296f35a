package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.PkiSubject;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.MadeCertificates;
import kz.qaqpa.trust.WsNames;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * attack57: what a forger would try with the signer's certificate, over real HTTP with certificates the test НУЦ's
 * issuing CA really signs (or that a sender's own key signs): a critical extension nobody knows, a key usage that names
 * no signing, a certificate issued by an end entity, and a revocation answer believed past its own nextUpdate. Each
 * refused with its ШЭП code (SCE005 for the transport certificate, SCE015 for the document's), nothing stored; the
 * controls show the same kind of certificate accepted when the one thing tried is left out.
 */
class ForgedSignerCertificateTest {
    /** An OID no one defines (under the Kazakh arc, ours): what the extension says cannot be known. */
    private static final ASN1ObjectIdentifier UNKNOWN_EXTENSION = new ASN1ObjectIdentifier("1.2.398.3.3.99.57");

    /** The portal's БИН, ГБД ФЛ's, a portal employee's ИИН and another person's (mocks/data/pki-subjects.csv). */
    private static final String PORTAL_BIN = "041040008807";
    private static final String OTHER_BIN = "050740006607";
    private static final String EMPLOYEE_IIN = "750618409005";
    private static final String OTHER_IIN = "881122303409";
    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    /** Longer than the revocation answers' own validity below, so only their nextUpdate can end their use. */
    private static final Duration CACHE = Duration.ofMinutes(1);
    /** The answers' validity: a responder (or a CA) giving a short nextUpdate. */
    private static final Duration ANSWER_VALID = Duration.ofSeconds(4);

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.trust.revocation-cache", CACHE.toString());

    static HttpServer responder;
    /** Whether the responder says "revoked" (else "good") about every certificate asked. */
    static volatile boolean revoked;
    /** The CRLs the responder serves, by path; /ocsp under a path answers OCSP, anything else 404. */
    static final Map<String, byte[]> crls = new ConcurrentHashMap<>();
    /** Requests that reached the addresses named in certificates no trusted CA issued. */
    static final java.util.concurrent.atomic.AtomicInteger strangersCalls = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        responder.createContext("/ocsp/", RevocationResponder.ocsp((asked, exchange) -> reply(exchange, ocspAnswer(asked))));
        responder.createContext("/", RevocationResponder.crls(crls));
        responder.createContext("/stranger/", exchange -> {
            strangersCalls.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        responder.start();
    }

    @AfterAll
    static void stop() {
        if (responder != null) {
            responder.stop(0);
        }
    }

    // ------------------------------------------------------------------ extensions and key usage

    /**
     * RFC 5280 4.2: a certificate-using system MUST reject a certificate with a critical extension it does not
     * recognise (its issuer made the extension a condition of its use). The transport certificate: SCE005.
     */
    @Test
    void aTransportCertificateWithACriticalExtensionNobodyKnowsIsRefused() {
        KeyMaterial sender = gateway.pki().issueEdited("portal", b -> b.addExtension(UNKNOWN_EXTENSION, true,
                new DERUTF8String("only for the bearer's own use")));
        String messageId = "critical-extension-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), sender), "PORTAL", messageId, "SCE005"))
                .contains(UNKNOWN_EXTENSION.getId());
    }

    /** The same for the citizen's document: SCE015. */
    @Test
    void aDocumentCertificateWithACriticalExtensionNobodyKnowsIsRefused() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial citizen = gateway.pki().issueEdited(sample.signerAlias(), b -> b.addExtension(UNKNOWN_EXTENSION, true,
                new DERUTF8String("only for the bearer's own use")));
        String messageId = "critical-extension-document-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(GatewayHarness.signed(sample, citizen), messageId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", messageId, "SCE015"))
                .contains(UNKNOWN_EXTENSION.getId());
    }

    /** The control: the same extension, not critical, is ignored as RFC 5280 allows; the application is accepted. */
    @Test
    void theSameExtensionNotCriticalIsIgnored() {
        KeyMaterial sender = gateway.pki().issueEdited("portal", b -> b.addExtension(UNKNOWN_EXTENSION, false,
                new DERUTF8String("only for the bearer's own use")));
        String messageId = "non-critical-extension-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender)),
                messageId);
    }

    /**
     * A transport certificate whose key usage names neither digitalSignature nor nonRepudiation (encipherment only;
     * certificate and CRL signing on an end entity), or that has no key usage at all (ours: the НУЦ always writes one):
     * SCE005 "wrong key usage".
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"keyEncipherment", "keyCertSign", "none"})
    void aTransportCertificateWithoutASigningKeyUsageIsRefused(String usage) {
        KeyMaterial sender = gateway.pki().issueEdited("portal", b -> {
            switch (usage) {
                case "keyEncipherment" -> b.replaceExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment));
                case "keyCertSign" -> b.replaceExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                default -> b.removeExtension(Extension.keyUsage);
            }
        });
        String messageId = "key-usage-" + usage + "-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), sender), "PORTAL", messageId, "SCE005"))
                .contains("wrong key usage");
    }

    /**
     * attack67, RFC 5280 4.2.1.12: "if the extension is present, then the certificate MUST only be used for one of the
     * purposes indicated". The portal's certificate (its БИН, a signing key usage), really issued by the НУЦ's issuing
     * CA, whose extended key usages name only a purpose that is not signing messages or documents: a TLS server's, a
     * code signer's, a time-stamping authority's (critical, as RFC 3161 2.3 has it), an OCSP responder's. Such a key
     * lives where its purpose needs it (a web server, a build machine, the НУЦ's own services); used to sign the
     * portal's message it is refused, SCE005 naming the usages, nothing stored.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serverAuth", "codeSigning", "timeStamping", "OCSPSigning", "serverAuth+OCSPSigning",
            "serverAuth+clientAuth", "clientAuth+codeSigning"})
    void aTransportCertificateIssuedForAnotherPurposeIsRefused(String purposes) {
        KeyMaterial sender = gateway.pki().issueEdited("portal", b -> b.replaceExtension(Extension.extendedKeyUsage,
                purposes.equals("timeStamping"), new ExtendedKeyUsage(purposeIds(purposes))));
        String messageId = "extended-key-usage-" + purposes + "-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), sender), "PORTAL", messageId, "SCE005"))
                .contains("extended key usage names only " + purposes.replace("+", ", "));
    }

    /**
     * The same for the citizen's document (nonRepudiation, the individual's usage gone): SCE015. A TLS client's key
     * (clientAuth only) too: logging in is not signing a document (a system's transport signature, its authentication,
     * takes it: the control below).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"timeStamping", "clientAuth"})
    void aDocumentCertificateIssuedForAnotherPurposeIsRefused(String purposes) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial citizen = gateway.pki().issueEdited(sample.signerAlias(), b -> b.replaceExtension(
                Extension.extendedKeyUsage, purposes.equals("timeStamping"), new ExtendedKeyUsage(purposeIds(purposes))));
        String messageId = "extended-key-usage-document-" + purposes + "-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(GatewayHarness.signed(sample, citizen), messageId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", messageId, "SCE015"))
                .contains("extended key usage names only " + purposes);
    }

    /**
     * The controls: a purpose of signing among the others (the НУЦ's organisation usage beside serverAuth; RFC 5280's
     * anyExtendedKeyUsage; emailProtection, what the НУЦ's signing certificates name) is one the certificate may be
     * used for; a system's key for TLS client authentication signs its transport (its authentication): accepted.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"organisation+serverAuth", "organisation+serverAuth+clientAuth", "anyExtendedKeyUsage",
            "emailProtection", "clientAuth", "clientAuth+emailProtection"})
    void aCertificateWhoseUsagesAllowSigningIsTaken(String purposes) {
        KeyMaterial sender = gateway.pki().issueEdited("portal", b -> b.replaceExtension(Extension.extendedKeyUsage,
                false, new ExtendedKeyUsage(purposeIds(purposes))));
        String messageId = "extended-key-usage-taken-" + purposes + "-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender)),
                messageId);
    }

    /** The purposes named in {@code names}, joined by '+'. */
    private static KeyPurposeId[] purposeIds(String names) {
        return java.util.Arrays.stream(names.split("\\+")).map(name -> switch (name) {
            case "serverAuth" -> KeyPurposeId.id_kp_serverAuth;
            case "clientAuth" -> KeyPurposeId.id_kp_clientAuth;
            case "codeSigning" -> KeyPurposeId.id_kp_codeSigning;
            case "timeStamping" -> KeyPurposeId.id_kp_timeStamping;
            case "OCSPSigning" -> KeyPurposeId.id_kp_OCSPSigning;
            case "emailProtection" -> KeyPurposeId.id_kp_emailProtection;
            case "anyExtendedKeyUsage" -> KeyPurposeId.anyExtendedKeyUsage;
            case "organisation" -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(PkiSubject.ORGANISATION));
            default -> throw new IllegalArgumentException(name);
        }).toArray(KeyPurposeId[]::new);
    }

    // ------------------------------------------------------------------ algorithms

    /**
     * A GOST R 34.10-2015 key's signature labelled rsa-sha256 (the RSA URI over a ГОСТ key), in the transport and in
     * the citizen's document: refused as invalid, SCE006 / SCE016, in words, never an internal error.
     */
    @Test
    void aGostKeyUnderTheRsaUriIsRefused() {
        String messageId = "gost-under-rsa-" + UUID.randomUUID();
        org.w3c.dom.Document envelope = RawSoap.signed(application(messageId), gateway.pki().key("portal", KeyAlgorithm.GOST));
        relabel(envelope.getDocumentElement());
        assertThat(refused(envelope, "PORTAL", messageId, "SCE006")).contains("does not fit");

        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = GatewayHarness.signed(sample, gateway.pki().key(sample.signerAlias(), KeyAlgorithm.GOST));
        relabel(signed);
        String documentId = "gost-under-rsa-document-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(signed, documentId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", documentId, "SCE016"))
                .doesNotContain("Exception");
    }

    /** The first ds:SignatureMethod under {@code root} says rsa-sha256. */
    private static void relabel(Element root) {
        ((Element) root.getElementsByTagNameNS(WsNames.DS, "SignatureMethod").item(0)).setAttribute("Algorithm",
                WsNames.RSA_SHA256);
    }

    // ------------------------------------------------------------------ chains

    /**
     * The portal's own (real, trusted) certificate and key used as a CA: a certificate in the portal's very name (its
     * БИН, so the sender would be authenticated) issued and signed by the portal's key. The portal's certificate is
     * an end entity (basicConstraints cA false, no keyCertSign): nothing it signs chains to the НУЦ. SCE005, "not
     * issued by a trusted CA"; the same for a citizen's document whose certificate the citizen's own key issued
     * (SCE015).
     */
    @Test
    void aCertificateIssuedByAnEndEntityIsRefused() {
        KeyMaterial portal = gateway.pki().key("portal", KeyAlgorithm.RSA);
        KeyMaterial forged = issuedBy(portal);
        String messageId = "end-entity-issuer-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), forged), "PORTAL", messageId, "SCE005"))
                .contains("not issued by a trusted CA");

        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial citizen = issuedBy(gateway.pki().key(sample.signerAlias(), KeyAlgorithm.RSA));
        String documentId = "end-entity-issuer-document-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(GatewayHarness.signed(sample, citizen), documentId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", documentId, "SCE015"))
                .contains("not issued by a trusted CA");
    }

    /** A certificate in {@code issuer}'s own name, of a new RSA key, issued and signed by {@code issuer}'s key. */
    private static KeyMaterial issuedBy(KeyMaterial issuer) {
        var keys = MadeCertificates.keys();
        var cert = MadeCertificates.certificate(issuer.certificate().getSubjectX500Principal(), keys.getPublic(),
                issuer.certificate().getSubjectX500Principal(), issuer.privateKey(), false);
        return new KeyMaterial(keys.getPrivate(), cert, java.util.List.of(cert, issuer.certificate()));
    }

    // ------------------------------------------------------------------ names (attack69)

    /**
     * attack69: the ИИН of the portal's employee (ISMAILOVA's number) in a multi-valued RDN beside C=KZ, the portal's
     * БИН in OU, the portal's usages, really issued by the issuing CA. It names a person, so it is no system's
     * certificate and does not authenticate the portal (SCE003). Before, the name's attributes were read as each RDN's
     * first value, so the SERIALNUMBER read "KZ", no ИИН was found, and the employee's certificate authenticated as
     * the portal.
     */
    @Test
    void anIinInAMultiValuedRdnStillNamesAPerson() {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "EGOV PORTAL")
                .addRDN(BCStyle.OU, "BIN" + PORTAL_BIN)
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.C, BCStyle.SERIALNUMBER},
                        new String[] {"KZ", "IIN" + EMPLOYEE_IIN})
                .addRDN(BCStyle.CN, "ISMAILOVA ZHANAR").build();
        KeyMaterial employee = gateway.pki().issueNamed("portal", name, gateway.pki().defaultAlgorithm().newKeyPair(),
                b -> { });
        String messageId = "multi-valued-iin-" + UUID.randomUUID();
        refused(RawSoap.signed(application(messageId), employee), "PORTAL", messageId, "SCE003");
    }

    /**
     * The control: a multi-valued RDN naming no person (C=KZ with O) in the portal's system certificate; the portal is
     * authenticated as ever.
     */
    @Test
    void aMultiValuedRdnNamingNoPersonIsTaken() {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.C, BCStyle.O}, new String[] {"KZ", "EGOV PORTAL"})
                .addRDN(BCStyle.OU, "BIN" + PORTAL_BIN).addRDN(BCStyle.CN, "EGOV PORTAL").build();
        KeyMaterial sender = gateway.pki().issueNamed("portal", name, gateway.pki().defaultAlgorithm().newKeyPair(),
                b -> { });
        String messageId = "multi-valued-system-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender)),
                messageId);
    }

    /**
     * attack69: the citizen's document signed with a certificate the issuing CA issued naming two people: another
     * person's ИИН in a first SERIALNUMBER, the applicant's in a second. Whom the CA vouched for cannot be told; before,
     * the last was read and the application accepted as the applicant's. SCE015 naming both numbers.
     */
    @Test
    void aDocumentCertificateNamingTwoIinsIsRefused() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        X509Certificate own = gateway.pki().key(sample.signerAlias()).certificate();
        String applicantIin = kz.qaqpa.trust.SubjectIdentity.of(own).iin();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ")
                .addRDN(BCStyle.SERIALNUMBER, "IIN" + OTHER_IIN).addRDN(BCStyle.SERIALNUMBER, "IIN" + applicantIin)
                .addRDN(BCStyle.CN, kz.qaqpa.trust.SubjectIdentity.of(own).commonName()).build();
        KeyMaterial citizen = gateway.pki().issueNamed(sample.signerAlias(), name,
                gateway.pki().defaultAlgorithm().newKeyPair(), b -> { });
        String messageId = "two-iins-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(GatewayHarness.signed(sample, citizen), messageId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", messageId, "SCE015"))
                .contains(OTHER_IIN).contains(applicantIin);
    }

    /**
     * attack69: the portal's transport certificate naming two organisations: another БИН (ГБД ФЛ's) in SERIALNUMBER
     * "BIN…", the portal's in OU. Before, OU's was read and the portal authenticated. SCE005 naming both.
     */
    @Test
    void aTransportCertificateNamingTwoBinsIsRefused() {
        KeyMaterial sender = portalNaming(OTHER_BIN, PORTAL_BIN);
        String messageId = "two-bins-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), sender), "PORTAL", messageId, "SCE005"))
                .contains(OTHER_BIN).contains(PORTAL_BIN);
    }

    /** The portal's key in a certificate naming {@code serialBin} in SERIALNUMBER and {@code ouBin} in OU. */
    private static KeyMaterial portalNaming(String serialBin, String ouBin) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ").addRDN(BCStyle.O, "EGOV PORTAL")
                .addRDN(BCStyle.SERIALNUMBER, "BIN" + serialBin).addRDN(BCStyle.OU, "BIN" + ouBin)
                .addRDN(BCStyle.CN, "EGOV PORTAL").build();
        return gateway.pki().issueNamed("portal", name, gateway.pki().defaultAlgorithm().newKeyPair(), b -> { });
    }

    /** The control: the portal's БИН written twice (SERIALNUMBER and OU), the same number: one organisation, taken. */
    @Test
    void theSameBinWrittenTwiceIsTaken() {
        KeyMaterial sender = portalNaming(PORTAL_BIN, PORTAL_BIN);
        String messageId = "same-bin-twice-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(messageId), sender)),
                messageId);
    }

    // ------------------------------------------------------------------ keys (attack69)

    /**
     * attack69: the portal's certificate, really issued by the issuing CA, for an EC key on a 163-bit curve (NIST
     * K-163 and B-163: about 80 bits of strength, below the 112 of the 2048-bit RSA floor), the envelope signed by that
     * key under ecdsa-sha256 (allowed). Refused, SCE006 "does not verify", nothing stored: Santuario's ECDSA verifies
     * on the prime curves of P-224 and up only (its curve table), so the policy never sees the key; no SCE012 names the
     * curve (docs/security.md, attack69's Left).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sect163k1", "sect163r2"})
    void aTransportCertificateOfAShortEcKeyIsRefused(String curve) throws Exception {
        String messageId = "short-ec-" + curve + "-" + UUID.randomUUID();
        assertThat(refused(signedByEcKeyOn(curve, messageId), "PORTAL", messageId, "SCE006")).contains("does not verify");
    }

    /** The control: P-256, the curve ecdsa-sha256 is meant for: accepted. */
    @Test
    void aTransportCertificateOfAP256KeyIsTaken() throws Exception {
        String messageId = "p256-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), signedByEcKeyOn("secp256r1", messageId)),
                messageId);
    }

    /**
     * An application whose envelope an EC key on {@code curve} signs under ecdsa-sha256, its certificate in the
     * portal's name issued by the issuing CA (EnvelopeSigner signs with RSA or GOST keys: the envelope is made with the
     * portal's RSA key beside the EC certificate, then its SignedInfo signed again by the EC key, so it verifies).
     */
    private static org.w3c.dom.Document signedByEcKeyOn(String curve, String messageId) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        generator.initialize(new java.security.spec.ECGenParameterSpec(curve));
        java.security.KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = gateway.pki().issueNamed("portal", portalName(), keys, b -> { }).certificate();
        KeyMaterial carrier = new KeyMaterial(gateway.pki().key("portal", KeyAlgorithm.RSA).privateKey(), certificate,
                java.util.List.of(certificate));
        org.w3c.dom.Document envelope = RawSoap.signed(application(messageId), carrier);
        Element signature = RawSoap.first(envelope, WsNames.DS, "Signature");
        RawSoap.first(envelope, WsNames.DS, "SignatureMethod").setAttributeNS(null, "Algorithm", ECDSA_SHA256);
        // by hand, as Santuario signs only on the curves it lists (P-224 and up, and P-256 here): the references keep
        // their digests, the SignedInfo canonicalized as it reads it, the value r || s (XML-DSig 1.1 3.3.1.4)
        byte[] signedInfo = new org.apache.xml.security.signature.XMLSignature(signature, "", true).getSignedInfo()
                .getCanonicalizedOctetStream();
        java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSA",
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        ecdsa.initSign(keys.getPrivate());
        ecdsa.update(signedInfo);
        org.bouncycastle.asn1.ASN1Sequence rs = org.bouncycastle.asn1.ASN1Sequence.getInstance(ecdsa.sign());
        int half = (((java.security.interfaces.ECPublicKey) keys.getPublic()).getParams().getOrder().bitLength() + 7) / 8;
        byte[] value = new byte[2 * half];
        for (int i = 0; i < 2; i++) {
            byte[] part = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(half,
                    org.bouncycastle.asn1.ASN1Integer.getInstance(rs.getObjectAt(i)).getValue());
            System.arraycopy(part, 0, value, i * half, half);
        }
        RawSoap.first(envelope, WsNames.DS, "SignatureValue").setTextContent(java.util.Base64.getEncoder()
                .encodeToString(value));
        return envelope;
    }

    private static X500Name portalName() {
        return X500Name.getInstance(gateway.pki().key("portal").certificate().getSubjectX500Principal().getEncoded());
    }

    // ------------------------------------------------------------------ addresses in a certificate (attack69)

    /**
     * attack69: a certificate no trusted CA issued (a self-made CA's, in the portal's name; one in the citizen's name
     * on the document) whose OCSP, CA issuers and CRL addresses name a host of the forger's (here a listener counting
     * what reaches it). The gateway refuses it (SCE005, SCE015) without calling any of them: revocation is asked only
     * about a certificate whose path to a root holds, so a stranger's certificate cannot make the gateway call
     * addresses inside its network.
     */
    @Test
    void aStrangersCertificateMakesTheGatewayCallNoAddressInIt() {
        strangersCalls.set(0);
        KeyMaterial sender = selfIssuedNaming(portalName(), base() + "/stranger");
        String messageId = "stranger-addresses-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(messageId), sender), "PORTAL", messageId, "SCE005"))
                .contains("not issued by a trusted CA");

        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        KeyMaterial citizen = selfIssuedNaming(X500Name.getInstance(gateway.pki().key(sample.signerAlias())
                .certificate().getSubjectX500Principal().getEncoded()), base() + "/stranger");
        String documentId = "stranger-addresses-document-" + UUID.randomUUID();
        SendMessage message = gateway.client(Channel.PORTAL).request(GatewayHarness.signed(sample, citizen), documentId);
        assertThat(refused(RawSoap.signed(message, gateway.pki().key("portal")), "PORTAL", documentId, "SCE015"))
                .contains("not issued by a trusted CA");
        assertThat(strangersCalls.get()).as("calls to the addresses named in the strangers' certificates").isZero();
    }

    /** A certificate in {@code name} issued by a self-signed CA of the same look, its AIA and CRL DP naming {@code base}. */
    private static KeyMaterial selfIssuedNaming(X500Name name, String base) {
        try {
            var caKeys = MadeCertificates.keys();
            var keys = MadeCertificates.keys();
            X500Name caName = X500Name.getInstance(gateway.pki().issuing().getSubjectX500Principal().getEncoded());
            var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(caName,
                    BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), name, keys.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_ocsp, uri(base + "/ocsp")),
                    new AccessDescription(AccessDescription.id_ad_caIssuers, uri(base + "/ca.crt"))}));
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(uri(base + "/list.crl"))), null, null)}));
            X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
            return new KeyMaterial(keys.getPrivate(), cert, java.util.List.of(cert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }

    // ------------------------------------------------------------------ revocation answers past their nextUpdate

    /**
     * The sender's OCSP responder answers "good" (signed by the issuing CA, the nonce echoed) valid for four seconds
     * (its nextUpdate); the gateway keeps definitive answers for a minute (qaqpa.trust.revocation-cache). The
     * certificate is then revoked, and once the "good" answer is past its nextUpdate the sender signs again. RFC 6960
     * 4.2.2.1 / 2.4: an answer is not used after its nextUpdate. Refused, SCE005 "revoked", nothing stored.
     */
    @Test
    void aGoodOcspAnswerIsNotBelievedPastItsNextUpdate() {
        revoked = false;
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/ocsp");
        acceptedThenRefusedOnceRevoked(sender, () -> revoked = true, "OCSP");
    }

    /**
     * As above with the CRL (the OCSP address 404): the issuing CA's complete list, not listing the certificate, whose
     * nextUpdate is four seconds on; then the CA's next list, listing it. Refused once the first list is past its
     * nextUpdate: SCE005 "revoked", nothing stored.
     */
    @Test
    void aCrlThatDidNotListTheCertificateIsNotBelievedPastItsNextUpdate() throws Exception {
        KeyMaterial sender = gateway.pki().issueWithRevocationAt("portal", base() + "/crl-only");
        String address = "/crl-only/crl/issuing" + gateway.pki().defaultAlgorithm().fileSuffix() + ".crl";
        Instant now = Instant.now();
        crls.put(address, crl(1, null, now.minus(Duration.ofMinutes(1)), now.plus(ANSWER_VALID)));
        BigInteger serial = sender.certificate().getSerialNumber();
        acceptedThenRefusedOnceRevoked(sender, () -> {
            try {
                crls.put(address, crl(2, serial, Instant.now(), Instant.now().plus(Duration.ofHours(1))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "CRL");
    }

    /** A first application accepted; {@code revoke}; past the answer's validity a second one refused as revoked. */
    private static void acceptedThenRefusedOnceRevoked(KeyMaterial sender, Runnable revoke, String source) {
        String first = "fresh-answer-" + UUID.randomUUID();
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), RawSoap.signed(application(first), sender)), first);
        revoke.run();
        Pause.sleep(ANSWER_VALID.plusSeconds(1));
        String second = "past-next-update-" + UUID.randomUUID();
        assertThat(refused(RawSoap.signed(application(second), sender), "PORTAL", second, "SCE005"))
                .containsIgnoringCase("revoked").contains(source);
    }

    /** "good" or "revoked" (as {@link #revoked} says) for the CertID asked, the nonce echoed, valid {@link #ANSWER_VALID}. */
    private static byte[] ocspAnswer(OCSPReq asked) throws Exception {
        KeyMaterial ca = issuingCa();
        Instant now = Instant.now();
        BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(ca.certificate().getPublicKey(),
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
        CertificateStatus status = revoked
                ? new RevokedStatus(Date.from(now.minus(Duration.ofSeconds(1))), CRLReason.keyCompromise) : CertificateStatus.GOOD;
        builder.addResponse(asked.getRequestList()[0].getCertID(), status, Date.from(now.minus(Duration.ofSeconds(1))),
                Date.from(now.plus(ANSWER_VALID)), null);
        builder.setResponseExtensions(new Extensions(asked.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm()).build(ca.privateKey()),
                new X509CertificateHolder[] {new JcaX509CertificateHolder(ca.certificate())}, Date.from(now))).getEncoded();
    }

    /** A complete CRL of the issuing CA numbered {@code number}, listing {@code revokedSerial} if not null. */
    private static byte[] crl(int number, BigInteger revokedSerial, Instant thisUpdate, Instant nextUpdate) throws Exception {
        KeyMaterial ca = issuingCa();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(new JcaX509CertificateHolder(ca.certificate()).getSubject(),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
        if (revokedSerial != null) {
            builder.addCRLEntry(revokedSerial, Date.from(thisUpdate.minus(Duration.ofSeconds(1))), CRLReason.keyCompromise);
        }
        return builder.build(new JcaContentSignerBuilder(gateway.pki().defaultAlgorithm().signatureAlgorithm())
                .build(ca.privateKey())).getEncoded();
    }

    // ------------------------------------------------------------------ helpers

    /** Refused with {@code code} (its errorMessage returned), nothing stored under {@code senderId}'s messageId. */
    private static String refused(org.w3c.dom.Document envelope, String senderId, String messageId, String code) {
        String text = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, code);
        ShepAnswers.assertNotStored(gateway, senderId, messageId);
        return text;
    }

    private static SendMessage application(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        return gateway.client(Channel.PORTAL).request(signed, messageId);
    }

    private static KeyMaterial issuingCa() {
        return KeyMaterial.fromPkcs12(gateway.pki().dir().resolve("issuing-ca"
                + gateway.pki().defaultAlgorithm().fileSuffix() + ".p12"), "qaqpa-test".toCharArray());
    }

    private static String base() {
        return "http://127.0.0.1:" + responder.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
