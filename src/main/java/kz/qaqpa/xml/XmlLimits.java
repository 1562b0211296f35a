package kz.qaqpa.xml;

/**
 * Bounds on every XML document the gateway parses, checked while parsing so that no recursive code (canonicalisation,
 * schema validation, JAXB) ever meets a document beyond them.
 *
 * @param maxDepth              deepest element nesting (the JDK parser's maxElementDepth)
 * @param maxAttributes         most attributes on one element (the JDK parser's elementAttributeLimit)
 * @param maxTags               most tags ('&lt;' characters) in one document, which bounds the element count and so the
 *                              size of the DOM a small message could otherwise blow up into
 * @param maxDocumentAttributes most attributes in one document, namespace declarations included (each is an attribute
 *                              node in the DOM): the tag limit alone let 5 MB of elements with 63 attributes each build
 *                              42 MB of DOM (attack18, attack19)
 * @param maxNamespacesInScope  most namespace declarations in scope at any element (its own and its ancestors'): the
 *                              JDK parser looks each prefix up by a scan of those in scope, so 6,237 of them over 99
 *                              levels made a 760 KB document of 90,000 elements take 45 times as long to parse
 *                              (attack19)
 */
public record XmlLimits(int maxDepth, int maxAttributes, int maxTags, int maxDocumentAttributes,
        int maxNamespacesInScope) {
    /**
     * Until the gateway configures its own (qaqpa.xml.*): generous for any ШЭП message, far below what would exhaust
     * a thread's stack or the heap. Tools and mocks that parse without a gateway use these.
     */
    public static final XmlLimits DEFAULT = new XmlLimits(100, 64, 100_000, 100_000, 100);

    public XmlLimits {
        if (maxDepth <= 0 || maxAttributes <= 0 || maxTags <= 0 || maxDocumentAttributes <= 0
                || maxNamespacesInScope <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }
}
