package kz.qaqpa.channel;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XsDateTime;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * attack59's bound on the contract's own xs:dateTime fields (messageDate, requestDate, responseDate, errorDate,
 * statusDate, notificationDate), read from the contract files once. JAXB reads such a field with the JDK's
 * DatatypeFactory, in time growing with the square of a second's fraction's digits (a million held a thread for
 * minutes); the schema takes a fraction of any length. One rule for whoever wrote the message: a client's request at
 * the gate, a partner's answer (a state system's, a channel's answer to a callback) wherever {@link ShepXml#fromNode}
 * reads it, a state system's look-up answer before the gateway validates and signs it on.
 */
public final class ContractDateTimes {
    /** The local names of the elements the contract files, and the files they import or include, declare xs:dateTime. */
    private static final Set<String> NAMES = readNames();

    private ContractDateTimes() {
    }

    /**
     * MALFORMED_MESSAGE when a contract xs:dateTime field below {@code root} (itself included) holds more than
     * {@link XsDateTime#MAX_TEXT} characters, whitespace around left out; the text is not quoted. {@code data} is
     * skipped: the business document there is not JAXB's ({@link DataPlaceholders}), its dates are read by
     * {@link XsDateTime}, which bounds them itself.
     */
    public static void requireReadable(Node root) {
        for (Node n = root; n != null; ) {
            if (n instanceof Element e && e.getNamespaceURI() == null && "data".equals(e.getLocalName())) {
                n = Dom.nextSkippingChildren(e, root);
                continue;
            }
            if (n instanceof Element e && NAMES.contains(e.getLocalName())) {
                int length = e.getTextContent().trim().length();
                if (length > XsDateTime.MAX_TEXT) {
                    throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + e.getLocalName() + "> holds " + length
                            + " characters, more than any xs:dateTime the gateway reads (" + XsDateTime.MAX_TEXT
                            + ": a four-digit year, a second's fraction of a few digits)");
                }
            }
            n = Dom.nextInDocumentOrder(n, root);
        }
    }

    /** The names, for a test to see that the imported files were followed. */
    static Set<String> names() {
        return NAMES;
    }

    private static Set<String> readNames() {
        Set<String> names = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (String file : ContractSchemas.CONTRACT) {
            URL url = ContractDateTimes.class.getClassLoader().getResource(file);
            if (url == null) {
                throw new IllegalStateException("schema " + file + " is not on the classpath");
            }
            collect(url, ContractSchemas.read(url), seen, names);
        }
        return Set.copyOf(names);
    }

    /**
     * Adds the names of the xs:dateTime elements of {@code schema} (read from {@code url}) and of the files it imports
     * or includes, each read once ({@code seen}): the operations' types lie in imported files (async-types.xsd).
     */
    private static void collect(URL url, Document schema, Set<String> seen, Set<String> names) {
        if (!seen.add(url.toExternalForm())) {
            return;
        }
        names.addAll(dateTimeElements(schema));
        for (String kind : List.of("import", "include")) {
            NodeList references = schema.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, kind);
            for (int i = 0; i < references.getLength(); i++) {
                String location = ((Element) references.item(i)).getAttribute("schemaLocation");
                if (!location.isEmpty()) {
                    try {
                        URL referenced = new URL(url, location);
                        collect(referenced, ContractSchemas.read(referenced), seen, names);
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException("schema " + url + " names " + location, e);
                    }
                }
            }
        }
    }

    /** The names of the elements a schema file declares of type xs:dateTime, wherever it declares them. */
    private static List<String> dateTimeElements(Document schema) {
        NodeList elements = schema.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            QName type = Dom.qNameIn(element, element.getAttribute("type"));
            if (type.getLocalPart().equals("dateTime")
                    && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(type.getNamespaceURI())) {
                names.add(element.getAttribute("name"));
            }
        }
        return names;
    }
}
