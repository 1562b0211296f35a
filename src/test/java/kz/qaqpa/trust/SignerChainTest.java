package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * chain28: the corners of {@link SignerChain} that the test НУЦ does not issue (over HTTP: {@code KeyInfoChainTest}):
 * CA certificates that issue each other in a cycle, a CA certificate issued twice under one name and key, and an end
 * entity's certificate standing as the issuer of another. Certificates made here with BouncyCastle.
 */
class SignerChainTest {
    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final KeyPair ROOT = keys();
    private static final KeyPair CA = keys();
    private static final KeyPair SIGNER = keys();
    private static final X509Certificate ROOT_CERT = certificate("CN=Root", ROOT.getPublic(), "CN=Root", ROOT.getPrivate(), true);
    private static final X509Certificate CA_CERT = certificate("CN=CA", CA.getPublic(), "CN=Root", ROOT.getPrivate(), true);
    private static final X509Certificate SIGNER_CERT = certificate("CN=Signer", SIGNER.getPublic(), "CN=CA", CA.getPrivate(), false);

    @Test
    void theEndCertificateIsTheSignersInAnyOrder() {
        assertThat(end(List.of(ROOT_CERT, SIGNER_CERT, CA_CERT))).isEqualTo(SIGNER_CERT);
        assertThat(end(List.of(CA_CERT, ROOT_CERT, SIGNER_CERT))).isEqualTo(SIGNER_CERT);
        assertThat(end(List.of(SIGNER_CERT))).isEqualTo(SIGNER_CERT);
    }

    /** The test НУЦ's GOST R 34.10-2015 chain, root first: the citizen's certificate is found by its GOST signatures. */
    @Test
    void aGostChainIsReadByItsSignatures() {
        KeyMaterial citizen = SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.GOST);
        List<X509Certificate> rootFirst = new java.util.ArrayList<>(citizen.chain());
        java.util.Collections.reverse(rootFirst);
        assertThat(rootFirst).hasSize(3);
        assertThat(end(rootFirst)).isEqualTo(citizen.certificate());
    }

    /** CA and a second CA certifying each other (cross-certificates) beside the signer's: the chain never ends. */
    @Test
    void caCertificatesIssuingEachOtherInACycleAreRefused() {
        KeyPair other = keys();
        X509Certificate caByOther = certificate("CN=CA", CA.getPublic(), "CN=Other", other.getPrivate(), true);
        X509Certificate otherByCa = certificate("CN=Other", other.getPublic(), "CN=CA", CA.getPrivate(), true);
        assertThat(refusal(List.of(SIGNER_CERT, caByOther, otherByCa))).contains("cycle");
    }

    /** The issuing CA's certificate issued again under its name and key (a renewal): two issuers of the signer's. */
    @Test
    void twoIssuersOfOneCertificateAreRefused() {
        X509Certificate renewed = certificate("CN=CA", CA.getPublic(), "CN=Root", ROOT.getPrivate(), true);
        assertThat(refusal(List.of(SIGNER_CERT, CA_CERT, renewed))).contains("2 issuers of CN=Signer");
    }

    /** A certificate without basicConstraints cA named as another's issuer, whose key signed it, issues nothing. */
    @Test
    void anEndEntitysCertificateIssuesNothing() {
        KeyPair second = keys();
        X509Certificate byTheSigner = certificate("CN=Second", second.getPublic(), "CN=Signer", SIGNER.getPrivate(), false);
        assertThat(refusal(List.of(SIGNER_CERT, byTheSigner))).contains("2 of them issue none of the others");
    }

    @Test
    void moreThanTheBoundIsRefusedBeforeAnythingIsChecked() {
        assertThat(refusal(List.of(SIGNER_CERT, CA_CERT, ROOT_CERT), 2)).contains("holds 3 certificates, more than 2");
    }

    private static X509Certificate end(List<X509Certificate> certificates) {
        return SignerChain.endOf(certificates, 8, "X509Data", why -> new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, why));
    }

    private static String refusal(List<X509Certificate> certificates) {
        return refusal(certificates, 8);
    }

    private static String refusal(List<X509Certificate> certificates, int most) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> SignerChain.endOf(certificates, most, "X509Data",
                why -> new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, why)))
                .isInstanceOfSatisfying(ShepException.class, e -> thrown[0] = e);
        return thrown[0].getMessage();
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(SERIAL.getAndIncrement()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
