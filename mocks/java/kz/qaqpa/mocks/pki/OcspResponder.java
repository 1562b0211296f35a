package kz.qaqpa.mocks.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.trust.KeyMaterial;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP answers of the test НУЦ, signed directly by the issuing CA the request names (RSA or GOST, each signs in its own
 * algorithm), or by a delegated responder certificate (trust28): good, revoked (with time) or unknown.
 */
final class OcspResponder {
    private final TestPki pki;
    private final Clock clock;
    /** The delegated responder's key and certificate that signs every answer; null: the issuing CA signs. */
    private final KeyMaterial delegate;

    OcspResponder(TestPki pki) {
        this(pki, pki.clock(), null);
    }

    /** Answers dated by {@code clock}, signed by {@code delegate} (null: by the issuing CA the request names). */
    OcspResponder(TestPki pki, Clock clock, KeyMaterial delegate) {
        this.pki = pki;
        this.clock = clock;
        this.delegate = delegate;
    }

    byte[] respond(byte[] requestBytes) throws IOException {
        OCSPReq request;
        try {
            request = new OCSPReq(requestBytes);
        } catch (IOException | RuntimeException e) {
            return failure(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            return answer(request).getEncoded();
        } catch (Exception e) {
            return failure(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    private OCSPResp answer(OCSPReq request) throws Exception {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        KeyMaterial issuer = issuerOf(request, digests);
        KeyMaterial signer = delegate != null ? delegate : issuer;
        BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(signer.certificate().getPublicKey(),
                digests.get(CertificateID.HASH_SHA1));
        Instant now = clock.instant();
        X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer.certificate());
        for (Req single : request.getRequestList()) {
            CertificateID id = single.getCertID();
            builder.addResponse(id, status(id, issuer.certificate(), issuerHolder, digests), Date.from(now),
                    Date.from(now.plus(Duration.ofHours(1))), null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = builder.build(CertificateIssuer.signer(signer.privateKey()),
                new X509CertificateHolder[] {new JcaX509CertificateHolder(signer.certificate())}, Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
    }

    /** The issuing CA the first request names; the RSA one when none matches (its answer is then "unknown"). */
    private KeyMaterial issuerOf(OCSPReq request, DigestCalculatorProvider digests) throws Exception {
        List<KeyMaterial> issuers = pki.issuingKeys();
        if (request.getRequestList().length > 0) {
            CertificateID first = request.getRequestList()[0].getCertID();
            for (KeyMaterial issuer : issuers) {
                if (first.matchesIssuer(new JcaX509CertificateHolder(issuer.certificate()), digests)) {
                    return issuer;
                }
            }
        }
        return issuers.get(0);
    }

    private CertificateStatus status(CertificateID id, X509Certificate issuer, X509CertificateHolder issuerHolder,
                                     DigestCalculatorProvider digests) throws Exception {
        if (!id.matchesIssuer(issuerHolder, digests)) {
            return new UnknownStatus();
        }
        BigInteger serial = id.getSerialNumber();
        Optional<Instant> revokedAt = pki.revocationTime(issuer, serial);
        if (revokedAt.isPresent()) {
            return new RevokedStatus(Date.from(revokedAt.get()), CRLReason.keyCompromise);
        }
        return pki.isIssued(issuer, serial) ? CertificateStatus.GOOD : new UnknownStatus();
    }

    private static byte[] failure(int status) throws IOException {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException e) {
            throw new IOException(e);
        }
    }
}
