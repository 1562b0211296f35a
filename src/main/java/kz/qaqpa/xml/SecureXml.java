package kz.qaqpa.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The only way untrusted XML enters the gateway: a namespace-aware DOM parser with DTDs forbidden.
 *
 * <p>Element depth, attributes per element, the numbers of tags and attributes and the namespace declarations in scope
 * are bounded ({@link XmlLimits}), so that deep nesting cannot overflow a stack in the recursive code that later walks
 * the DOM, nor a small message become a huge DOM or a long parse.
 *
 * <p>Forbidding the DOCTYPE outright (rather than only switching off external entities) closes XXE,
 * billion-laughs and DTD-driven ID injection at once; no ШЭП message legitimately carries a DTD.
 */
public final class SecureXml {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private static final String MAX_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";
    private static final String MAX_ATTRIBUTES = "http://www.oracle.com/xml/jaxp/properties/elementAttributeLimit";

    private static volatile XmlLimits limits = XmlLimits.DEFAULT;

    /**
     * The bytes one cached builder reads before it is replaced. The JDK parser keeps every element, attribute and
     * namespace name it meets in its builder's symbol table for the builder's life, and reset() keeps them: a builder
     * reused for ever, fed documents of distinct names, grew the heap for good (attack19: 20 documents of 50,000 names
     * held 112 MB). A name costs about 20 times its bytes there, so this keeps a thread's table near 1 MB at most;
     * a new builder costs about 40 µs, once per several messages.
     */
    private static final long BYTES_PER_BUILDER = 64 * 1024;

    /** DocumentBuilder is not thread-safe; one per thread, reset before each use, rebuilt when the limits change. */
    private static final ThreadLocal<LimitedBuilder> BUILDER = new ThreadLocal<>();

    /**
     * A thread's factory (finding and configuring one costs a millisecond or more: kept) and its builder, with the bytes
     * the builder has read.
     */
    private static final class LimitedBuilder {
        private final XmlLimits limits;
        private final DocumentBuilderFactory factory;
        /** Past the budget, a new builder (and symbol table) for the next document. */
        private final BoundedReuse<DocumentBuilder> builder;

        private LimitedBuilder(XmlLimits limits) {
            this.limits = limits;
            this.factory = newFactory(limits);
            this.builder = new BoundedReuse<>(() -> newBuilder(factory), BYTES_PER_BUILDER);
        }
    }

    private SecureXml() {
    }

    /** Sets the limits every later parse applies (the gateway's qaqpa.xml.* settings). */
    public static void limit(XmlLimits newLimits) {
        limits = newLimits;
    }

    public static Document parse(byte[] xml) {
        ByteOrderMark.requireAgreesWithDeclaration(xml);
        return parseStored(xml);
    }

    /**
     * A message the gateway took and stored (the message log's records), read again as it was read when taken: without
     * the byte order mark's check, which only messages arriving since session 58 pass (review59: a record taken before
     * with a mark and another declared encoding was reported as not verifying). The limits apply as to any parse.
     */
    public static Document parseStored(byte[] xml) {
        XmlLimits current = limits;
        if (xml.length > smallestCount(current)) {
            requireWithinCounts(current, TagCount.over(xml, current));
        }
        return parse(new InputSource(new ByteArrayInputStream(xml)), xml.length);
    }

    /**
     * No document has more tags, attributes or namespace declarations than bytes or characters (each takes at least
     * one): one no longer than the smallest limit is not counted.
     */
    private static int smallestCount(XmlLimits limits) {
        return Math.min(limits.maxNamespacesInScope(), Math.min(limits.maxTags(), limits.maxDocumentAttributes()));
    }

    /** Counted before the parse builds anything ({@link TagCount}). */
    private static void requireWithinCounts(XmlLimits limits, TagCount.Excess excess) {
        switch (excess) {
            case TAGS -> throw tooMany(limits.maxTags(), "tags");
            case ATTRIBUTES -> throw tooMany(limits.maxDocumentAttributes(), "attributes");
            case NAMESPACES_IN_SCOPE -> throw tooMany(limits.maxNamespacesInScope(), "namespace declarations in scope");
            case NONE -> {
            }
        }
    }

