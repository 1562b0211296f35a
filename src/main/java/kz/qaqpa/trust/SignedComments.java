package kz.qaqpa.trust;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Ours (attack50): a document's signature references the whole document ({@code URI=""}), and such a same-document
 * reference digests the document without its comments, whatever canonicalization follows (XML-DSig, "Same-Document URI-References").
 * A comment put anywhere in a signed document after the signing therefore verifies, and travelled on to the provider
 * (or back to the citizen) inside the document as signed: text of the sender's choosing, and a comment splitting a
 * value (an ИИН) makes a reader that takes the first text node (the SAML comment truncation of 2018) read another
 * value than the one signed. No signer's document needs one: refused, as {@link SignedNamespaces} refuses an unsigned
 * declaration and {@link SignatureContent} a comment inside the signature. Processing instructions are digested and
 * need no rule here.
 */
final class SignedComments {
    private SignedComments() {
    }

    /** Refuses (SCE016) a comment in {@code root}'s subtree outside {@code signature}, which SignatureContent walks. */
    static void requireNone(Element root, Element signature) {
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.COMMENT_NODE) {
                // the comment's text is not quoted: it is the unsigned text
                throw new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, "<" + root.getLocalName() + "> holds a"
                        + " comment, which its signature does not cover (a reference to the whole document leaves"
                        + " comments out): what it carries is not signed");
            }
            if (child instanceof Element e && e != signature) {
                requireNone(e, signature);
            }
        }
    }
}
