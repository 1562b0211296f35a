package kz.qaqpa.mocks.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * BouncyCastle certificate and CRL building for the test НУЦ. RSA keys come from the JDK's provider, GOST keys from
 * BouncyCastle's ({@link KeyAlgorithm}); everything is signed in the algorithm of the signing CA's key.
 */
final class CertificateIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateIssuer() {
    }

    static final int RSA_BITS = 2048;

    static KeyPair rsaKeyPair() {
        return rsaKeyPair(RSA_BITS);
    }

    static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X500Name caName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ").addRDN(BCStyle.CN, commonName).build();
    }

    /** CN, SERIALNUMBER=IIN…, OU=BIN…, O, C=KZ as the НУЦ writes them (encoded C first, so it prints CN first). */
    static X500Name subjectName(String commonName, String iin, String bin, String organisation) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "KZ");
        if (organisation != null) {
            builder.addRDN(BCStyle.O, organisation);
        }
        if (bin != null) {
            builder.addRDN(BCStyle.OU, "BIN" + bin);
        }
        if (iin != null) {
            builder.addRDN(BCStyle.SERIALNUMBER, "IIN" + iin);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    static X509Certificate selfSignedCa(X500Name name, KeyPair keys, Instant from, Instant to) {
        return ca(name, keys.getPublic(), name, keys.getPrivate(), null, from, to, null);
    }

    /**
     * A CA certificate; {@code crlUrl} (null: none) goes into its CRL Distribution Points, where the CA above it
     * publishes the list of the CA certificates it revoked (as НУЦ РК's issuing CAs name the root's CRL).
     */
    static X509Certificate ca(X500Name name, PublicKey key, X500Name issuerName, PrivateKey issuerKey, X509Certificate issuer,
                              Instant from, Instant to, String crlUrl) {
        try {
            JcaX509v3CertificateBuilder b = builder(issuerName, name, key, from, to);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null ? 1 : 0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            addKeyIds(b, key, issuer == null ? key : issuer.getPublicKey());
            if (crlUrl != null) {
                addCrlPoint(b, crlUrl);
            }
            return convert(b.build(signer(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue CA certificate " + name, e);
        }
    }

    /**
     * An end-entity certificate's key usage (signing: digitalSignature + nonRepudiation, or authentication only:
     * digitalSignature + keyEncipherment) and its extended key usages (OIDs; none: no extension), critical or not.
     */
    record Usage(boolean authOnly, List<String> extended, boolean extendedCritical) {
        static Usage signing(List<String> extended) {
            return new Usage(false, extended, false);
        }
    }

    /** {@code baseUrl} ends up in AIA (OCSP, caIssuers) and CRL DP, so relying parties can find the test НУЦ services. */
    static X509Certificate endEntity(X500Name name, PublicKey key, X509Certificate issuer, PrivateKey issuerKey,
                                     Usage usage, Instant from, Instant to, String baseUrl) {
        return endEntity(name, key, issuer, issuerKey, usage, from, to, baseUrl, signatureAlgorithm(issuerKey));
    }

    static X509Certificate endEntity(X500Name name, PublicKey key, X509Certificate issuer, PrivateKey issuerKey,
                                     Usage usage, Instant from, Instant to, String baseUrl, String signatureAlgorithm) {
        return endEntity(name, key, issuer, issuerKey, usage, from, to, baseUrl, baseUrl, signatureAlgorithm);
    }

    /** {@code ocspBaseUrl} goes into AIA (OCSP, caIssuers), {@code crlBaseUrl} into the CRL DP. */
    static X509Certificate endEntity(X500Name name, PublicKey key, X509Certificate issuer, PrivateKey issuerKey,
                                     Usage usage, Instant from, Instant to, String ocspBaseUrl, String crlBaseUrl,
                                     String signatureAlgorithm) {
        return endEntity(randomSerial(), name, key, issuer, issuerKey, usage, from, to, ocspBaseUrl, crlBaseUrl,
                signatureAlgorithm);
    }

    /** As above, numbered {@code serial} (e.g. the serial another CA of the same name gave a certificate). */
    static X509Certificate endEntity(BigInteger serial, X500Name name, PublicKey key, X509Certificate issuer,
                                     PrivateKey issuerKey, Usage usage, Instant from, Instant to, String ocspBaseUrl,
                                     String crlBaseUrl, String signatureAlgorithm) {
        return endEntity(serial, name, key, issuer, issuerKey, usage, from, to, ocspBaseUrl, crlBaseUrl,
                signatureAlgorithm, b -> { });
    }

    /**
     * As above, {@code edit} applied to the certificate's extensions before it is signed (attack57: an extension
     * replaced, removed or added, for a certificate the НУЦ should never issue).
     */
    static X509Certificate endEntity(BigInteger serial, X500Name name, PublicKey key, X509Certificate issuer,
                                     PrivateKey issuerKey, Usage usage, Instant from, Instant to, String ocspBaseUrl,
                                     String crlBaseUrl, String signatureAlgorithm, TestPki.CertificateEdit edit) {
        String baseUrl = ocspBaseUrl;
        // each family's issuing CA has its own CRL and certificate address (issuing.crl, issuing-gost.crl)
        String issuingFile = "issuing" + KeyAlgorithm.of(issuer.getPublicKey()).fileSuffix();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), serial, Date.from(from),
                    Date.from(to), name, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int keyUsage = usage.authOnly() ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            if (!usage.extended().isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, usage.extendedCritical(), new ExtendedKeyUsage(usage.extended().stream()
                        .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new)));
            }
            addKeyIds(b, key, issuer.getPublicKey());
            if (baseUrl != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                        new AccessDescription(AccessDescription.id_ad_ocsp, uri(baseUrl + "/ocsp")),
                        new AccessDescription(AccessDescription.id_ad_caIssuers, uri(baseUrl + "/ca/" + issuingFile + ".crt"))}));
                addCrlPoint(b, crlBaseUrl + "/crl/" + issuingFile + ".crl");
            }
            edit.apply(b);
            return convert(b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue certificate " + name, e);
        }
    }

    static X509CRL crl(X509Certificate issuer, PrivateKey issuerKey, Map<BigInteger, Instant> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X509CertificateHolder(issuer.getEncoded()).getSubject(), Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            revoked.forEach((serial, at) -> b.addCRLEntry(serial, Date.from(at), CRLReason.keyCompromise));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
            return new JcaX509CRLConverter().getCRL(b.build(signer(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue CRL", e);
        }
    }

    static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
    }

    /** SHA256withRSA for an RSA CA key, GOST R 34.10-2015 with R 34.11-2015 for a GOST one. */
    static String signatureAlgorithm(PrivateKey issuerKey) {
        return KeyAlgorithm.of(issuerKey).signatureAlgorithm();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(issuer, randomSerial(), Date.from(from), Date.from(to), subject, key);
    }

    /**
     * A random 127-bit serial: it identifies a certificate across the test НУЦ's CAs. Its top bit is always set, so
     * every serial takes 16 bytes and a certificate's length does not vary from run to run (attack53: AttackTest's
     * base64 end cases need a certificate whose length is not a multiple of three; a serial 7 bits short, 1 in 128,
     * made one a byte shorter).
     */
    static BigInteger randomSerial() {
        return new BigInteger(126, RANDOM).setBit(126);
    }

    private static void addKeyIds(X509v3CertificateBuilder b, PublicKey subjectKey, PublicKey issuerKey) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
    }

    private static void addCrlPoint(X509v3CertificateBuilder b, String crlUrl) throws java.io.IOException {
        DistributionPointName crl = new DistributionPointName(new GeneralNames(uri(crlUrl)));
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(crl, null, null)}));
    }

    private static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
