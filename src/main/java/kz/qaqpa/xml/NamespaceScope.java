package kz.qaqpa.xml;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The namespace prefixes in scope while a DOM is walked element by element: one map of declarations per open
 * element (prefix "" is the default namespace). Shared by the fix-up before signing ({@link NamespaceDeclarations})
 * and the serializer ({@link XmlWriter}), which must agree on what a name needs declared.
 */
final class NamespaceScope {
    /** The scope of an element that declares nothing: shared, never written ({@link #declare} replaces it). */
    private static final Map<String, String> NOTHING_DECLARED = Collections.unmodifiableMap(new HashMap<>());
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
    private int generated;

    /** Opens an element's scope with what it declares itself; the map is the one later declarations go into. */
    Map<String, String> open(Map<String, String> declared) {
        scopes.push(declared);
        return declared;
    }

    /**
     * Opens the scope of an element that declares nothing yet: it gets a map of its own only at its first
     * {@link #declare} (perf57b: most elements of a message declare nothing, and a map each was most of what the
     * serializer allocated beside its output).
     */
    void openEmpty() {
        scopes.push(NOTHING_DECLARED);
    }

    /** Declares {@code prefix} in the innermost open scope. */
    void declare(String prefix, String namespace) {
        Map<String, String> own = scopes.peek();
        if (own == NOTHING_DECLARED) {
            scopes.pop();
            own = open(new HashMap<>(4));
        }
        own.put(prefix, namespace);
    }

    void close() {
        scopes.pop();
    }

    /** The namespace a prefix means here; no prefix means no namespace unless a default is declared. */
    String boundTo(String prefix) {
        for (Map<String, String> scope : scopes) {
            String namespace = scope.get(prefix);
            if (namespace != null) {
                return namespace;
            }
        }
        return prefix.isEmpty() ? "" : null;
    }

    /** A prefix bound to nothing here, for a namespaced attribute that has none (or one rebound in scope). */
    String freshPrefix() {
        String prefix;
        do {
            prefix = "ns" + ++generated;
        } while (boundTo(prefix) != null);
        return prefix;
    }

    /** True when the attribute's prefix cannot carry its namespace here and a fresh one is needed. */
    boolean needsFreshPrefix(String prefix, String namespace) {
        if (prefix == null || prefix.isEmpty()) {
            return true;
        }
        String bound = boundTo(prefix);
        return bound != null && !namespace.equals(bound);
    }
}
