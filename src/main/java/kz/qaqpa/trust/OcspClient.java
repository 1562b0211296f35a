package kz.qaqpa.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One OCSP question (RFC 6960) with a SHA-256 CertID and a nonce, as NCANode asks НУЦ.
 * The response must be signed by the issuing CA or by a responder certificate that the CA issued for OCSP signing.
 */
final class OcspClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An answer taken about a certificate: its mark (its times, until when it is believed) and what it said. */
    private record Taken(RevocationMark mark, RevocationStatus status) {
    }

    private final Duration timeout;
    private final Duration clockSkew;
    /**
     * The newest answer taken about each certificate (attack25), the least used leaving first beyond the bound, and its
     * mark in the store (revstate26).
     */
    private final NewestAnswers<CertificateID, Taken> newest;

    /**
     * @param clockSkew  how far ahead of the gateway's clock an answer's times may lie (qaqpa.trust.timestamp-clock-skew)
     * @param remembered about how many certificates the newest answer is kept (qaqpa.trust.revocation-cache-size; 0: none)
     */
    OcspClient(Duration timeout, Duration clockSkew, int remembered) {
        this.timeout = timeout;
        this.clockSkew = clockSkew;
        Cache<CertificateID, NewestAnswers.Known<Taken>> kept = Caffeine.newBuilder().maximumSize(remembered)
                .executor(Runnable::run).build();
        this.newest = new NewestAnswers<>("ocsp", OcspClient::identity, Taken::mark, kept.asMap());
    }

    /** The newest answers' marks are read from and kept in {@code marks} (the store) from now on. */
    void keepMarksIn(RevocationMarks marks) {
        newest.keepMarksIn(marks);
    }

    /** The CertID's encoding (hash algorithm, issuer's name and key hashes, serial), as text. */
    private static String identity(CertificateID id) {
        try {
            return HexFormat.of().formatHex(id.toASN1Primitive().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GOOD, REVOKED or UNKNOWN (the responder does not know the certificate); throws when no usable answer came. */
    RevocationStatus ask(URI responder, X509Certificate cert, X509Certificate issuer, Instant now) throws IOException {
        try {
            CertificateID id = certificateId(issuer, cert.getSerialNumber());
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            OCSPReq request = request(id, nonce);
            OCSPResp response = parse(RevocationFetch.post(responder, "application/ocsp-request", request.getEncoded(), timeout), responder);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new IOException("OCSP responder " + responder + " answered with status " + response.getStatus());
            }
            BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
            if (basic == null) {
                throw new IOException("OCSP responder " + responder + " answered 'successful' with no response in it");
            }
            requireSignedByIssuer(basic, issuer, now);
            boolean echoed = requireNonce(basic, nonce);
            SingleResp single = find(basic, id);
            requireNotAhead(basic, single, responder, now);
            Taken taken = new Taken(new RevocationMark(null, single.getThisUpdate().toInstant(),
                    basic.getProducedAt().toInstant(), until(single)), status(single, responder, now));
            return echoed ? newest.take(id, taken, before -> markAfter(before, taken)).status()
                    : newestOf(id, taken, responder, now);
        } catch (OCSPException | OperatorCreationException | CertificateException | ClassCastException e) {
            throw new IOException("unusable OCSP answer from " + responder + ": " + e.getMessage(), e);
        }
    }

    /**
     * trust27: whether the mark of an answer echoing the nonce is written to the store. Such an answer cannot itself be
     * replayed, and every one has a new producedAt: marking each fetch cost a store write per signer certificate per
     * cache time. Its mark still matters after a restart against an older answer without the nonce that someone kept
     * (a responder echoes a nonce only when asked with one; anyone may ask it without), so it is written when nothing
     * was known about the certificate since the start (or since it left the bounded memory), and when the status
     * changed (good to revoked): every answer from before the revocation is older than that mark. The same status
     * again writes nothing (ours).
     */
    private static boolean markAfter(Taken before, Taken fresh) {
        return before == null || before.status().state() != fresh.status().state();
    }

    /** What the responder sent, read as an OCSP answer; anything else (an HTML page, nothing) named as such. */
    private static OCSPResp parse(byte[] answer, URI responder) throws IOException {
        try {
            return new OCSPResp(answer);
        } catch (IOException | RuntimeException e) {
            throw new IOException("unusable OCSP answer from " + responder + ": not an OCSP response (" + e.getMessage() + ")", e);
        }
    }

    private static CertificateID certificateId(X509Certificate issuer, BigInteger serial)
            throws OperatorCreationException, CertificateEncodingException, OCSPException {
        var digest = new JcaDigestCalculatorProviderBuilder().build()
                .get(new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256"));
        return new CertificateID(digest, new JcaX509CertificateHolder(issuer), serial);
    }

    private static OCSPReq request(CertificateID id, byte[] nonce) throws OCSPException, IOException {
        Extension nonceExtension = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce).getEncoded()));
        return new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(nonceExtension)).build();
    }

    private static void requireSignedByIssuer(BasicOCSPResp basic, X509Certificate issuer, Instant now)
            throws OCSPException, OperatorCreationException, IOException, CertificateException {
        var verifiers = new JcaContentVerifierProviderBuilder();
        if (basic.isSignatureValid(verifiers.build(issuer.getPublicKey()))) {
            return;
        }
        for (X509CertificateHolder delegate : basic.getCerts()) {
            if (isDelegatedResponder(delegate, issuer, now) && basic.isSignatureValid(verifiers.build(delegate))) {
                return;
            }
        }
        throw new IOException("OCSP response is not signed by the issuer " + Certificates.describe(issuer) + " or its responder");
    }

    /**
     * A responder certificate the issuer issued for OCSP signing (RFC 6960 4.2.2.2), within its term at {@code now}, the
     * checker's clock (trust28: before, the machine's time judged it, unlike every other time of the check).
     */
    private static boolean isDelegatedResponder(X509CertificateHolder delegate, X509Certificate issuer, Instant now) {
        try {
            var usage = ExtendedKeyUsage.fromExtensions(delegate.getExtensions());
            return usage != null && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
                    && delegate.isValidOn(Date.from(now))
                    && delegate.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A replayed old answer would carry another nonce; responders that omit the nonce are tolerated (RFC 6960 allows
     * pre-produced answers), their replay bounded by {@link #newestOf}. True when the answer echoes this request's nonce.
     */
    private static boolean requireNonce(BasicOCSPResp basic, byte[] nonce) throws IOException {
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed != null && !Arrays.equals(echoed.getExtnValue().getOctets(), new DEROctetString(nonce).getEncoded())) {
            throw new IOException("OCSP response nonce does not match the request");
        }
        return echoed != null;
    }

    /**
     * attack25: an answer without this request's nonce may be one that someone on the plain-HTTP path kept, still
     * before its nextUpdate, from before the certificate was revoked. Ours: the newest answer taken about each
     * certificate is kept; one without the nonce that is older (an earlier thisUpdate or producedAt, RFC 6960 4.2.1) is
     * not used in its place: the newer answer is, while it is believed (its nextUpdate, or an hour without one); after
     * that the older one is refused (the CRL next). An answer echoing the nonce is fresh and always taken. revstate26:
     * the newest answer's mark (thisUpdate, producedAt, until when it is believed) is kept in the store too, so after a
     * restart an older answer without the nonce is refused while that mark stands (the newer answer itself is not at
     * hand); beyond the bound the mark is read back from the store.
     */
    private RevocationStatus newestOf(CertificateID id, Taken answer, URI responder, Instant now) throws IOException {
        NewestAnswers.Known<Taken> kept = newest.newestOf(id, answer);
        if (kept.answer() == answer) {
            return answer.status();
        }
        if (kept.answer() == null || kept.mark().expiredAt(now)) {
            throw new IOException("OCSP response from " + responder + " without the request's nonce is older ("
                    + answer.mark().describe() + ") than the answer already taken about the certificate ("
                    + kept.mark().describe() + "), which is " + (kept.answer() == null
                    ? "not at hand (taken before the gateway started)" : "no longer current")
                    + ": a replayed answer is not used");
        }
        return kept.answer().status();
    }

    private static SingleResp find(BasicOCSPResp basic, CertificateID id) throws IOException {
        for (SingleResp single : basic.getResponses()) {
            if (single.getCertID().equals(id)) {
                return single;
            }
        }
        throw new IOException("OCSP response does not mention the asked certificate");
    }

    /**
     * crl24, ours for the tolerance: an answer produced, or about a status, later than the gateway's clock plus the skew
     * allowed a signer's clock is not yet valid (RFC 6960 3.2 (5)-(6) compare thisUpdate and nextUpdate with the
     * current time); without a nonce it would outlive a revocation made before its date.
     */
    private void requireNotAhead(BasicOCSPResp basic, SingleResp single, URI responder, Instant now) throws IOException {
        Instant latest = now.plus(clockSkew);
        if (single.getThisUpdate().toInstant().isAfter(latest) || basic.getProducedAt().toInstant().isAfter(latest)) {
            throw new IOException("OCSP response from " + responder + " is not yet valid (thisUpdate "
                    + single.getThisUpdate().toInstant() + ", producedAt " + basic.getProducedAt().toInstant()
                    + ", more than " + clockSkew + " ahead of the gateway's time " + now + ")");
        }
    }

    /** Without a nonce or a nextUpdate only freshness tells a replayed answer; older than this is not believed. */
    private static final Duration MAX_AGE_WITHOUT_NEXT_UPDATE = Duration.ofHours(1);

    /** Until when an answer is believed: its nextUpdate, or an hour after its thisUpdate without one. */
    private static Instant until(SingleResp single) {
        return single.getNextUpdate() != null ? single.getNextUpdate().toInstant()
                : single.getThisUpdate().toInstant().plus(MAX_AGE_WITHOUT_NEXT_UPDATE);
    }

    private static RevocationStatus status(SingleResp single, URI responder, Instant now) throws IOException {
        if (single.getNextUpdate() != null && single.getNextUpdate().toInstant().isBefore(now)) {
            throw new IOException("OCSP response from " + responder + " is stale (nextUpdate " + single.getNextUpdate().toInstant() + ")");
        }
        if (single.getNextUpdate() == null
                && single.getThisUpdate().toInstant().isBefore(now.minus(MAX_AGE_WITHOUT_NEXT_UPDATE))) {
            throw new IOException("OCSP response from " + responder + " is too old (thisUpdate "
                    + single.getThisUpdate().toInstant() + ")");
        }
        CertificateStatus status = single.getCertStatus();
        String source = "OCSP " + responder;
        if (status == CertificateStatus.GOOD) {
            return RevocationStatus.good(source, until(single));
        }
        if (status instanceof RevokedStatus revoked) {
            return RevocationStatus.revoked(revoked.getRevocationTime().toInstant(), source, until(single));
        }
        return RevocationStatus.unknown("OCSP responder " + responder + " does not know the certificate");
    }
}
