package kz.qaqpa.xml;

import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Adds the xmlns attributes a DOM built with createElementNS lacks, so that every element and attribute name is
 * declared where it is used. Santuario's canonicalizers read namespaces from xmlns attributes only; this is the
 * namespace fixup of DOM level 3 {@code normalizeDocument}, without that method's other work (name checks, text
 * merging, a configuration object per call), which cost more than the signature itself on small messages.
 * Iterative, so a deep tree cannot overflow the stack.
 */
public final class NamespaceDeclarations {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

    private final NamespaceScope scope = new NamespaceScope();

    private NamespaceDeclarations() {
    }

    /** Declares, on {@code root} and its descendants, every namespace their names use and nothing declares. */
    public static void declareMissing(Element root) {
        NamespaceDeclarations fixup = new NamespaceDeclarations();
        fixup.scope.open(inherited(root));
        fixup.walk(root);
    }

    private void walk(Element root) {
        Element current = root;
        enter(current);
        while (true) {
            Element child = Dom.firstChildElement(current);
            if (child != null) {
                current = child;
                enter(current);
                continue;
            }
            while (true) {
                scope.close();
                if (current == root) {
                    return;
                }
                Element sibling = Dom.nextSiblingElement(current);
                if (sibling != null) {
                    current = sibling;
                    enter(current);
                    break;
                }
                current = (Element) current.getParentNode();
            }
        }
    }

    private void enter(Element element) {
        Map<String, String> own = scope.open(declaredOn(element));
        declare(element, own, prefixOf(element), element.getNamespaceURI());
        NamedNodeMap live = element.getAttributes();
        Attr[] attributes = new Attr[live.getLength()]; // declaring adds attributes to the live map
        for (int i = 0; i < attributes.length; i++) {
            attributes[i] = (Attr) live.item(i);
        }
        for (Attr attribute : attributes) {
            String namespace = attribute.getNamespaceURI();
            if (namespace == null || namespace.isEmpty() || XMLNS.equals(namespace)
                    || XMLConstants.XML_NS_URI.equals(namespace)) {
                continue;
            }
            String prefix = attribute.getPrefix();
            if (scope.needsFreshPrefix(prefix, namespace)) {
                // an unprefixed attribute is in no namespace, and redeclaring a prefix in use could change other names
                prefix = scope.freshPrefix();
                attribute.setPrefix(prefix);
            }
            declare(element, own, prefix, namespace);
        }
    }

    private void declare(Element element, Map<String, String> own, String prefix, String namespace) {
        String wanted = namespace == null ? "" : namespace;
        if (wanted.equals(scope.boundTo(prefix))) {
            return;
        }
        element.setAttributeNS(XMLNS, prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix, wanted);
        own.put(prefix, wanted);
    }

    private static String prefixOf(Element element) {
        return element.getPrefix() == null ? "" : element.getPrefix();
    }

    private static Map<String, String> declaredOn(Element element) {
        Map<String, String> declared = new HashMap<>(4);
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (XMLNS.equals(attribute.getNamespaceURI())) {
                String prefix = "xmlns".equals(attribute.getNodeName()) ? "" : attribute.getLocalName();
                declared.put(prefix, attribute.getNodeValue());
            }
        }
        return declared;
    }

    /** What the ancestors of {@code root} declare, nearest first. */
    private static Map<String, String> inherited(Element root) {
        Map<String, String> declared = new HashMap<>();
        for (Node n = root.getParentNode(); n instanceof Element ancestor; n = n.getParentNode()) {
            declaredOn(ancestor).forEach(declared::putIfAbsent);
        }
        return declared;
    }
}
