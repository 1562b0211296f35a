package kz.qaqpa.regulation;

import java.util.Iterator;
import java.util.List;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the regulation's checks need from an application, whatever the service's document looks like. The route
 * file names where each fact sits in its document (variables {@code field.<name>}: XPath relative to the document
 * element, prefix {@code d} = the document's namespace); a fact the service does not have is null.
 */
public record ApplicationFacts(String serviceCode, String channel, String applicantIin, String applicantBin,
                               String childIin, String operatorIin, String representativeIin,
                               String powerOfAttorneyNumber, Boolean consentAgreed) {

    public static final List<String> FIELDS = List.of("serviceCode", "channel", "applicantIin", "applicantBin",
            "childIin", "operatorIin", "representativeIin", "powerOfAttorneyNumber", "consentAgreed");

    public static ApplicationFacts read(Exchange exchange, Element document) {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new DocumentNamespace(document.getNamespaceURI()));
        String[] v = new String[FIELDS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(xpath, exchange.getVariable("field." + FIELDS.get(i), String.class), document);
        }
        return new ApplicationFacts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                v[8] == null ? null : Boolean.valueOf(v[8]));
    }

    private static String value(XPath xpath, String path, Element document) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            Node node = (Node) xpath.evaluate(path, document, XPathConstants.NODE);
            return node == null ? null : node.getTextContent().trim();
        } catch (XPathExpressionException e) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's field path '" + path + "' is broken", e);
        }
    }

    /** Prefix d names the application document's own namespace. */
    private record DocumentNamespace(String uri) implements NamespaceContext {
        @Override
        public String getNamespaceURI(String prefix) {
            return "d".equals(prefix) ? uri : javax.xml.XMLConstants.NULL_NS_URI;
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return uri.equals(namespaceUri) ? "d" : null;
        }

        @Override
        public Iterator<String> getPrefixes(String namespaceUri) {
            return uri.equals(namespaceUri) ? List.of("d").iterator() : java.util.Collections.emptyIterator();
        }
    }
}
