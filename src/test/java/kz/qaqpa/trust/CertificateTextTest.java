package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Random;
import java.util.function.Function;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.Test;

/**
 * A certificate's base64 text: XML's whitespace (space, tab, line feed, carriage return) may stand anywhere between its
 * characters, nothing else (xs:base64Binary, review39b). xml47 reads it with a loop instead of a pattern; these cases
 * hold the loop to the pattern's language.
 */
class CertificateTextTest {
    private static final Function<String, ShepException> REFUSAL =
            what -> new ShepException(FaultCode.TRANSPORT_SIGNATURE_INVALID, what);
    /** The characters the random texts are made of: base64's, XML's whitespace, and whitespace XML does not allow. */
    private static final String CHARACTERS = "AZaz09+/= \t\r\n\f\u000b\u00a0\u2028\u3000-";

    @Test
    void aCertificateOnOneLineOrInLinesOfAnyXmlWhitespaceIsRead() {
        X509Certificate certificate = SharedTestPki.key("gateway").certificate();
        String text = base64(certificate);
        for (String form : new String[] {text, lines(text, "\n"), lines(text, "\r\n"), " \t" + lines(text, "\r") + "\n ",
                text.replace("A", "A ")}) {
            assertThat(CertificateText.read(form, "the KeyIdentifier", REFUSAL)).isEqualTo(certificate);
        }
    }

    @Test
    void whitespaceXmlDoesNotAllowIsRefused() {
        String text = base64(SharedTestPki.key("gateway").certificate());
        for (String other : new String[] {"\f", "\u000b", "\u00a0", "\u2028", "\u3000"}) {
            String form = text.substring(0, 64) + other + text.substring(64);
            assertThatThrownBy(() -> CertificateText.read(form, "the KeyIdentifier", REFUSAL))
                    .isInstanceOf(ShepException.class).hasMessageContaining("is not base64 text");
        }
    }

    /**
     * perf55c: a text read before is not decoded and parsed again (every signed message carries one of a few signers'
     * texts, each a new string). Seen failing before the cache: some 9 KB a read. Counted over 100 reads with nothing
     * else in the measured loop (CI once counted 14 KB for 10 reads with the assertions inside it), under 1 KB a read.
     */
    @Test
    void aTextReadBeforeIsNotDecodedAgain() {
        String text = base64(SharedTestPki.key("portal").certificate());
        CertificateText.read(text, "the KeyIdentifier", REFUSAL);
        String[] copies = new String[100];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = new String(text.toCharArray()); // as a new message's text node holds it
        }
        X509Certificate[] read = new X509Certificate[copies.length];

        long allocated = kz.qaqpa.Allocations.during(() -> {
            for (int i = 0; i < copies.length; i++) {
                read[i] = CertificateText.read(copies[i], "the KeyIdentifier", REFUSAL);
            }
        });

        assertThat(read).containsOnly(SharedTestPki.key("portal").certificate());
        assertThat(allocated).as("bytes allocated by 100 reads of a known text").isLessThan(100_000);
    }

    /** What is kept is the text exactly: a text with a second certificate after a known one is refused as before. */
    @Test
    void aKnownCertificateWithMoreAfterItIsStillRefused() throws Exception {
        X509Certificate first = SharedTestPki.key("portal").certificate();
        byte[] second = SharedTestPki.key("gateway").certificate().getEncoded();
        byte[] both = java.nio.ByteBuffer.allocate(first.getEncoded().length + second.length).put(first.getEncoded())
                .put(second).array();
        CertificateText.read(base64(first), "the KeyIdentifier", REFUSAL);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> CertificateText.read(Base64.getEncoder().encodeToString(both), "the KeyIdentifier",
                    REFUSAL)).isInstanceOf(ShepException.class).hasMessageContaining("more than one certificate");
        }
    }

    /**
     * perf55c: a signer of ours writes its certificate's text into every KeyIdentifier; it is encoded once per
     * certificate ({@code EnvelopeSignatureTest} shows it in the signatures), and is the certificate's own base64.
     */
    @Test
    void anOwnCertificatesTextIsEncodedOnce() {
        X509Certificate certificate = SharedTestPki.key("gateway").certificate();

        String text = CertificateText.of(certificate);

        assertThat(text).isEqualTo(base64(certificate)).isSameAs(CertificateText.of(certificate));
    }

    /** The loop against the pattern it replaced ({@code [ \t\r\n]} removed, then strict base64), on random texts. */
    @Test
    void theBytesAreThePatternsForAnyText() {
        Random random = new Random(47);
        for (int n = 0; n < 20_000; n++) {
            String text = n % 2 == 0 ? randomText(random) : spaced(random);
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(text.replaceAll("[ \\t\\r\\n]", ""));
            } catch (IllegalArgumentException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> CertificateText.bytes(text, "text", REFUSAL)).as("%s", text)
                        .isInstanceOf(ShepException.class);
            } else {
                assertThat(CertificateText.bytes(text, "text", REFUSAL)).as("%s", text).isEqualTo(expected);
            }
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
        }
        return text.toString();
    }

    /** Base64 of random bytes with XML's whitespace, and now and then another character, put in at random places. */
    private static String spaced(Random random) {
        byte[] bytes = new byte[random.nextInt(30)];
        random.nextBytes(bytes);
        StringBuilder text = new StringBuilder(Base64.getEncoder().encodeToString(bytes));
        for (int i = random.nextInt(6); i > 0; i--) {
            String put = random.nextInt(10) == 0 ? "\u00a0" : String.valueOf(" \t\r\n".charAt(random.nextInt(4)));
            text.insert(random.nextInt(text.length() + 1), put);
        }
        return text.toString();
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lines(String text, String lineBreak) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < text.length(); i += 64) {
            lines.append(text, i, Math.min(text.length(), i + 64)).append(lineBreak);
        }
        return lines.toString();
    }
}
