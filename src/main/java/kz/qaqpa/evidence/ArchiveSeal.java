package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.LaterRules;
import kz.qaqpa.trust.Purpose;
import kz.qaqpa.trust.Sha256;
import kz.qaqpa.trust.SigningAlgorithm;
import kz.qaqpa.trust.SubjectIdentity;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal that makes an archive file verifiable on its own, as X-Road's archiver signs its containers: the gateway
 * signs the file's {@code manifest.properties} with its own key (a detached CMS signature carrying the certificate,
 * {@code seal.p7s}) and has the seal's SHA-256 time-stamped by the log's authority (RFC 3161, {@code seal.tst}). The
 * manifest names the first record's prevHash and the last record's hash, which the records' chain ties every record,
 * message and signer certificate of the file to, and the previous file's seal hash, so the files form a chain of
 * seals. When the authority cannot stamp, the file is sealed all the same and {@code seal-unstamped.txt} says why.
 */
public final class ArchiveSeal {
    static final String SEAL = "seal.p7s";
    static final String STAMP = "seal.tst";
    static final String UNSTAMPED = "seal-unstamped.txt";
    /** The previous seal of the log's first file, or of a file after one written before seals (format /1). */
    static final String NONE = "none";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSeal.class);
    private final KeyMaterial key;
    private final StampingAuthority authority;
    /** Seals the authority did not stamp since the start (a metric). */
    private final AtomicLong stampFailures = new AtomicLong();

    /**
     * @param key       the gateway's signing key (the one its answers are signed with)
     * @param authority the log's time-stamping authority (off: seals are not stamped)
     */
    public ArchiveSeal(KeyMaterial key, StampingAuthority authority) {
        this.key = key;
        this.authority = authority;
    }

    /** A seal and its stamp, or why it has none. */
    record Made(byte[] seal, byte[] stamp, String unstamped) {
    }

    /**
     * Seals {@code manifest}: signed always; stamped when the authority answers with a time that can be the seal's
     * (a failure is said, not thrown).
     */
    Made seal(byte[] manifest) throws IOException {
        Instant sealing = Instant.now();
        byte[] seal = sign(manifest);
        if (!authority.on()) {
            return new Made(seal, null, "time-stamping is off (qaqpa.log.timestamp.url is empty)");
        }
        try {
            return new Made(seal, authority.stamp(Sha256.of(seal), Optional.of(sealing), "the file was sealed").token(),
                    null);
        } catch (IOException | IllegalArgumentException | ShepException e) {
            stampFailures.incrementAndGet();
            LOG.warn("archive file sealed without a time-stamp: {} ({})", e.getMessage(), authority.url());
            return new Made(seal, null, "the time-stamping authority " + authority.url() + " did not stamp the seal: "
                    + e.getMessage());
        }
    }

    /** How many seals the authority did not stamp since the start. */
    public long stampFailures() {
        return stampFailures.get();
    }

    private byte[] sign(byte[] manifest) throws IOException {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(key.algorithm().jcaSignature()).build(key.privateKey()), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            return generator.generate(new CMSProcessableByteArray(manifest), false).getEncoded();
        } catch (CMSException | OperatorCreationException | CertificateException e) {
            throw new IOException("the archive file cannot be sealed with the gateway's key: " + e.getMessage(), e);
        }
    }

    /** The hex SHA-256 of a seal: what the next file names as its previous seal. */
    static String hash(byte[] seal) {
        return Sha256.hex(seal);
    }

    /** When the manifest says the file was sealed; empty when it names no time it can be read as. */
    private static Optional<Instant> sealedAt(ArchiveFile reader) {
        try {
            return Optional.of(Instant.parse(reader.sealedAt()));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * What a file's seal shows: who sealed it and when (stamped or as the file says), or why it is not good; and what
     * each later rule refused of its certificate ({@link LaterRules#noting}: a gateway sealed with it before the rule),
     * which the walk judges by when the store ran the rule ({@link RecordCheck#sealedUnder}).
     */
    record Checked(String problem, String hash, String signer, Instant time, String unstamped,
                   Map<LaterRules.Rule, String> refused) {
        static Checked bad(String problem) {
            return new Checked(problem, null, null, null, null, Map.of());
        }
    }

    /**
     * Checks the seal of {@code reader}'s file: the signature over its manifest by a certificate that chains to a
     * trusted root at the stamp's time (or, unstamped, at the time the manifest says it was sealed) and names the
     * gateway's БИН; the stamp as the chain's stamps are checked (trust at its time, usage, imprint of the seal); and
     * the previous file's seal the manifest names.
     *
     * @param previousSeal the previous file's seal hash, or {@link #NONE} when there is none or it has no seal
     * @param gatewayBin   the gateway's БИН; null when the verifier was not told it (then the signer is not judged)
     */
    static Checked check(ArchiveFile reader, String previousSeal, TrustSetup.TrustedCertificates trusted,
                         String gatewayBin) throws IOException {
        byte[] seal = reader.entryBytes(SEAL);
        if (seal == null) {
            return Checked.bad("it has no seal (" + SEAL + ")");
        }
        X509Certificate signer;
        try {
            signer = signer(seal, reader.manifestBytes());
        } catch (IllegalArgumentException e) {
            return Checked.bad("its seal does not verify: " + e.getMessage());
        }
        Optional<Instant> sealed = sealedAt(reader);
        if (sealed.isEmpty()) {
            return Checked.bad("its manifest names no time it was sealed at (archivedAt)");
        }
        SealTime time;
        try {
            time = sealTime(reader, seal, sealed.get(), trusted);
        } catch (IllegalArgumentException e) {
            return Checked.bad(e.getMessage());
        }
        LaterRules rules = LaterRules.noting();
        Optional<String> signerProblem = signerProblem(signer, time.at(), trusted, gatewayBin, rules);
        if (signerProblem.isPresent()) {
            return Checked.bad(signerProblem.get());
        }
        if (!previousSeal.equals(reader.previousSeal())) {
            return Checked.bad("its manifest names " + reader.previousSeal() + " as the previous file's seal, but"
                    + " the previous file's seal is " + previousSeal + ": the file before it was removed or replaced");
        }
        return new Checked(null, hash(seal), signer.getSubjectX500Principal().getName(), time.at(), time.unstamped(),
                rules.refused());
    }

    /** The time the seal is judged at: its stamp's, or, unstamped, the sealing time with the note why it is not. */
    private record SealTime(Instant at, String unstamped) {
    }

    /** @throws IllegalArgumentException saying why the seal has no time it can be judged at */
    private static SealTime sealTime(ArchiveFile reader, byte[] seal, Instant sealed,
                                     TrustSetup.TrustedCertificates trusted) throws IOException {
        byte[] token = reader.entryBytes(STAMP);
        byte[] unstampedText = reader.entryBytes(UNSTAMPED);
        if (token != null) {
            return new SealTime(stampTime(token, seal, sealed, trusted), null);
        }
        if (unstampedText != null) {
            return new SealTime(sealed, new String(unstampedText, StandardCharsets.UTF_8).strip());
        }
        throw new IllegalArgumentException("its seal has neither a time-stamp (" + STAMP + ") nor a note why ("
                + UNSTAMPED + ")");
    }

    /** The time of the seal's stamp, once it verifies and is not before the file was sealed. */
    private static Instant stampTime(byte[] token, byte[] seal, Instant sealed, TrustSetup.TrustedCertificates trusted) {
        TimeStampTokens.Checked stamp;
        try {
            stamp = TimeStampTokens.check(token, Sha256.of(seal), trusted);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its seal's time-stamp does not verify: " + e.getMessage(), e);
        }
        Duration skew = trusted.policy().clockSkew();
        if (stamp.predates(sealed, skew)) { // it would say the file existed before it was written
            throw new IllegalArgumentException("its seal's time-stamp (" + stamp.time() + ") is before the file was"
                    + " sealed (" + sealed + ") by more than the clock skew " + skew);
        }
        return stamp.time();
    }

    /** The certificate whose signature over {@code manifest} the seal carries, once the signature verifies. */
    private static X509Certificate signer(byte[] seal, byte[] manifest) {
        try {
            SigningAlgorithm.ensureRegistered(); // a GOST seal needs BouncyCastle's provider
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(manifest), seal);
            SignerInformation signature = onlySignature(cms);
            X509CertificateHolder holder = namedCertificate(cms, signature);
            if (!signature.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder))) {
                throw new IllegalArgumentException("the manifest was changed after it was sealed");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CMSException e) {
            throw new IllegalArgumentException("the manifest was changed after it was sealed, or the seal is"
                    + " damaged (" + e.getMessage() + ")", e);
        } catch (OperatorCreationException | CertificateException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("it is not a CMS signature: " + e.getMessage(), e);
        }
    }

    /** The seal's one signature, made with a digest the policy allows. */
    private static SignerInformation onlySignature(CMSSignedData cms) {
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new IllegalArgumentException("it holds " + signers.size() + " signatures, not one");
        }
        SignerInformation signature = signers.iterator().next();
        if (!TimeStampTokens.SIGNATURE_DIGESTS.contains(new ASN1ObjectIdentifier(signature.getDigestAlgOID()))) {
            throw new IllegalArgumentException("its signature uses a digest the policy does not allow ("
                    + signature.getDigestAlgOID() + ")");
        }
        return signature;
    }

    /** The certificate {@code signature} names, which the seal must carry. */
    private static X509CertificateHolder namedCertificate(CMSSignedData cms, SignerInformation signature) {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> named = cms.getCertificates().getMatches(signature.getSID());
        if (named.isEmpty()) {
            throw new IllegalArgumentException("it does not carry the certificate it names");
        }
        return named.iterator().next();
    }

    /**
     * The seal's certificate valid at {@code time} and naming the gateway's БИН. A later rule's refusal (a certificate
     * issued for another purpose: the gateway before session 67 could seal with one) is noted in {@code rules}, as a
     * logged record's signer's is (earlier68's Left).
     */
    private static Optional<String> signerProblem(X509Certificate signer, Instant time,
                                                  TrustSetup.TrustedCertificates trusted, String gatewayBin,
                                                  LaterRules rules) {
        try {
            trusted.validatorAt(time).validateLogged(signer, Purpose.SIGN, FaultCode.TRANSPORT_CERTIFICATE_NOT_VALID,
                    rules);
        } catch (ShepException e) {
            return Optional.of("its seal's certificate (" + signer.getSubjectX500Principal().getName() + ") is not"
                    + " accepted at " + time + ": " + e.getMessage());
        }
        String bin = SubjectIdentity.of(signer).bin();
        if (gatewayBin != null && !gatewayBin.equals(bin)) {
            return Optional.of("it is sealed by " + signer.getSubjectX500Principal().getName() + " (БИН " + bin
                    + "), not by the gateway (БИН " + gatewayBin + ")");
        }
        return Optional.empty();
    }
}
