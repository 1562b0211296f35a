package kz.qaqpa.channel;

import java.net.URL;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Element;
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
    private final Schema schema;
    private final java.util.Set<javax.xml.namespace.QName> globalElements = new java.util.HashSet<>();
    private final ThreadLocal<Validator> validators = ThreadLocal.withInitial(this::newValidator);

    /** @param documents the business documents' schemas on the classpath (qaqpa.documents.schemas) */
    public ContractSchemas(List<String> documents) {
        List<String> files = new java.util.ArrayList<>(CONTRACT);
        files.addAll(documents);
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar,jar:file");
            Source[] sources = new Source[files.size()];
            for (int i = 0; i < sources.length; i++) {
                URL url = ContractSchemas.class.getClassLoader().getResource(files.get(i));
                if (url == null) {
                    throw new IllegalStateException("schema " + files.get(i) + " is not on the classpath");
                }
                sources[i] = new StreamSource(url.toExternalForm());
                globalElements.addAll(globalElements(url));
            }
            schema = factory.newSchema(sources);
        } catch (SAXException e) {
            throw new IllegalStateException("contract schemas do not compile", e);
        }
    }

    /**
     * A Validator is not thread-safe, and building one (its schema loader and component manager) cost as much as a
     * validation: one per thread, reused; each validation starts from a clean state.
     */
    private Validator newValidator() {
        try {
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return validator;
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK schema validator cannot be configured", e);
        }
    }

    /** The elements a schema file declares at its top level (our own files: none includes or imports another). */
    private static java.util.List<javax.xml.namespace.QName> globalElements(URL file) {
        try (java.io.InputStream in = file.openStream()) {
            Element root = kz.qaqpa.trust.SecureXml.parse(in).getDocumentElement();
            String namespace = root.getAttribute("targetNamespace");
            java.util.List<javax.xml.namespace.QName> names = new java.util.ArrayList<>();
            for (Element e = kz.qaqpa.trust.Dom.firstChildElement(root); e != null;
                 e = kz.qaqpa.trust.Dom.nextSiblingElement(e)) {
                if (XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI()) && "element".equals(e.getLocalName())) {
                    names.add(new javax.xml.namespace.QName(namespace, e.getAttribute("name")));
                }
            }
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Whether the schemas declare {@code element} at their top level: then the validation of the payload that carries
     * it in {@code data} has validated it already (lax wildcard), and a second validation would only repeat it.
     */
    public boolean declares(Element element) {
        String namespace = element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
        return globalElements.contains(new javax.xml.namespace.QName(namespace, element.getLocalName()));
    }

    /** Throws MALFORMED_MESSAGE naming the first violation. */
    public void validate(Element element) {
        try {
            validators.get().validate(new DOMSource(element));
        } catch (SAXException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + element.getLocalName()
                    + "> does not match the contract: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
