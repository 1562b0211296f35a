package kz.qaqpa.trust;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.w3c.dom.Node;

/**
 * SHA-256 of a node's exclusive canonical form without comments: what an XML-DSig reference with exclusive C14N
 * covers. Two copies differing only where the signature does not look (comments, whitespace inside tags, attribute
 * order, redundant namespace declarations, character references) have the same digest.
 */
public final class CanonicalDigest {
    static {
        Santuario.init();
    }

    private static final int BUFFER_BYTES = 8192;

    private CanonicalDigest() {
    }

    /** Lower-case hex of the SHA-256 over the exclusive C14N (omitting comments) of {@code node}'s subtree. */
    public static String sha256(Node node) {
        try {
            // digested as it is written: the canonical form held whole cost three times its size (a 4.5 MB Body: 13 MB)
            MessageDigest digest = Sha256.newDigest();
            try (OutputStream canonical = new BufferedOutputStream(
                    new DigestOutputStream(OutputStream.nullOutputStream(), digest), BUFFER_BYTES)) {
                Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(node, canonical);
            }
            return Sha256.hex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("cannot canonicalize " + node.getNodeName(), e);
        }
    }
}
