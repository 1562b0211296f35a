package kz.qaqpa.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The namespace prefixes in scope while a DOM is walked element by element: one map of declarations per open
 * element (prefix "" is the default namespace). Shared by the fix-up before signing ({@link NamespaceDeclarations})
 * and the serializer ({@link XmlWriter}), which must agree on what a name needs declared.
 */
final class NamespaceScope {
    /** The scope of an element that declares nothing: shared, never written ({@link #declare} replaces it). */
    private static final Map<String, String> NOTHING_DECLARED = Collections.unmodifiableMap(new HashMap<>());
    /**
     * The open elements' scopes, outermost first, read by index (perf59b: a deque's iterator was an object a look-up
     * of a prefix until C2 compiled it away); room for 16 before it grows, as the deque it replaced.
     */
    private final List<Map<String, String>> scopes = new ArrayList<>(16);
    private int generated;

    /** Opens an element's scope with what it declares itself; the map is the one later declarations go into. */
    Map<String, String> open(Map<String, String> declared) {
        scopes.add(declared);
        return declared;
    }

    /**
     * Opens the scope of an element that declares nothing yet: it gets a map of its own only at its first
     * {@link #declare} (perf57b: most elements of a message declare nothing, and a map each was most of what the
     * serializer allocated beside its output).
     */
    void openEmpty() {
        scopes.add(NOTHING_DECLARED);
    }

    /** Declares {@code prefix} in the innermost open scope. */
    void declare(String prefix, String namespace) {
        int innermost = scopes.size() - 1;
        Map<String, String> own = scopes.get(innermost);
        if (own == NOTHING_DECLARED) {
            own = new HashMap<>(4);
            scopes.set(innermost, own);
        }
        own.put(prefix, namespace);
    }

    void close() {
        scopes.remove(scopes.size() - 1);
    }

    /** The namespace a prefix means here; no prefix means no namespace unless a default is declared. */
    String boundTo(String prefix) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            String namespace = scopes.get(i).get(prefix);
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
