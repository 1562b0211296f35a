package kz.qaqpa.trust;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates the test НУЦ does not issue (chain28's corners and forgeries), made with BouncyCastle, RSA-signed. */
public final class MadeCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    private MadeCertificates() {
    }

    /** A fresh RSA 2048 key pair. */
    public static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code subject}'s certificate of {@code key}, named as issued by {@code issuer}, signed by {@code issuerKey}. */
    public static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey issuerKey, boolean ca) {
        return certificate(new X500Principal(subject), key, new X500Principal(issuer), issuerKey, ca);
    }

    /** The same with names as they stand in other certificates (byte for byte). */
    public static X509Certificate certificate(X500Principal subject, PublicKey key, X500Principal issuer, PrivateKey issuerKey,
                                              boolean ca) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(issuer.getEncoded()),
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), X500Name.getInstance(subject.getEncoded()), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
