package kz.qaqpa.channel;

import java.util.HashSet;
import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * JAXB declares every namespace of its context on the root element it writes: a dozen declarations (the ШЭП types
 * and every regulation's documents) on each message, about a fifth of a signed message's bytes, which every parse,
 * canonicalisation, digest and log record then carried. {@link #drop} removes those of the root's prefixed
 * declarations that no element or attribute name below uses, nor an xsi:type value (the only QNames in content the
 * contracts have). Copied-in business documents keep theirs: they declare their own on their element.
 */
final class UnusedNamespaces {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private UnusedNamespaces() {
    }

    static void drop(Element root) {
        Set<String> used = usedPrefixes(root);
        NamedNodeMap attributes = root.getAttributes();
        for (int i = attributes.getLength() - 1; i >= 0; i--) {
            Attr a = (Attr) attributes.item(i);
            // the default namespace (xmlns="...") is left alone: undeclaring it could change unprefixed names
            if (XMLNS.equals(a.getNamespaceURI()) && a.getPrefix() != null && !used.contains(a.getLocalName())) {
                root.removeAttributeNode(a);
            }
        }
    }

    private static Set<String> usedPrefixes(Element root) {
        Set<String> used = new HashSet<>();
        for (Node n = root; n != null; n = Dom.nextInDocumentOrder(n, root)) {
            if (n instanceof Element e) {
                addPrefix(used, e.getPrefix());
                NamedNodeMap attributes = e.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr a = (Attr) attributes.item(i);
                    if (!XMLNS.equals(a.getNamespaceURI())) {
                        addPrefix(used, a.getPrefix());
                    }
                    if (XSI.equals(a.getNamespaceURI()) && "type".equals(a.getLocalName())) {
                        int colon = a.getValue().indexOf(':');
                        addPrefix(used, colon < 0 ? null : a.getValue().substring(0, colon).trim());
                    }
                }
            }
        }
        return used;
    }

    private static void addPrefix(Set<String> used, String prefix) {
        if (prefix != null) {
            used.add(prefix);
        }
    }
}
