package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * chain28: the corners of {@link SignerChain} that the test НУЦ does not issue (over HTTP: {@code KeyInfoChainTest}):
 * CA certificates that issue each other in a cycle, a CA certificate issued twice under one name and key, and an end
 * entity's certificate standing as the issuer of another; and (chain28's review) CA certificates the gateway is not
 * configured with. Certificates made here with BouncyCastle.
 */
class SignerChainTest {
    private static final KeyPair ROOT = keys();
    private static final KeyPair CA = keys();
    private static final KeyPair SIGNER = keys();
    private static final X509Certificate ROOT_CERT = certificate("CN=Root", ROOT.getPublic(), "CN=Root", ROOT.getPrivate(), true);
    private static final X509Certificate CA_CERT = certificate("CN=CA", CA.getPublic(), "CN=Root", ROOT.getPrivate(), true);
    private static final X509Certificate SIGNER_CERT = certificate("CN=Signer", SIGNER.getPublic(), "CN=CA", CA.getPrivate(), false);

    /** The gateway configured with ROOT and CA. */
    private static final SignaturePolicy CONFIGURED = SignaturePolicy.DEFAULT.withCaCertificates(List.of(ROOT_CERT, CA_CERT));

    @Test
    void theEndCertificateIsTheSignersInAnyOrder() {
        assertThat(end(List.of(ROOT_CERT, SIGNER_CERT, CA_CERT))).isEqualTo(SIGNER_CERT);
        assertThat(end(List.of(CA_CERT, ROOT_CERT, SIGNER_CERT))).isEqualTo(SIGNER_CERT);
        assertThat(end(List.of(SIGNER_CERT))).isEqualTo(SIGNER_CERT);
    }

    /**
     * chain28's review, HIGH: a CA certificate of a key the client made, under the configured CA's very name, that
     * signed the signer's: refused before its key verifies anything (a client's key may make each check cost seconds).
     * Accepted on the code before (it issued the signer's within the set).
     */
    @Test
    void aCaCertificateOfTheClientsKeyUnderTheCasNameIsRefused() {
        KeyPair attacker = keys();
        X509Certificate forgedCa = certificate("CN=CA", attacker.getPublic(), "CN=Root", attacker.getPrivate(), true);
        X509Certificate forgedSigner = certificate("CN=Signer", SIGNER.getPublic(), "CN=CA", attacker.getPrivate(), false);
        assertThat(refusal(List.of(forgedSigner, forgedCa), CONFIGURED))
                .contains("2 certificates that are not a certificate the gateway trusts");
    }

    /** Only configured CA certificates: no signer's among them. */
    @Test
    void configuredCaCertificatesAloneAreNoSigner() {
        assertThat(refusal(List.of(CA_CERT, ROOT_CERT), CONFIGURED)).contains("only the gateway's configured CA certificates");
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
        assertThat(refusal(List.of(SIGNER_CERT, caByOther, otherByCa),
                SignaturePolicy.DEFAULT.withCaCertificates(List.of(caByOther, otherByCa)))).contains("cycle");
    }

    /** The issuing CA's certificate issued again under its name and key (a renewal): two issuers of the signer's. */
    @Test
    void twoIssuersOfOneCertificateAreRefused() {
        X509Certificate renewed = certificate("CN=CA", CA.getPublic(), "CN=Root", ROOT.getPrivate(), true);
        assertThat(refusal(List.of(SIGNER_CERT, CA_CERT, renewed),
                SignaturePolicy.DEFAULT.withCaCertificates(List.of(CA_CERT, renewed)))).contains("2 issuers of CN=Signer");
    }

    /**
     * A certificate without basicConstraints cA named as another's issuer, whose key signed it, issues nothing (even
     * were an operator to configure it as an intermediate).
     */
    @Test
    void anEndEntitysCertificateIssuesNothing() {
        KeyPair second = keys();
        X509Certificate byTheSigner = certificate("CN=Second", second.getPublic(), "CN=Signer", SIGNER.getPrivate(), false);
        assertThat(refusal(List.of(SIGNER_CERT, byTheSigner), SignaturePolicy.DEFAULT.withCaCertificates(List.of(SIGNER_CERT))))
                .contains("outside the chain of the signer's");
    }

    @Test
    void moreThanTheBoundIsRefusedBeforeAnythingIsChecked() {
        SignaturePolicy two = new SignaturePolicy(CONFIGURED.signatureAlgorithms(), CONFIGURED.digestAlgorithms(),
                CONFIGURED.certificateAlgorithms(), CONFIGURED.minRsaKeyBits(), CONFIGURED.clockSkew(), CONFIGURED.clock(), 2,
                CONFIGURED.caCertificates());
        assertThat(refusal(List.of(SIGNER_CERT, CA_CERT, ROOT_CERT), two)).contains("holds 3 certificates, more than 2");
    }

    private static X509Certificate end(List<X509Certificate> certificates) {
        return SignerChain.endOf(certificates, CONFIGURED.withCaCertificates(caCertificatesOf(certificates)), "X509Data",
                why -> new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, why));
    }

    /** The CA certificates (basicConstraints cA) of {@code certificates}: the gateway configured with them. */
    private static List<X509Certificate> caCertificatesOf(List<X509Certificate> certificates) {
        return certificates.stream().filter(c -> c.getBasicConstraints() >= 0).toList();
    }

    private static String refusal(List<X509Certificate> certificates, SignaturePolicy policy) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> SignerChain.endOf(certificates, policy, "X509Data",
                why -> new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, why)))
                .isInstanceOfSatisfying(ShepException.class, e -> thrown[0] = e);
        return thrown[0].getMessage();
    }

    private static KeyPair keys() {
        return MadeCertificates.keys();
    }

    private static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca) {
        return MadeCertificates.certificate(subject, key, issuer, issuerKey, ca);
    }
}
