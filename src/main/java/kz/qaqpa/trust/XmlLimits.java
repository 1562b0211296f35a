package kz.qaqpa.trust;

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
 */
public record XmlLimits(int maxDepth, int maxAttributes, int maxTags, int maxDocumentAttributes) {
    /**
     * Until the gateway configures its own (qaqpa.xml.*): generous for any ШЭП message, far below what would exhaust
     * a thread's stack or the heap. Tools and mocks that parse without a gateway use these.
     */
    public static final XmlLimits DEFAULT = new XmlLimits(100, 64, 100_000, 100_000);

    public XmlLimits {
        if (maxDepth <= 0 || maxAttributes <= 0 || maxTags <= 0 || maxDocumentAttributes <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }
}
