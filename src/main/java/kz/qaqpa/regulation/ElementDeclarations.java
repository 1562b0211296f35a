package kz.qaqpa.regulation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * The element declarations the schemas of one namespace make, each in its context: from an element, a path's step
 * reaches the declarations of that name its type lets it hold (its own, a base type's by extension or restriction, a
 * group's, references resolved), not those of every element of that name (session 33, nesting21). Where a type holds
 * an xs:any of the namespace, any element of the namespace is one of its children, read by its global declaration.
 */
public final class ElementDeclarations {
    private final List<SchemaElementNames> schemas;

    /** One declaration (equal by identity, as DOM nodes are), with the schema file that makes it. */
    public record Declaration(Element element, SchemaElementNames schema) {
    }

    ElementDeclarations(List<SchemaElementNames> schemas) {
        this.schemas = schemas;
    }

    /** The global declarations of {@code name}: a document of that element, or an element an xs:any lets in. */
    public Set<Declaration> global(String name) {
        Set<Declaration> found = new LinkedHashSet<>();
        schemas.forEach(s -> s.global(name).ifPresent(e -> found.add(new Declaration(e, s))));
        return found;
    }

    /** Every declaration of {@code name}, global or local: what a step is where the path does not say in what. */
    public Set<Declaration> named(String name) {
        Set<Declaration> found = new LinkedHashSet<>();
        schemas.forEach(s -> s.declarations().stream().filter(e -> name.equals(e.getAttribute("name")))
                .forEach(e -> found.add(new Declaration(e, s))));
        return found;
    }

    /**
     * The declarations of {@code name} an element of one of {@code parents} may hold as its child; empty when none
     * may. An xs:any of the namespace lets in the global declarations of that name, or, where there is none (a lax
     * xs:any holds it unvalidated), any declaration of it.
     */
    public Set<Declaration> children(Set<Declaration> parents, String name) {
        Set<Declaration> found = new LinkedHashSet<>();
        boolean any = false;
        for (Declaration parent : parents) {
            boolean[] holdsAny = {false};
            parent.schema.content(parent.element, child -> {
                if (child == null) {
                    holdsAny[0] = true;
                } else if (name.equals(child.getAttribute("name"))) {
                    found.add(new Declaration(child, parent.schema));
                }
            });
            any |= holdsAny[0];
        }
        if (any) {
            Set<Declaration> global = global(name);
            found.addAll(global.isEmpty() ? named(name) : global);
        }
        return found;
    }
}