    private static ShepException tooMany(int max, String what) {
        return new ShepException(FaultCode.MALFORMED_MESSAGE, "XML with more than " + max + " " + what
                + " is not accepted");
    }

    /** Read whole first, so that the limits and the builder's budget see its bytes as for any other document. */
    public static Document parse(InputStream xml) {
        try {
            return parse(xml.readAllBytes());
        } catch (IOException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "message could not be read: " + e.getMessage(), e);
        }
    }

    /** XML that arrived as text (escaped inside another element): characters, so an encoding declaration is moot. */
    public static Document parseText(String xml) {
        XmlLimits current = limits;
        if (xml.length() > smallestCount(current)) {
            requireWithinCounts(current, TagCount.over(xml, current));
        }
        return parse(new InputSource(new StringReader(xml)), xml.length());
    }

    /** {@code length} counts towards the builder's budget: past it, the builder (and every name it kept) is let go. */
    private static Document parse(InputSource xml, long length) {
        BoundedReuse<DocumentBuilder> cached = cachedBuilder().builder;
        DocumentBuilder builder = cached.get();
        builder.reset();
        builder.setErrorHandler(THROWING);
        try {
            return requireXml10(builder.parse(xml));
        } catch (SAXException e) {
            throw classify(e);
        } catch (IOException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "message could not be read: " + e.getMessage(), e);
        } finally {
            cached.read(length);
        }
    }

    /**
     * XML 1.1 allows control characters (as references) that XML 1.0 does not: a message holding one could be stored
     * and then never written out or read back as the XML 1.0 that every answer, callback and log record is.
     */
    private static Document requireXml10(Document document) {
        if (!"1.0".equals(document.getXmlVersion())) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "XML " + document.getXmlVersion()
                    + " is not accepted: ШЭП messages are XML 1.0");
        }
        return document;
    }

    public static Document newDocument() {
        return cachedBuilder().builder.get().newDocument();
    }

    private static LimitedBuilder cachedBuilder() {
        XmlLimits current = limits;
        LimitedBuilder cached = BUILDER.get();
        if (cached == null || !cached.limits.equals(current)) {
            cached = new LimitedBuilder(current);
            BUILDER.set(cached);
        }
        return cached;
    }

    /** UTF-8, no indentation and never an XML declaration, so signed bytes can be embedded anywhere. */
    public static byte[] serialize(Node node) {
        return XmlWriter.write(node);
    }

    /** As {@link #serialize}, as text. */
    public static String toString(Node node) {
        return XmlWriter.writeString(node);
    }

    private static ShepException classify(SAXException e) {
        String message = String.valueOf(e.getMessage());
        // The parser message is localised, but it always quotes the feature URI that refused the DOCTYPE.
        if (message.contains(DISALLOW_DOCTYPE) || message.contains("DOCTYPE")) {
            return new ShepException(FaultCode.FORBIDDEN_XML_CONSTRUCT, "DTDs and entities are not accepted", e);
        }
        String where = e instanceof SAXParseException p
                ? " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")" : "";
        return new ShepException(FaultCode.MALFORMED_MESSAGE, "message is not well-formed XML" + where + ": " + message, e);
    }

    private static DocumentBuilder newBuilder(DocumentBuilderFactory factory) {
        try {
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure configuration", e);
        }
    }

    private static DocumentBuilderFactory newFactory(XmlLimits limits) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // checked by the (iterative) parser as it reads, before any recursive code sees the document
            factory.setAttribute(MAX_DEPTH, String.valueOf(limits.maxDepth()));
            factory.setAttribute(MAX_ATTRIBUTES, String.valueOf(limits.maxAttributes()));
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            // every message is walked whole (signature, schema, JAXB): building the nodes at once is cheaper than
            // Xerces' default of expanding them on first access
            factory.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
            return factory;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure configuration", e);
        }
    }

    /** Without an error handler Xerces also prints "[Fatal Error]" to stderr; we only want the exception. */
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
