package kz.qaqpa.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.XmlCharacters;

/**
 * A certificate as a message carries it, base64 text (ds:X509Certificate, a wsse:BinarySecurityToken or
 * KeyIdentifier): exactly one DER certificate. The JDK's factory reads the first certificate of its bytes and ignores
 * what follows (a second certificate, PEM text), and a lenient base64 decoder skips characters it does not know; a
 * document travels on as it came, so bytes the gateway never read would put a second identity before a reader that
 * reads them (review39b). Ours: the text is base64 with XML whitespace only, and its bytes are the certificate's own
 * encoding, no more.
 */
final class CertificateText {
    /** The provider look-up of getInstance is a measurable part of reading a small message; one factory per thread. */
    private static final ThreadLocal<CertificateFactory> X509 = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    });

    /**
     * Bounds {@link #READ}, in characters of the texts it keeps: a certificate's text is some 1,000-2,500, so a few
     * thousand signers' certificates (the gateway's peers are a few systems), some 16 MB at most with the certificates.
     */
    private static final long MAX_READ_CHARS = 4_000_000;
    /**
     * Texts read, each with its certificate (perf55c): the signer's certificate of every signed message is the same few
     * texts, and decoding, reading and comparing one again was a tenth of a transport signature's check. Safe to share:
     * the certificate is a function of the text alone (the text must equal a kept one character for character, and
     * a refused text is never kept), and every check of the certificate itself (its chain, validity, key usage,
     * revocation) is the caller's and runs for every message as before. Bounded by the texts' length: a sender
     * choosing large or new texts only makes others give way.
     */
    private static final Cache<String, X509Certificate> READ = Caffeine.newBuilder().maximumWeight(MAX_READ_CHARS)
            .weigher((String text, X509Certificate certificate) -> text.length()).executor(Runnable::run).build();
    /** Bounds {@link #TEXTS}: the gateway's own keys and the mocks', a few. */
    private static final int MAX_OWN_TEXTS = 64;
    /**
     * The base64 text of each certificate a signer of ours writes into its KeyInfo (perf55c): one of a few keys,
     * encoded again on every signature before. By identity (weak keys): a key's certificate lives as long as the key.
     */
    private static final Cache<X509Certificate, String> TEXTS = Caffeine.newBuilder().maximumSize(MAX_OWN_TEXTS)
            .weakKeys().executor(Runnable::run).build();

    private CertificateText() {
    }

    /** The one certificate {@code base64} holds, or {@code refusal}'s exception naming {@code what} and why. */
    static X509Certificate read(String base64, String what, Function<String, ShepException> refusal) {
        X509Certificate known = READ.getIfPresent(base64);
        if (known != null) {
            return known;
        }
        X509Certificate certificate = readAnew(base64, what, refusal);
        READ.put(base64, certificate);
        return certificate;
    }

    /** {@code certificate} as base64 text on one line, as a KeyIdentifier holds it. */
    static String of(X509Certificate certificate) {
        return TEXTS.get(certificate, c -> Base64.getEncoder().encodeToString(encoded(c)));
    }

    private static X509Certificate readAnew(String base64, String what, Function<String, ShepException> refusal) {
        byte[] der = bytes(base64, what, refusal);
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) X509.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw refusal.apply(what + " does not hold a readable X.509 certificate");
        }
        if (!Arrays.equals(encoded(certificate), der)) {
            throw refusal.apply(what + " holds more than one certificate's own DER encoding (" + der.length
                    + " bytes, the certificate of " + Certificates.describe(certificate) + " " + encoded(certificate).length + ")");
        }
        return certificate;
    }

    /** The bytes of base64 text in which only XML whitespace may stand between the characters (xs:base64Binary). */
    static byte[] bytes(String base64, String what, Function<String, ShepException> refusal) {
        try {
            return Base64.getDecoder().decode(withoutSpace(base64));
        } catch (IllegalArgumentException e) {
            throw refusal.apply(what + " is not base64 text");
        }
    }

    /**
     * {@code text} without XML's whitespace, which xs:base64Binary lets stand between the characters; the text itself
     * when it has none, as signers mostly write a certificate. Not a pattern: every signed message's signer certificate
     * is read here (a pattern's replaceAll was 12% of (b)'s samples in xml47's profile, on a loaded machine).
     */
    private static String withoutSpace(String text) {
        if (!XmlCharacters.hasSpace(text)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!XmlCharacters.isSpace(c)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    /** The factory for a path (PkiPath) of the same thread. */
    static CertificateFactory factory() {
        return X509.get();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
        }
    }
}
