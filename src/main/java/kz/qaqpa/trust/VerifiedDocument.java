package kz.qaqpa.trust;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A document whose own signature {@link DocumentVerifier#verified} checked: its signer, and what it says without its
 * signatures ({@link SignedContent}) taken from the copy the signature was checked on, so that the intake copies the
 * document once (perf59a: the once-only check took a second copy of its own). Used by one thread, once checked.
 */
public final class VerifiedDocument {
    private final Element original;
    private final X509Certificate signer;
    private final Document copy;
    private final Optional<String> referenceDigest;
    private String contentDigest;

    /**
     * @param copy            the detached copy the signature was checked on, which no one else holds: the digest may
     *                        take its signatures out
     * @param referenceDigest the checked reference's digest where it is {@link SignedContent}'s (hex), else empty
     */
    VerifiedDocument(Element original, X509Certificate signer, Document copy, Optional<String> referenceDigest) {
        this.original = original;
        this.signer = signer;
        this.copy = copy;
        this.referenceDigest = referenceDigest;
    }

    public X509Certificate signer() {
        return signer;
    }

    /** Whether this is the check of {@code document} itself (the element, not an equal one). */
    public boolean isOf(Element document) {
        return original == document;
    }

    /** {@link SignedContent#sha256} of the document as it was checked, computed at most once. */
    public String contentDigest() {
        if (contentDigest == null) {
            contentDigest = SignedContent.ofVerifiedCopy(copy, referenceDigest);
        }
        return contentDigest;
    }

    /** Whether {@link #contentDigest} is the checked reference's, read rather than computed (what the tests count). */
    boolean digestReadFromSignature() {
        return SignedContent.referenceDigestApplies(copy, referenceDigest);
    }
}
