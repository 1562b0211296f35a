package kz.qaqpa.mocks.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import java.util.Set;
import kz.qaqpa.trust.KeyMaterial;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * RFC 3161 time-stamps of the test НУЦ (its real one is {@code http://tsp.pki.gov.kz/}), signed with the RSA key of the
 * {@code tsa} subject, whose certificate names id-kp-timeStamping as its only, critical, usage. Answers SHA-256
 * imprints only; the time is the test PKI's clock.
 */
final class TimeStampAuthority {
    /** The test authority's policy: any OID serves, a real TSA names its own (RFC 3161 2.1). */
    static final String POLICY = "1.2.3.4.3161";
    private static final String ALIAS = "tsa";
    private final TestPki pki;
    private final SecureRandom serials = new SecureRandom();

    TimeStampAuthority(TestPki pki) {
        this.pki = pki;
    }

    byte[] respond(byte[] requestBytes) throws IOException {
        TimeStampResponseGenerator generator;
        try {
            generator = new TimeStampResponseGenerator(tokens(), Set.of(TSPAlgorithms.SHA256));
        } catch (Exception e) {
            throw new IOException("the test time-stamping authority cannot sign", e);
        }
        try {
            TimeStampRequest request = new TimeStampRequest(requestBytes);
            TimeStampResponse response = generator.generate(request, new BigInteger(64, serials),
                    Date.from(pki.clock().instant()));
            return response.getEncoded();
        } catch (Exception e) {
            try {
                return generator.generateRejectedResponse(e).getEncoded();
            } catch (Exception rejected) {
                throw new IOException(rejected);
            }
        }
    }

    private TimeStampTokenGenerator tokens() throws Exception {
        KeyMaterial key = pki.key(ALIAS, KeyAlgorithm.RSA);
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build(KeyAlgorithm.RSA.signatureAlgorithm(), key.privateKey(), key.certificate()),
                new JcaDigestCalculatorProviderBuilder().build()
                        .get(new AlgorithmIdentifier(
                                NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier(POLICY));
        tokens.addCertificates(new JcaCertStore(List.of(key.certificate())));
        return tokens;
    }
}
