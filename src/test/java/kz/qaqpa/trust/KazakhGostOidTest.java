package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.xml.SecureXml;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * review55: a signature under the Kazakh PKI's GOST R 34.10-2015 URI whose certificate names its key with the real
 * НУЦ РК's Kazakh OID (docs/security.md: "needs a mapping of those OIDs ... the public record does not give"). The
 * gateway cannot read such a key, so it cannot verify the signature at all: the policy's rule for what it cannot verify
 * is SCE011 (ALGORITHM_NOT_SUPPORTED: "wait for support"), not a signature that does not verify (SCE010/SCE016:
 * "your signature is broken").
 */
class KazakhGostOidTest {
    /** The key OID of a real НУЦ РК GOST R 34.10-2015 certificate (reference §2, docs/security.md). */
    private static final String KAZAKH_GOST_2015_KEY = "1.2.398.3.10.1.1.2.3.1";
    private static final String ENVELOPE = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\
            <soap:Body><m:SendMessage xmlns:m="urn:test"><m:text>Сәлем, ШЭП</m:text></m:SendMessage></soap:Body>\
            </soap:Envelope>""";
    private static final String APPLICATION = """
            <app:Application xmlns:app="urn:qaqpa:application"><app:iin>850315401201</app:iin></app:Application>""";

    @Test
    void aTransportSignatureOfAKazakhOidGostKeyIsAnsweredAsNotSupported() {
        KeyMaterial signer = withKazakhKeyOid(SharedTestPki.pki().key("portal", KeyAlgorithm.GOST));
        Document received = SecureXml.parse(SecureXml.serialize(EnvelopeSigner.sign(SecureXml.parseText(ENVELOPE), signer)));

        assertThatThrownBy(() -> EnvelopeVerifier.verify(received))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code())
                        .as(e.getMessage()).isEqualTo(FaultCode.ALGORITHM_NOT_SUPPORTED))
                .hasMessageContaining(KAZAKH_GOST_2015_KEY).hasMessageContaining(SignaturePolicy.TC26_GOST_2015_256_KEY);
    }

    @Test
    void aDocumentSignatureOfAKazakhOidGostKeyIsAnsweredAsNotSupported() {
        KeyMaterial citizen = withKazakhKeyOid(SharedTestPki.pki().key("citizen-aigerim", KeyAlgorithm.GOST));
        Document doc = SecureXml.parseText(APPLICATION);
        DocumentSigner.sign(doc.getDocumentElement(), citizen);
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThatThrownBy(() -> DocumentVerifier.verify(received.getDocumentElement()))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code())
                        .as(e.getMessage()).isEqualTo(FaultCode.ALGORITHM_NOT_SUPPORTED))
                .hasMessageContaining(KAZAKH_GOST_2015_KEY).hasMessageContaining(SignaturePolicy.TC26_GOST_2015_256_KEY);
    }

    /** {@code key}'s private key with a certificate of the same public key, its algorithm named by the Kazakh OID. */
    private static KeyMaterial withKazakhKeyOid(KeyMaterial key) {
        try {
            SubjectPublicKeyInfo tc26 = SubjectPublicKeyInfo.getInstance(key.certificate().getPublicKey().getEncoded());
            SubjectPublicKeyInfo kazakh = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(new ASN1ObjectIdentifier(KAZAKH_GOST_2015_KEY)), tc26.getPublicKeyData().getBytes());
            X500Name subject = X500Name.getInstance(key.certificate().getSubjectX500Principal().getEncoded());
            KeyPair issuer = MadeCertificates.keys();
            Instant now = Instant.now();
            var builder = new X509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, kazakh);
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())).getEncoded();
            X509Certificate certificate = (X509Certificate) CertificateText.factory()
                    .generateCertificate(new ByteArrayInputStream(der));
            return new KeyMaterial(key.privateKey(), certificate, List.of(certificate));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
