package kz.qaqpa.regulation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.XMLConstants;
import kz.qaqpa.xml.Dom;
import org.w3c.dom.Element;

/**
 * The element names one schema file declares inside each of its global elements, at any depth: what a path into such
 * a document may name; and its declarations with the children each one's type holds ({@link ElementDeclarations}). Follows what our own schema files use (xsd/): local and referenced elements, named and inline
 * complex types, their extensions and restrictions, and named groups; a reference to another file's component adds
 * nothing (none of ours imports one).
 */
final class SchemaElementNames {
    private final Map<String, Element> globalElements = new HashMap<>();
    private final Map<String, Element> types = new HashMap<>();
    private final Map<String, Element> groups = new HashMap<>();
    private final String targetNamespace;

    SchemaElementNames(Element schema) {
        targetNamespace = schema.getAttribute("targetNamespace");
        for (Element e = Dom.firstChildElement(schema); e != null; e = Dom.nextSiblingElement(e)) {
            if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI())) {
                continue;
            }
            switch (e.getLocalName()) {
                case "element" -> globalElements.put(e.getAttribute("name"), e);
                case "complexType" -> types.put(e.getAttribute("name"), e);
                case "group" -> groups.put(e.getAttribute("name"), e);
                default -> { }
            }
        }
    }

    /** The names of the elements a document {@code globalElement} may contain; empty when the schema has no such element. */
    Optional<Set<String>> within(String globalElement) {
        Element declaration = globalElements.get(globalElement);
        if (declaration == null) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        collect(declaration, names, new HashSet<>());
        return Optional.of(names);
    }

    /** The names of every element the schema declares, global or inside one. */
    Set<String> all() {
        Set<String> names = new LinkedHashSet<>(globalElements.keySet());
        globalElements.keySet().forEach(e -> names.addAll(within(e).orElseThrow()));
        return names;
    }

    /** The global declaration of {@code name}, if the schema makes one. */
    Optional<Element> global(String name) {
        return Optional.ofNullable(globalElements.get(name));
    }

    /** Every element declaration the schema makes, global or inside one (references resolved). */
    Set<Element> declarations() {
        Set<Element> done = new LinkedHashSet<>();
        Deque<Element> declarations = new ArrayDeque<>(globalElements.values());
        while (!declarations.isEmpty()) {
            Element declaration = declarations.pop();
            if (done.add(declaration)) {
                directContent(declaration, child -> {
                    if (child != null) {
                        declarations.push(child);
                    }
                }, new HashSet<>());
            }
        }
        return done;
    }

    /**
     * The declarations of the children {@code declaration}'s type lets an element hold (its own, a base type's, a
     * group's; references resolved), each given to {@code child}; null for an xs:any of this namespace.
     */
    void content(Element declaration, Consumer<Element> child) {
        directContent(declaration, child, new HashSet<>());
    }

    /** The names below {@code declaration} at any depth. */
    private void collect(Element declaration, Set<String> names, Set<Element> seen) {
        directContent(declaration, child -> {
            if (child != null) {
                names.add(child.getAttribute("name"));
                if (seen.add(child)) {
                    collect(child, names, seen);
                }
            }
        }, seen);
    }

    /**
     * The element declarations {@code declaration}'s type lets a document hold as its children (references resolved),
     * its named type's or its inline type's, each given to {@code child}; null for an xs:any of this namespace.
     */
    private void directContent(Element declaration, Consumer<Element> child, Set<Element> seen) {
        Element type = types.get(localPart(declaration.getAttribute("type")));
        if (type != null && seen.add(type)) {
            children(type, child, seen);
        }
        children(declaration, child, seen);
    }

    /** The element declarations below {@code node} (not inside them), and those of the types and groups it uses. */
    private void children(Element node, Consumer<Element> child, Set<Element> seen) {
        for (Element e = Dom.firstChildElement(node); e != null; e = Dom.nextSiblingElement(e)) {
            if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI())) {
                continue;
            }
            switch (e.getLocalName()) {
                case "element" -> element(e, child);
                case "any" -> {
                    if (admitsOwnNamespace(e.getAttribute("namespace"))) {
                        child.accept(null);
                    }
                }
                case "group" -> named(groups, e.getAttribute("ref"), child, seen);
                case "extension", "restriction" -> {
                    named(types, e.getAttribute("base"), child, seen);
                    children(e, child, seen);
                }
                case "annotation", "simpleType", "attribute", "attributeGroup" -> { }
                default -> children(e, child, seen);
            }
        }
    }

    private void element(Element declaration, Consumer<Element> child) {
        String ref = declaration.getAttribute("ref");
        Element declared = ref.isEmpty() ? declaration : globalElements.get(localPart(ref));
        if (declared != null) {
            child.accept(declared);
        }
    }

    /** An xs:any's namespace attribute ({@code ##any} when absent) lets in elements of the schema's own namespace. */
    private boolean admitsOwnNamespace(String namespaces) {
        if (namespaces.isEmpty()) {
            return true;
        }
        for (String allowed : namespaces.trim().split("\\s+")) {
            if (allowed.equals("##any") || allowed.equals("##targetNamespace") || allowed.equals(targetNamespace)) {
                return true;
            }
        }
        return false;
    }

    private void named(Map<String, Element> components, String qualifiedName, Consumer<Element> child,
                       Set<Element> seen) {
        Element component = components.get(localPart(qualifiedName));
        if (component != null && seen.add(component)) {
            children(component, child, seen);
        }
    }

    private static String localPart(String qualifiedName) {
        return qualifiedName.substring(qualifiedName.indexOf(':') + 1);
    }
}
