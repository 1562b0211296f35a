package kz.qaqpa.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.Dom;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The contract schemas (wsdl/types and xsd/) compiled once; validates operation payloads and business documents.
 * Business data inside {@code data} is anyType in the envelope schema, whose wildcard is lax: a payload's validation
 * validates a document there fully when the schemas declare its element, and lets an undeclared one through
 * ({@link #declares} tells which).
 */
public final class ContractSchemas {
    private static final List<String> CONTRACT = List.of("wsdl/types/common.xsd", "wsdl/types/sync-channel.xsd",
            "wsdl/types/async-channel.xsd", "wsdl/types/async-client.xsd");
    /**
     * The longest text a pattern facet reads. The JDK's XML Schema regex takes time quadratic in the text's length
     * (a 40,000-character value of one `.*\S.*` field took 170 ms; 4.5 MB, half an hour) and reads a value before its
     * maxLength is checked: a longer text is first held to its length by the schemas without their patterns.
     * SchemaPatternsTest keeps every unbounded pattern of the schemas within this length.
     */
    public static final int PATTERN_TEXT_LIMIT = 4096;
    /** Where a violation's message quotes the value (Xerces quotes all of it), only so much of it is kept. */
    private static final int MESSAGE_LIMIT = 1000;
    private final Schema schema;
    private final Schema withoutPatterns;
    private final Set<QName> globalElements = new HashSet<>();
    private final ThreadLocal<Validator> validators;
    private final ThreadLocal<Validator> lengthValidators;

    /** @param documents the business documents' schemas on the classpath (qaqpa.documents.schemas) */
    public ContractSchemas(List<String> documents) {
        List<String> files = new ArrayList<>(CONTRACT);
        files.addAll(documents);
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar,jar:file");
            Source[] sources = new Source[files.size()];
            Source[] unpatterned = new Source[files.size()];
            for (int i = 0; i < sources.length; i++) {
                URL url = ContractSchemas.class.getClassLoader().getResource(files.get(i));
                if (url == null) {
                    throw new IllegalStateException("schema " + files.get(i) + " is not on the classpath");
                }
                sources[i] = new StreamSource(url.toExternalForm());
                Document file = read(url);
                globalElements.addAll(globalElements(file));
                unpatterned[i] = withoutPatterns(file, url);
            }
            schema = factory.newSchema(sources);
            withoutPatterns = factory.newSchema(unpatterned);
            validators = ThreadLocal.withInitial(() -> newValidator(schema));
            lengthValidators = ThreadLocal.withInitial(() -> newValidator(withoutPatterns));
        } catch (SAXException e) {
            throw new IllegalStateException("contract schemas do not compile", e);
        }
    }

    /**
     * A Validator is not thread-safe, and building one (its schema loader and component manager) cost as much as a
     * validation: one per thread, reused; each validation starts from a clean state.
     */
    private static Validator newValidator(Schema schema) {
        try {
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return validator;
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK schema validator cannot be configured", e);
        }
    }

    /** One of our own schema files as a DOM. */
    private static Document read(URL file) {
        try (InputStream in = file.openStream()) {
            return SecureXml.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema file {@code schema} read from {@code file} with its pattern facets left out (imports from its URL). */
    private static Source withoutPatterns(Document schema, URL file) {
        NodeList patterns = schema.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "pattern");
        for (int i = patterns.getLength() - 1; i >= 0; i--) {
            patterns.item(i).getParentNode().removeChild(patterns.item(i));
        }
        return new DOMSource(schema, file.toExternalForm());
    }

    /** The elements a schema file declares at its top level (our own files: none includes or imports another). */
    private static List<QName> globalElements(Document schema) {
        Element root = schema.getDocumentElement();
        String namespace = root.getAttribute("targetNamespace");
        List<QName> names = new ArrayList<>();
        for (Element e = Dom.firstChildElement(root); e != null;
             e = Dom.nextSiblingElement(e)) {
            if (XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI()) && "element".equals(e.getLocalName())) {
                names.add(new QName(namespace, e.getAttribute("name")));
            }
        }
        return names;
    }

    /**
     * Whether the schemas declare {@code element} at their top level: then the validation of the payload that carries
     * it in {@code data} has validated it already (lax wildcard), and a second validation would only repeat it.
     */
    public boolean declares(Element element) {
        String namespace = element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
        return declares(new QName(namespace, element.getLocalName()));
    }

    /** Whether the schemas declare an element of this name at their top level (see {@link #declares(Element)}). */
    public boolean declares(QName element) {
        return globalElements.contains(element);
    }

    /** Throws MALFORMED_MESSAGE naming the first violation. */
    public void validate(Element element) {
        if (holdsTextLongerThan(element, PATTERN_TEXT_LIMIT)) {
            validate(lengthValidators.get(), element);
        }
        validate(validators.get(), element);
    }

    private static void validate(Validator validator, Element element) {
        try {
            validator.validate(new DOMSource(element));
        } catch (SAXException e) {
            String violation = String.valueOf(e.getMessage());
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + element.getLocalName()
                    + "> does not match the contract: " + (violation.length() <= MESSAGE_LIMIT ? violation
                    : violation.substring(0, MESSAGE_LIMIT) + "… (" + violation.length() + " characters)"), e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a text or an attribute value below {@code element} is longer than {@code limit} characters. */
    private static boolean holdsTextLongerThan(Element element, int limit) {
        Node node = element;
        while (node != null) {
            if (node.getNodeValue() != null && node.getNodeValue().length() > limit) {
                return true;
            }
            NamedNodeMap attributes = node.getAttributes();
            for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
                if (attributes.item(i).getNodeValue().length() > limit) {
                    return true;
                }
            }
            node = next(node, element);
        }
        return false;
    }

    /** The node after {@code node} in document order, within {@code root}; null at the end. */
    private static Node next(Node node, Node root) {
        if (node.getFirstChild() != null) {
            return node.getFirstChild();
        }
        while (node != root && node.getNextSibling() == null) {
            node = node.getParentNode();
        }
        return node == root ? null : node.getNextSibling();
    }
}
