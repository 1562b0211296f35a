package kz.qaqpa.regulation;

import kz.qaqpa.channel.Inbound;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The business document a reported event carries (a provider's statusNotification, result or act; a channel's
 * consent or questionnaire), and its elements as the event steps read them.
 */
final class EventDocument {
    private EventDocument() {
    }

    /** The document in the inbound message's {@code data}, or null. */
    static Element of(Exchange exchange) {
        return Inbound.of(exchange).businessDocument();
    }

    /**
     * The first element {@code localName} below {@code parent} in the parent's namespace (a statusNotification of any
     * service carries status, registrationNumber, the offered place, a term's extension), or null.
     */
    static Element element(Element parent, String localName) {
        NodeList found = parent.getElementsByTagNameNS(parent.getNamespaceURI(), localName);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    /** The trimmed text of {@link #element}, or null. */
    static String text(Element parent, String localName) {
        Element e = element(parent, localName);
        return e == null ? null : e.getTextContent().trim();
    }
}
