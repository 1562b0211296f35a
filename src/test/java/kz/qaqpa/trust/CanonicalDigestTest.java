package kz.qaqpa.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import kz.qaqpa.Allocations;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.c14n.Canonicalizer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The digest that tells a sender's retry from another message: the canonical form's, without holding that form. */
class CanonicalDigestTest {
    private static final int LARGE = 4_500_000;

    /**
     * Session 24: the canonical form is digested as it is written. Before: it was collected whole, some 13 MB
     * allocated for this 4.5 MB Body (the growing buffer's copies, then one more), on every request.
     */
    @Test
    void aLargeBodyIsDigestedWithoutHoldingItsCanonicalForm() throws Exception {
        Document doc = SecureXml.parse(("<s:Body xmlns:s=\"urn:s\" xmlns:unused=\"urn:u\"><!--c--><s:p a=\"1\">ё"
                + "x".repeat(LARGE) + "</s:p></s:Body>").getBytes(StandardCharsets.UTF_8));
        Element body = doc.getDocumentElement();
        CanonicalDigest.sha256(body); // the code it runs warmed
        String[] digest = new String[1];

        long allocated = Allocations.during(() -> digest[0] = CanonicalDigest.sha256(body));

        assertThat(digest[0]).isEqualTo(digestOfCanonicalForm(body));
        assertThat(allocated).as("bytes allocated digesting %d characters", LARGE).isLessThan(LARGE / 4);
    }

    /** Exclusive C14N without comments, collected and then digested. */
    private static String digestOfCanonicalForm(Element element) throws Exception {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(element, canonical);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray()));
    }
}
