package kz.qaqpa.trust;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.xml.Dom;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What a signed document says, apart from who signed it how: the SHA-256 of its exclusive canonical form without
 * comments with every ds:Signature left out (the applicant's enveloped one and any co-signature's). The same form
 * signed again, by a deterministic RSA signature or a randomised GOST one, has the same digest; a changed byte of the
 * form has another. An enveloped signature over {@code URI=""} covers everything that remains, so nobody but its
 * signer can make another document with this digest.
 */
public final class SignedContent {
    private SignedContent() {
    }

    /** Lower-case hex SHA-256 of {@code document} without its signatures; {@code document} is left as it is. */
    public static String sha256(Element document) {
        return ofOwnCopy(Santuario.detachedCopy(document));
    }

    /**
     * The digest of the detached copy a signature was checked on ({@link VerifiedDocument}): the checked reference's
     * digest where it is this one ({@link #referenceDigest}) and the copy holds no other signature; otherwise computed
     * on the copy, whose signatures are taken out.
     */
    static String ofVerifiedCopy(Document copy, Optional<String> referenceDigest) {
        return referenceDigestApplies(copy, referenceDigest) ? referenceDigest.get() : ofOwnCopy(copy);
    }

    /**
     * Whether the reference's digest is this one: it leaves out its own signature only, so where the copy holds
     * another (a co-signature, a second signature) this digest leaves out more.
     */
    static boolean referenceDigestApplies(Document copy, Optional<String> referenceDigest) {
        return referenceDigest.isPresent() && signatures(copy).size() == 1;
    }

    /**
     * A checked enveloped reference's digest, in hex, where it digests what this class does: SHA-256 of {@code URI=""}
     * (every comment left out) through the enveloped-signature transform (its signature left out) and then exclusive
     * C14N without comments with no InclusiveNamespaces list (which would add declarations no name uses), as
     * {@link DocumentSigner} writes it. Its DigestValue is then this digest of a document with no other signature:
     * the check compared it with the digest it computed, byte for byte. Empty for any other form.
     */
    static Optional<String> referenceDigest(Reference reference) throws XMLSecurityException {
        boolean thisForm = WsNames.SHA256.equals(reference.getMessageDigestAlgorithm().getAlgorithmURI())
                && List.of(WsNames.ENVELOPED, WsNames.EXC_C14N).equals(Santuario.transforms(reference))
                && Dom.firstChildElement(reference.getTransforms().item(1).getElement()) == null;
        return thisForm ? Optional.of(HexFormat.of().formatHex(reference.getDigestValue())) : Optional.empty();
    }

    /** The digest of {@code copy}, a detached copy no one else holds, with its signatures taken out of it. */
    private static String ofOwnCopy(Document copy) {
        // collected first: removing while walking would cut the walk short
        signatures(copy).forEach(s -> s.getParentNode().removeChild(s));
        return CanonicalDigest.sha256(copy.getDocumentElement());
    }

    private static List<Element> signatures(Document copy) {
        List<Element> signatures = new ArrayList<>();
        Dom.forEachElement(copy.getDocumentElement(), e -> {
            if (Dom.is(e, WsNames.DS, "Signature")) {
                signatures.add(e);
            }
        });
        return signatures;
    }
}
