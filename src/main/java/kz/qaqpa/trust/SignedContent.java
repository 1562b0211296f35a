package kz.qaqpa.trust;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.xml.Dom;
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
        Document copy = Santuario.detachedCopy(document);
        List<Element> signatures = new ArrayList<>();
        Dom.forEachElement(copy.getDocumentElement(), e -> {
            if (Dom.is(e, WsNames.DS, "Signature")) {
                signatures.add(e);
            }
        });
        // collected first: removing while walking would cut the walk short
        signatures.forEach(s -> s.getParentNode().removeChild(s));
        return CanonicalDigest.sha256(copy.getDocumentElement());
    }
}
