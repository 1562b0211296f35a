package kz.qaqpa.catalogue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import kz.qaqpa.trust.Dom;
import org.w3c.dom.Element;

/**
 * The element names one schema file declares inside each of its global elements, at any depth: what a path into such
 * a document may name. Follows what our own schema files use (xsd/): local and referenced elements, named and inline
 * complex types, their extensions and restrictions, and named groups; a reference to another file's component adds
 * nothing (none of ours imports one).
 */
final class SchemaElementNames {
    private final Map<String, Element> globalElements = new HashMap<>();
    private final Map<String, Element> types = new HashMap<>();
    private final Map<String, Element> groups = new HashMap<>();

    SchemaElementNames(Element schema) {
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
        content(declaration, names, new HashSet<>());
        return Optional.of(names);
    }

    /** The names of every element the schema declares, global or inside one. */
    Set<String> all() {
        Set<String> names = new LinkedHashSet<>(globalElements.keySet());
        globalElements.keySet().forEach(e -> names.addAll(within(e).orElseThrow()));
        return names;
    }

    /** What {@code declaration}'s type lets a document hold: its named type's, or its inline type's. */
    private void content(Element declaration, Set<String> names, Set<Element> seen) {
        Element type = types.get(localPart(declaration.getAttribute("type")));
        if (type != null && seen.add(type)) {
            children(type, names, seen);
        }
        children(declaration, names, seen);
    }

    /** The element declarations below {@code node}, with what each may hold, and the types and groups it builds on. */
    private void children(Element node, Set<String> names, Set<Element> seen) {
        for (Element e = Dom.firstChildElement(node); e != null; e = Dom.nextSiblingElement(e)) {
            if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(e.getNamespaceURI())) {
                continue;
            }
            switch (e.getLocalName()) {
                case "element" -> element(e, names, seen);
                case "group" -> named(groups, e.getAttribute("ref"), names, seen);
                case "extension", "restriction" -> {
                    named(types, e.getAttribute("base"), names, seen);
                    children(e, names, seen);
                }
                case "annotation", "simpleType", "attribute", "attributeGroup" -> { }
                default -> children(e, names, seen);
            }
        }
    }

    private void element(Element declaration, Set<String> names, Set<Element> seen) {
        String ref = declaration.getAttribute("ref");
        Element declared = ref.isEmpty() ? declaration : globalElements.get(localPart(ref));
        if (declared == null) {
            return;
        }
        names.add(declared.getAttribute("name"));
        if (seen.add(declared)) {
            content(declared, names, seen);
        }
    }

    private void named(Map<String, Element> components, String qualifiedName, Set<String> names, Set<Element> seen) {
        Element component = components.get(localPart(qualifiedName));
        if (component != null && seen.add(component)) {
            children(component, names, seen);
        }
    }

    private static String localPart(String qualifiedName) {
        return qualifiedName.substring(qualifiedName.indexOf(':') + 1);
    }
}
