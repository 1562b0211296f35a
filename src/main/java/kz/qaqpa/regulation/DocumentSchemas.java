package kz.qaqpa.regulation;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The business documents' schemas the gateway validates (qaqpa.documents.schemas, on the classpath), published
 * by file name so that an integrator can generate the payload classes from their URL; each knows its target
 * namespace and its global elements, so a service's documents find their schema.
 */
public final class DocumentSchemas {
    private final Map<String, Schema> byFileName = new LinkedHashMap<>();
    private final Map<String, SchemaElementNames> namesByFileName = new LinkedHashMap<>();

    /** @param fileName the name it is served under; elements its global element names */
    public record Schema(String fileName, String resource, String targetNamespace, Set<String> elements) {
    }

    public DocumentSchemas(List<String> resources) {
        for (String resource : resources) {
            Element root = SecureXml.parse(read(resource)).getDocumentElement();
            Set<String> elements = new LinkedHashSet<>();
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && "element".equals(e.getLocalName())
                        && XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI())) {
                    elements.add(e.getAttribute("name"));
                }
            }
            String fileName = resource.substring(resource.lastIndexOf('/') + 1);
            requireOwnFileName(fileName, resource);
            byFileName.put(fileName, new Schema(fileName, resource, root.getAttribute("targetNamespace"), elements));
            namesByFileName.put(fileName, new SchemaElementNames(root));
        }
    }

    /**
     * Ours (regs66): the catalogue serves a schema by its file name ({@code GET /xsd/<file>}), so an added schema whose
     * name a listed one has (a regulation's own {@code person.xsd}) would be published as the other.
     */
    private void requireOwnFileName(String fileName, String resource) {
        Schema listed = byFileName.get(fileName);
        if (listed != null) {
            throw new IllegalStateException(ContractSchemas.DOCUMENTS + " (with its .extra) names " + resource
                    + " and " + listed.resource() + ", one file name: the catalogue serves a schema by its file name,"
                    + " so name the regulation's own schema differently");
        }
    }

    public Optional<Schema> byFileName(String fileName) {
        return Optional.ofNullable(byFileName.get(fileName));
    }

    /** The schema declaring a global element {@code {namespace}local} (any namespace when null). */
    public Optional<Schema> declaring(String namespace, String localName) {
        return byFileName.values().stream()
                .filter(s -> (namespace == null || namespace.equals(s.targetNamespace())) && s.elements().contains(localName))
                .findFirst();
    }

    /**
     * The names of the elements a document {@code {namespace}localName} may contain at any depth, as its schema
     * declares them; empty when no schema declares such a document.
     */
    public Optional<Set<String>> namesWithin(String namespace, String localName) {
        return declaring(namespace, localName).flatMap(s -> namesByFileName.get(s.fileName()).within(localName));
    }

    /** The names of every element the schemas of {@code namespace} declare, global or inside one. */
    public Set<String> namesIn(String namespace) {
        Set<String> names = new LinkedHashSet<>();
        byFileName.values().stream().filter(s -> namespace.equals(s.targetNamespace()))
                .forEach(s -> names.addAll(namesByFileName.get(s.fileName()).all()));
        return names;
    }

    /**
     * The element declarations the schemas of {@code namespace} make, each in its context: what a path's steps must
     * follow to find anything.
     */
    public ElementDeclarations declarationsIn(String namespace) {
        return new ElementDeclarations(byFileName.values().stream().filter(s -> namespace.equals(s.targetNamespace()))
                .map(s -> namesByFileName.get(s.fileName())).toList());
    }

    public byte[] content(Schema schema) {
        return read(schema.resource());
    }

    private static byte[] read(String resource) {
        try (InputStream in = DocumentSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + resource, e);
        }
    }
}
