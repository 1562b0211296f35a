package kz.qaqpa.regulation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a field of a business document by the XPath a route file gives for it: relative to the document
 * element, prefix {@code d} = the document's own namespace. Lets the checks read any service's documents.
 */
public final class DocumentFields {
    /** Finding a factory is a service-loader look-up; factories are not thread-safe, so one per thread. */
    private static final ThreadLocal<XPathFactory> FACTORY = ThreadLocal.withInitial(XPathFactory::newInstance);

    /**
     * Compiled paths, per thread (an XPathExpression is not thread-safe either): compiling a path on every read was a
     * measurable part of every intake. Bounded, since a document's namespace comes from its sender: the least used
     * give way (evicted on the reading thread itself, as each cache belongs to one thread).
     */
    private static final int MAX_COMPILED = 1024;
    private static final ThreadLocal<Cache<String, XPathExpression>> COMPILED = ThreadLocal.withInitial(
            () -> Caffeine.newBuilder().maximumSize(MAX_COMPILED).executor(Runnable::run).build());

    /** Paths seen, parsed once: a route file's few paths (bounded like the compiled ones: a path may come from a document). */
    private static final Cache<String, Optional<ChildPaths>> CHILD_PATHS = Caffeine.newBuilder().maximumSize(MAX_COMPILED)
            .executor(Runnable::run).build();

    private DocumentFields() {
    }

    /** The path's elements by a walk of the DOM where it is child steps or a union of them, else empty (XPath decides). */
    private static Optional<List<Element>> walked(Element document, String path) {
        return CHILD_PATHS.get(path, ChildPaths::of).map(p -> p.select(document));
    }

    /** The path evaluated by XPath; a path that does not compile or evaluate is the route file's mistake. */
    private static Object evaluated(Element document, String path, QName type) {
        try {
            return evaluate(document, path, type);
        } catch (XPathExpressionException | IllegalArgumentException e) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's field path '" + path + "' is broken", e);
        }
    }

    private static Object evaluate(Element document, String path, QName type) throws XPathExpressionException {
        String namespace = document.getNamespaceURI();
        String key = namespace + '\n' + path;
        Cache<String, XPathExpression> compiled = COMPILED.get();
        XPathExpression expression = compiled.getIfPresent(key);
        if (expression == null) {
            XPath xpath = FACTORY.get().newXPath();
            xpath.setNamespaceContext(new DocumentNamespace(namespace));
            expression = xpath.compile(path);
            compiled.put(key, expression);
        }
        return expression.evaluate(document, type);
    }

    /** The field's trimmed text, or null when the path is not given or finds nothing. */
    public static String read(Element document, String path) {
        String text = asWritten(document, path);
        return text == null ? null : text.trim();
    }

    /**
     * The field's text as written, white space around it included, or null when the path is not given or finds
     * nothing: for an identifier the gateway gave (an xs:string, whose white space is part of its value), which a
     * document must name as given.
     */
    public static String asWritten(Element document, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Optional<List<Element>> walked = walked(document, path);
        if (walked.isPresent()) {
            return walked.get().isEmpty() ? null : walked.get().get(0).getTextContent();
        }
        Node node = (Node) evaluated(document, path, XPathConstants.NODE);
        return node == null ? null : node.getTextContent();
    }

    /**
     * The trimmed string value of an XPath expression: a path's first node's text, or what an expression computes
     * (seed 004 S3: the appendix number of the application's addressee); null when the path is not given or the
     * value is empty.
     */
    public static String value(Element document, String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Optional<List<Element>> walked = walked(document, path);
        if (walked.isPresent()) {
            String value = walked.get().isEmpty() ? "" : walked.get().get(0).getTextContent().trim();
            return value.isEmpty() ? null : value;
        }
        String value = ((String) evaluated(document, path, XPathConstants.STRING)).trim();
        return value.isEmpty() ? null : value;
    }

    /** The trimmed texts of every element the path selects (none when the path is not given). */
    public static List<String> readAll(Element document, String path) {
        return elements(document, path).stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** Every element the path selects (in document order); empty when the path is not given or finds nothing. */
    public static List<Element> elements(Element document, String path) {
        if (path == null || path.isBlank()) {
            return List.of();
        }
        Optional<List<Element>> walked = walked(document, path);
        if (walked.isPresent()) {
            return walked.get();
        }
        NodeList nodes = (NodeList) evaluated(document, path, XPathConstants.NODESET);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                found.add(e);
            }
        }
        return found;
    }

    /** Prefix d names the document's own namespace; any other prefix is a mistake in the route file. */
    private record DocumentNamespace(String uri) implements NamespaceContext {
        @Override
        public String getNamespaceURI(String prefix) {
            if (!"d".equals(prefix)) {
                throw new IllegalArgumentException("field paths use only the prefix d, not '" + prefix + "'");
            }
            return uri;
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return uri.equals(namespaceUri) ? "d" : null;
        }

        @Override
        public Iterator<String> getPrefixes(String namespaceUri) {
            return uri.equals(namespaceUri) ? List.of("d").iterator() : Collections.emptyIterator();
        }
    }
}
