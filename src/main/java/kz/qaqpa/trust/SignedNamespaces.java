package kz.qaqpa.trust;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Ours (attack44): exclusive C14N, the reference transform {@link DocumentSigner} and most toolkits use, digests a
 * namespace declaration only where an element or attribute name uses its prefix (or its InclusiveNamespaces
 * PrefixList names it). A declaration no name uses is left out of the digest, and its value is free text to the
 * parser: {@code xmlns:note="…"} put on any element of a signed document after the signing verifies, and would travel
 * on to the provider inside the citizen's document as signed. Such a declaration is refused, as {@link SignatureContent}
 * refuses unsigned content inside the signature. A declaration that adds no text of its own is taken: of a namespace
 * a name of the document uses (under any prefix), or XML Schema's, of a prefix the PrefixList names, an undeclaration
 * ({@code xmlns=""}), one repeating what is in scope already, and one an {@code xsi:type} value resolves its prefix by
 * (attack25: a rebound one is then refused by the schema, SCE001), and (the lead, session 44) any whose value is a
 * namespace name, unused or not: only free text is refused. The prefix itself, a name, is left (as an Id).
 */
final class SignedNamespaces {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String XS = "http://www.w3.org/2001/XMLSchema";
    /** The transforms that digest every declaration in scope (inclusive C14N 1.0 and 1.1): nothing to check. */
    private static final Set<String> INCLUSIVE = Set.of("http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments", "http://www.w3.org/2006/12/xml-c14n11",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments");
    /** The PrefixList's name of the default namespace (Exclusive XML Canonicalization 1.0, 3). */
    private static final String DEFAULT = "#default";
    /**
     * A namespace name as Namespaces in XML 1.0 (2) asks for, an absolute URI in RFC 3986's characters: an identifier
     * (a JAXB or WCF client declares its whole context's, used or not), not the prose a reader would take for the
     * applicant's words, which needs spaces or letters no URI has.
     */
    private static final java.util.regex.Pattern NAMESPACE_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]+");

    private SignedNamespaces() {
    }

    /**
     * Refuses (SCE016) a namespace declaration of {@code root}'s subtree that the reference's exclusive C14N does not
     * digest; {@code signature} is the enveloped one, left out by its transform and walked by {@link SignatureContent}
     * ({@link SignedDocumentWalk} walks both, the signature first).
     *
     * @param transforms the reference's transform URIs
     * @param prefixes   its exclusive C14N's InclusiveNamespaces PrefixList ({@code #default} for the default one)
     */
    static void requireCovered(Element root, Element signature, List<String> transforms, Set<String> prefixes) {
        if (transforms.stream().anyMatch(INCLUSIVE::contains) || !transforms.contains(WsNames.EXC_C14N)
                && !transforms.contains(WsNames.EXC_C14N + "WithComments")) {
            return;   // no exclusive C14N: the node set is digested inclusively (XML-DSig 4.3.3.2), every declaration
        }
        walk(root, signature, prefixes, new NamesUsed(root));
    }

    /**
     * Every namespace a name of the document (its signatures' too) or an xsi:type value there uses, in one pass: a
     * declaration of one of them adds no text the document does not have elsewhere, whatever its prefix (a JAXB or WCF
     * client declares its context's namespaces on the root, used or not), and it is not looked for scope by scope,
     * which would walk the subtree once per declaration.
     */
    private static void collectUses(Element element, Set<String> used) {
        used.add(element.getNamespaceURI());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (WsNames.XMLNS.equals(a.getNamespaceURI())) {
                continue;
            }
            used.add(a.getNamespaceURI());
            if (XSI.equals(a.getNamespaceURI()) && "type".equals(a.getLocalName())) {
                String value = a.getValue().trim();
                used.add(element.lookupNamespaceURI(value.contains(":") ? value.substring(0, value.indexOf(':')) : null));
            }
        }
        for (Element child : Dom.elementChildren(element)) {
            collectUses(child, used);
        }
    }

    /**
     * The namespaces the document's names use, collected on the first declaration that is no namespace name: most
     * documents declare only namespace names, and need no second walk of their subtree.
     */
    private static final class NamesUsed {
        private final Element root;
        private Set<String> used;

        NamesUsed(Element root) {
            this.root = root;
        }

        boolean contains(String uri) {
            if (used == null) {
                used = new HashSet<>(Set.of(XSI, XS));
                collectUses(root, used);
            }
            return used.contains(uri);
        }
    }

    private static void walk(Element element, Element signature, Set<String> prefixes, NamesUsed used) {
        // most elements carry no attribute, and Xerces makes an empty map for an element asked for its attributes
        NamedNodeMap attributes = element.hasAttributes() ? element.getAttributes() : null;
        for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (WsNames.XMLNS.equals(attribute.getNamespaceURI()) && !covered(element, attribute, prefixes, used)) {
                String prefix = prefix(attribute);
                // the value is not quoted: it is the unsigned text
                throw new ShepException(FaultCode.DOCUMENT_SIGNATURE_INVALID, "<" + element.getLocalName()
                        + "> declares " + (prefix == null ? "a default namespace" : "the prefix " + prefix
                        + " for a namespace") + " no name of the document uses, which its signature does not cover: what it"
                        + " carries is not signed");
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e != signature) {
                walk(e, signature, prefixes, used);
            }
        }
    }

    private static boolean covered(Element element, Attr declaration, Set<String> prefixes, NamesUsed used) {
        String uri = declaration.getValue();
        String prefix = prefix(declaration);
        Node parent = element.getParentNode();
        return uri.isEmpty() || prefixes.contains(prefix == null ? DEFAULT : prefix)
                || parent instanceof Element p && uri.equals(p.lookupNamespaceURI(prefix))
                || NAMESPACE_NAME.matcher(uri).matches() || used.contains(uri);
    }

    /** The prefix a declaration binds; null for the default namespace's ({@code xmlns="…"}). */
    private static String prefix(Attr declaration) {
        return "xmlns".equals(declaration.getLocalName()) ? null : declaration.getLocalName();
    }
}
