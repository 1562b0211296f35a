package kz.qaqpa.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.ProcessingInstruction;

/**
 * Element-only navigation of a DOM (children, siblings, descendants that are elements), so that whitespace and comments
 * never count as content, and the document-order walk of every node for what must be found wherever it is; the
 * signatures (trust), the channels and the adapters walk a DOM with it.
 */
public final class Dom {
    private Dom() {
    }

    public static List<Element> children(Element parent, String ns, String localName) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    public static List<Element> elementChildren(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    /** The first child that is an element, or null. */
    public static Element firstChildElement(Element parent) {
        return elementFrom(parent.getFirstChild());
    }

    /** The next sibling that is an element, or null. */
    public static Element nextSiblingElement(Element element) {
        return elementFrom(element.getNextSibling());
    }

    /** The first child element named {@code localName} in any namespace (or none), or null. */
    public static Element childElement(Element parent, String localName) {
        Element e = parent == null ? null : firstChildElement(parent);
        while (e != null && !localName.equals(e.getLocalName())) {
            e = nextSiblingElement(e);
        }
        return e;
    }

    /** {@code node} or the first element among its following siblings, or null. */
    private static Element elementFrom(Node node) {
        for (Node n = node; n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    public static boolean is(Element e, String ns, String localName) {
        return e != null && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    /**
     * The QName a prefixed text in content names ({@code xs:string} in an xsi:type, {@code soap:Client} in a fault
     * code), its prefix resolved where {@code context} stands; no prefix: the default namespace in scope. The namespace
     * is "" when the prefix is bound to none.
     */
    public static QName qNameIn(Element context, String text) {
        int colon = text.indexOf(':');
        return new QName(context.lookupNamespaceURI(colon < 0 ? null : text.substring(0, colon)),
                text.substring(colon + 1));
    }

    /**
     * The first processing instruction in {@code root}'s subtree in document order (a Document's own children, before
     * and after its element, included), or null. A loop, not a recursion: it runs before any depth is trusted.
     */
    public static ProcessingInstruction firstProcessingInstruction(Node root) {
        Node node = root.getFirstChild();
        while (node != null) {
            if (node instanceof ProcessingInstruction instruction) {
                return instruction;
            }
            node = nextInDocumentOrder(node, root);
        }
        return null;
    }

    /** The node after {@code node} in document order within {@code root}'s subtree, or null. */
    public static Node nextInDocumentOrder(Node node, Node root) {
        return node.getFirstChild() != null ? node.getFirstChild() : nextSkippingChildren(node, root);
    }

    /** The node after {@code node} and its subtree in document order within {@code root}'s subtree, or null. */
    public static Node nextSkippingChildren(Node node, Node root) {
        for (Node n = node; n != null && n != root; n = n.getParentNode()) {
            if (n.getNextSibling() != null) {
                return n.getNextSibling();
            }
        }
        return null;
    }

    /** Visits {@code root} and every descendant element in document order. */
    public static void forEachElement(Element root, Consumer<Element> action) {
        action.accept(root);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                forEachElement(e, action);
            }
        }
    }
}
