package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.Purpose;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.rosstandart.RosstandartObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 time-stamps over a SHA-256 value, here the hash of a message chain record or of an archive file's seal:
 * the request to a time-stamping authority, and the check of a token, made when the gateway takes one and again by
 * the log's verifier. A token is good when it stamps that value with SHA-256, is signed (with SHA-256 or stronger) by
 * the authority's certificate it carries and names (the ESS certificate identifier), that certificate names
 * id-kp-timeStamping as its only, critical, usage (RFC 3161 2.3) and chains to a trusted root at the time the token
 * states, under the signature policy.
 */
public final class TimeStampTokens {
    /**
     * Digests a token's signature may use: SHA-2 and GOST R 34.11-2015 (the НУЦ signs in both families); an archive
     * file's seal likewise ({@link ArchiveSeal}).
     */
    static final Set<ASN1ObjectIdentifier> SIGNATURE_DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512,
            RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256, RosstandartObjectIdentifiers.id_tc26_gost_3411_12_512);

    private TimeStampTokens() {
    }

    /** What a good token says: when, and which authority. */
    public record Checked(Instant time, X509Certificate authority) {
        /**
         * Whether the token is dated before {@code existed} (when what it stamps came to be) by more than
         * {@code skew}, the clock skew allowed a signer: then the authority's clock was wrong, and the token cannot
         * show that the value existed at its time. The one test of the gateway taking a stamp and of the verifier.
         */
        public boolean predates(Instant existed, Duration skew) {
            return time.isBefore(existed.minus(skew));
        }
    }

    /** A request for a stamp of {@code sha256} asking for the authority's certificate in the token. */
    static byte[] request(byte[] sha256, BigInteger nonce) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        try {
            return generator.generate(TSPAlgorithms.SHA256, sha256, nonce).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The token of the authority's {@code reply} to {@link #request}: granted, for that value and nonce.
     *
     * @throws IllegalArgumentException naming what is wrong with the reply
     */
    static byte[] tokenOf(byte[] reply, byte[] sha256, BigInteger nonce) {
        try {
            TimeStampResponse response = new TimeStampResponse(reply);
            if (response.getTimeStampToken() == null) {
                throw new IllegalArgumentException("the authority granted no time-stamp (status " + response.getStatus()
                        + (response.getStatusString() == null ? "" : ": " + response.getStatusString()) + ")");
            }
            response.validate(new TimeStampRequest(request(sha256, nonce)));
            return response.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalArgumentException("the authority's answer is not a time-stamp of the head: " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code token} as a stamp of {@code sha256} (see the class).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Checked check(byte[] token, byte[] sha256, TrustSetup.TrustedCertificates trusted) {
        TimeStampToken stamp = parse(token);
        if (!NISTObjectIdentifiers.id_sha256.getId().equals(stamp.getTimeStampInfo().getMessageImprintAlgOID().getId())
                || !Arrays.equals(stamp.getTimeStampInfo().getMessageImprintDigest(), sha256)) {
            throw new IllegalArgumentException("it stamps another value than the one it is held against");
        }
        if (!SIGNATURE_DIGESTS.contains(new ASN1ObjectIdentifier(stamp.toCMSSignedData().getSignerInfos().getSigners()
                .iterator().next().getDigestAlgOID()))) {
            throw new IllegalArgumentException("its signature uses a digest the policy does not allow");
        }
        X509Certificate authority = signer(stamp);
        Instant time = stamp.getTimeStampInfo().getGenTime().toInstant();
        try {
            trusted.validatorAt(time).validate(authority, Purpose.TIME_STAMPS, false, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID);
        } catch (ShepException e) {
            throw new IllegalArgumentException("its authority's certificate is not accepted: " + e.getMessage(), e);
        }
        return new Checked(time, authority);
    }

    /**
     * The value {@code token} says it stamps (its message imprint), unchecked: a caller that does not know the value
     * yet {@link #check}s the token against it and holds it against the value once known.
     *
     * @throws IllegalArgumentException if it is not a token
     */
    static byte[] statedValue(byte[] token) {
        return parse(token).getTimeStampInfo().getMessageImprintDigest();
    }

    private static TimeStampToken parse(byte[] token) {
        try {
            return new TimeStampToken(new CMSSignedData(token));
        } catch (CMSException | TSPException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("it is not an RFC 3161 time-stamp token: " + e.getMessage(), e);
        }
    }

    /** The certificate the token names as its signer, once its signature, ESS identifier and usage are checked. */
    private static X509Certificate signer(TimeStampToken stamp) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> named = stamp.getCertificates().getMatches(stamp.getSID());
        if (named.isEmpty()) {
            throw new IllegalArgumentException("it does not carry its authority's certificate");
        }
        X509CertificateHolder holder = named.iterator().next();
        try {
            stamp.validate(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (TSPException | OperatorCreationException | CertificateException e) {
            throw new IllegalArgumentException("its signature does not verify: " + e.getMessage(), e);
        }
    }
}
