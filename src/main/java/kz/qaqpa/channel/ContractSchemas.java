package kz.qaqpa.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayDeque;
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
import kz.qaqpa.settings.Settings;
import kz.qaqpa.xml.BoundedReuse;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.xml.XmlCharacters;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The contract schemas (wsdl/types and xsd/) compiled once; validates operation payloads and business documents.
 * Business data inside {@code data} is anyType in the envelope schema, whose wildcard is lax: a payload's validation
 * validates a document there fully when the schemas declare its element, and lets an undeclared one through
 * ({@link #declares} tells which).
 */
public final class ContractSchemas {
    /**
     * The business documents' schemas (classpath paths), and their additive form ({@code .extra}, regs66): a
     * regulation's own schemas named once, after the shipped ones (README, Configuration).
     */
    public static final String DOCUMENTS = "qaqpa.documents.schemas";
    /** The channels' contract files (the business documents' schemas come from configuration). */
    static final List<String> CONTRACT = List.of("wsdl/types/common.xsd", "wsdl/types/sync-channel.xsd",
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
    /**
     * The name characters one cached validator reads before it is replaced (SecureXml's rule for its builders, applied
     * to names: BYTES_PER_BUILDER). The JDK's validator keeps every element, attribute, prefix and namespace name it
     * meets in its own symbol table for its life, and reset() keeps them (attack19 measured 65 MB for 500,000 names;
     * the lax {@code data} lets any names through). A name costs about 20 times its characters there, so this keeps a
     * validator's table near 1 MB; a new validator costs about one validation, once per some 50 ordinary messages.
     */
    static final long NAME_CHARACTERS_PER_VALIDATOR = 64 * 1024;
    /** The xsi attributes that name where a schema lies (XML Schema part 1, 4.3.2). */
    private static final Set<String> SCHEMA_HINTS = Set.of("schemaLocation", "noNamespaceSchemaLocation");
    private final ThreadLocal<BoundedReuse<Validator>> validators;
    private final ThreadLocal<BoundedReuse<Validator>> lengthValidators;

    /** The business documents' schemas {@value #DOCUMENTS} and its additive form list, the shipped ones first. */
    public static List<String> documents(Settings s) {
        return s.listWithExtra(DOCUMENTS, Settings.Empty.REFUSED);
    }

    /** @param documents the business documents' schemas on the classpath ({@link #documents}) */
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
                    throw new IllegalStateException("schema " + files.get(i) + " is not on the classpath"
                            + (documents.contains(files.get(i)) ? " (" + DOCUMENTS + " or its " + DOCUMENTS
                            + Settings.EXTRA + " names it: a classpath path, as xsd/person.xsd)" : ""));
                }
                sources[i] = new StreamSource(url.toExternalForm());
                Document file = read(url);
                globalElements.addAll(globalElements(file));
                unpatterned[i] = withoutPatterns(file, url);
            }
            schema = factory.newSchema(sources);
            withoutPatterns = factory.newSchema(unpatterned);
            validators = perThread(schema);
            lengthValidators = perThread(withoutPatterns);
        } catch (SAXException e) {
            throw new IllegalStateException("contract schemas do not compile", e);
        }
    }

    /**
     * A Validator is not thread-safe, and building one (its schema loader and component manager) cost as much as a
     * validation: one per thread, reused, each validation from a clean state; replaced once it has read
     * {@link #NAME_CHARACTERS_PER_VALIDATOR}, so that the names it keeps are let go.
     */
    private static ThreadLocal<BoundedReuse<Validator>> perThread(Schema schema) {
        return ThreadLocal.withInitial(() -> new BoundedReuse<>(() -> newValidator(schema),
                NAME_CHARACTERS_PER_VALIDATOR));
    }

    private static Validator newValidator(Schema schema) {
        try {
            Validator validator = schema.newValidator();
            validator.setErrorHandler(new ViolationPlaces(validator));
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return validator;
        } catch (SAXException e) {
            throw new IllegalStateException("the JDK schema validator cannot be configured", e);
        }
    }

    /** One of our own schema files as a DOM. */
    static Document read(URL file) {
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
        Shape shape = Shape.of(element, PATTERN_TEXT_LIMIT);
        if (shape.longText()) {
            validate(lengthValidators.get(), element, shape.nameCharacters());
        }
        validate(validators.get(), element, shape.nameCharacters());
    }

    private static void validate(BoundedReuse<Validator> validator, Element element, long names) {
        try {
            validate(validator.get(), element);
        } finally {
            validator.read(names);
        }
    }

    private static void validate(Validator validator, Element element) {
        try {
            validator.validate(new DOMSource(element));
        } catch (SAXException e) {
            String where = e instanceof ViolationAt at ? " at " + at.path(element) : "";
            String violation = String.valueOf(e.getMessage());
            String text = where + ": " + violation;
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + element.getLocalName()
                    + "> does not match the contract" + (text.length() <= MESSAGE_LIMIT ? text
                    : XmlCharacters.cut(text, MESSAGE_LIMIT) + "… (" + text.length() + " characters)"), e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ours (reg57a): Xerces' first message of a violation often names no element (a value outside an enumeration
     * quotes only the value), so an integrator could not tell which of two fields it was. The validator knows the
     * element it is in when it reports; the fault names its path.
     */
    private record ViolationPlaces(Validator validator) implements ErrorHandler {
        private static final String CURRENT_ELEMENT = "http://apache.org/xml/properties/dom/current-element-node";

        @Override
        public void warning(SAXParseException e) {
            // a warning is no violation
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw new ViolationAt(e, currentElement());
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw new ViolationAt(e, currentElement());
        }

        private Node currentElement() {
            try {
                return validator.getProperty(CURRENT_ELEMENT) instanceof Node node ? node : null;
            } catch (SAXException e) {
                return null; // a validator without the property: the violation goes without its place
            }
        }
    }

    /** A violation and the element the validator was in (null where it could not tell). */
    private static final class ViolationAt extends SAXException {
        private final transient Node place;

        ViolationAt(SAXParseException violation, Node place) {
            super(violation.getMessage(), violation);
            this.place = place;
        }

        /**
         * The element's path from {@code root}, as the document names them, a repeated element with its position
         * ({@code a/b[2]/c}); root alone if unknown.
         */
        String path(Element root) {
            StringBuilder path = new StringBuilder(root.getNodeName());
            ArrayDeque<String> below = new ArrayDeque<>();
            for (Node n = place; n != null && n != root && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
                below.push(n.getNodeName() + position(n));
            }
            below.forEach(step -> path.append('/').append(step));
            return path.toString();
        }

        /** "[n]" when the element's parent holds other elements of its name, else nothing. */
        private static String position(Node element) {
            int position = 0;
            int count = 0;
            for (Node n = element.getParentNode().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(element.getNodeName())) {
                    count++;
                    position = n == element ? count : position;
                }
            }
            return count > 1 ? "[" + position + "]" : "";
        }
    }

    /**
     * What one walk over an element tells before it is validated: whether a text or an attribute value below it is
     * longer than the pattern limit, and the characters of the names a validator will keep (element and attribute
     * names, and the namespace names declared: a namespace enters a parsed document only by a declaration).
     */
    private record Shape(boolean longText, long nameCharacters) {
        static Shape of(Element element, int limit) {
            boolean longText = false;
            long names = 0;
            for (Node node = element; node != null; node = next(node, element)) {
                longText |= node.getNodeValue() != null && node.getNodeValue().length() > limit;
                names += node.getNodeType() == Node.ELEMENT_NODE ? node.getNodeName().length() : 0;
                NamedNodeMap attributes = node.getAttributes();
                for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
                    Node attribute = attributes.item(i);
                    refuseSchemaHint(attribute);
                    longText |= attribute.getNodeValue().length() > limit;
                    names += attribute.getNodeName().length()
                            + (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
                            ? attribute.getNodeValue().length() : 0);
                }
            }
            return new Shape(longText, names);
        }

        /**
         * Ours: no ШЭП message names where a schema lies. The validator fetches nothing (ACCESS_EXTERNAL_SCHEMA), but a
         * document goes on as it came, to a provider whose validator might follow the address (attack20).
         */
        private static void refuseSchemaHint(Node attribute) {
            if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(attribute.getNamespaceURI())
                    && SCHEMA_HINTS.contains(attribute.getLocalName())) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "xsi:" + attribute.getLocalName() + " on <"
                        + ((Attr) attribute).getOwnerElement().getLocalName() + "> is not accepted: a ШЭП message"
                        + " names no schema location");
            }
        }
    }

    /**
     * The same rule ({@link Shape#refuseSchemaHint}) for the sender's envelope around the payload the schemas validate:
     * its Envelope, Header, header blocks and Body (attack22). The envelope is never passed on, but a ШЭП message names
     * no schema location anywhere; SCE001 before anything of it is used.
     */
    static void refuseSchemaHintsAround(Element envelope, Element payload) {
        for (Node node = envelope; node != null; node = node == payload ? after(node, envelope) : next(node, envelope)) {
            NamedNodeMap attributes = node.getAttributes();
            for (int i = 0; node != payload && attributes != null && i < attributes.getLength(); i++) {
                Shape.refuseSchemaHint(attributes.item(i));
            }
        }
    }

    /** The node after {@code node} in document order, within {@code root}; null at the end. */
    private static Node next(Node node, Node root) {
        return node.getFirstChild() != null ? node.getFirstChild() : after(node, root);
    }

    /** The node after {@code node} and everything below it, in document order within {@code root}; null at the end. */
    private static Node after(Node node, Node root) {
        while (node != root && node.getNextSibling() == null) {
            node = node.getParentNode();
        }
        return node == root ? null : node.getNextSibling();
    }
}
