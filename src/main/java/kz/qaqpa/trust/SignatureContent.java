package kz.qaqpa.trust;

import java.util.List;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.XmlCharacters;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Ours (attack21, attack23/25, review42 row 2): what a signed document's {@code ds:Signature} may hold, by name. The
 * enveloped transform digests the document without its signature, and the schemas take the signature laxly, so
 * anything put into the signature after the signing (a ds:Object, an old CRL or OCSP answer in X509Data, text beside
 * KeyInfo's elements, an element inside SignatureValue, an attribute of another namespace) would verify and travel on
 * unsigned inside the signed document. One walk of the whole subtree against an allow-list of XML-DSig 1.0/1.1 names
 * refuses it all: each element only where its parent may hold it, text only in the leaves that carry a value (a
 * base64 value's only of base64's alphabet, attack43), no comment or processing instruction, and on each element only
 * the attributes XML-DSig gives it ({@code Id}, {@code Algorithm}, {@code URI}, a Reference's {@code Type}, an
 * exclusive canonicalization's {@code PrefixList}; attack43: where the schema puts them) and namespace declarations
 * (of the signature's own namespaces, attack44).
 *
 * <p>The list is what our {@link DocumentSigner}, Santuario (KeyInfo's names of the signer, KeyValue), WSS4J-style
 * exclusive c14n with InclusiveNamespaces, NCANode and KalkanCrypt (one X509Data with the certificate) write: a
 * legitimate signer's signature holds nothing else.
 */
final class SignatureContent {
    private static final FaultCode INVALID = FaultCode.DOCUMENT_SIGNATURE_INVALID;
    /** XML-DSig 1.1's namespace (its X509Digest in X509Data, ECKeyValue in KeyValue). */
    private static final String DSIG11 = "http://www.w3.org/2009/xmldsig11#";

    /** Each element's allowed element children; an element not listed here holds none. */
    private static final Map<String, List<String>> CHILDREN = Map.ofEntries(
            Map.entry(ds("Signature"), List.of(ds("SignedInfo"), ds("SignatureValue"), ds("KeyInfo"))),
            Map.entry(ds("SignedInfo"), List.of(ds("CanonicalizationMethod"), ds("SignatureMethod"), ds("Reference"))),
            Map.entry(ds("CanonicalizationMethod"), List.of(exc("InclusiveNamespaces"))),
            Map.entry(ds("Reference"), List.of(ds("Transforms"), ds("DigestMethod"), ds("DigestValue"))),
            Map.entry(ds("Transforms"), List.of(ds("Transform"))),
            Map.entry(ds("Transform"), List.of(exc("InclusiveNamespaces"))),
            Map.entry(ds("KeyInfo"), List.of(ds("X509Data"), ds("KeyValue"), ds("KeyName"))),
            Map.entry(ds("X509Data"), List.of(ds("X509Certificate"), ds("X509SubjectName"), ds("X509IssuerSerial"),
                    ds("X509SKI"), dsig11("X509Digest"))),
            Map.entry(ds("X509IssuerSerial"), List.of(ds("X509IssuerName"), ds("X509SerialNumber"))),
            Map.entry(ds("KeyValue"), List.of(ds("RSAKeyValue"), dsig11("ECKeyValue"))),
            Map.entry(ds("RSAKeyValue"), List.of(ds("Modulus"), ds("Exponent"))),
            Map.entry(dsig11("ECKeyValue"), List.of(dsig11("NamedCurve"), dsig11("PublicKey"))));

    /** The leaves that carry a value as their text; every other element holds no text but whitespace. */
    private static final Set<String> TEXT = Set.of(ds("SignatureValue"), ds("DigestValue"), ds("KeyName"),
            ds("X509Certificate"), ds("X509SubjectName"), ds("X509IssuerName"), ds("X509SerialNumber"), ds("X509SKI"),
            dsig11("X509Digest"), ds("Modulus"), ds("Exponent"), dsig11("PublicKey"));

    /**
     * Each element's attributes (none namespaced), as XML-DSig 1.1's schema gives them; an element not listed carries
     * none. attack43: an attribute the schema does not give its element (a {@code URI} on an X509Certificate, an
     * {@code Algorithm} on a DigestValue) is unsigned text like any other, and no signer writes one.
     */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
            Map.entry(ds("Signature"), Set.of("Id")),
            Map.entry(ds("SignedInfo"), Set.of("Id")),
            Map.entry(ds("CanonicalizationMethod"), Set.of("Algorithm")),
            Map.entry(ds("SignatureMethod"), Set.of("Algorithm")),
            Map.entry(ds("Reference"), Set.of("Id", "URI", "Type")),
            Map.entry(ds("Transform"), Set.of("Algorithm")),
            Map.entry(ds("DigestMethod"), Set.of("Algorithm")),
            Map.entry(ds("SignatureValue"), Set.of("Id")),
            Map.entry(ds("KeyInfo"), Set.of("Id")),
            Map.entry(dsig11("X509Digest"), Set.of("Algorithm")),
            Map.entry(dsig11("ECKeyValue"), Set.of("Id")),
            Map.entry(dsig11("NamedCurve"), Set.of("URI")),
            Map.entry(exc("InclusiveNamespaces"), Set.of("PrefixList")));

    /**
     * The leaves whose value is base64 (XML-DSig's ds:CryptoBinary and base64Binary; an X509Certificate's text is
     * decoded strictly where it is read, {@link CertificateText}). attack43: Santuario decodes them
     * with the JDK's MIME decoder, which skips every character outside base64's alphabet, so prose of such characters
     * (Cyrillic, punctuation) put into a SignatureValue after the signing still verifies: only the alphabet, its
     * padding and XML's whitespace are taken.
     */
    private static final Set<String> BASE64 = Set.of(ds("SignatureValue"), ds("DigestValue"), ds("X509SKI"),
            dsig11("X509Digest"), ds("Modulus"), ds("Exponent"), dsig11("PublicKey"));
    /** The namespaces of the names above: the only ones a declaration inside the signature may bind anew. */
    private static final Set<String> NAMESPACES = Set.of(WsNames.DS, DSIG11, WsNames.EXC_C14N);
    private static final String SIGNATURE = ds("Signature");
    private static final String SIGNED_INFO = ds("SignedInfo");
    private static final String X509_CERTIFICATE = ds("X509Certificate");

    private SignatureContent() {
    }

    /**
     * Whether XML-DSig lets {@code parent} hold {@code child} as this allow-list has it (attack59: a transport
     * signature's X509Data is held to the same names, {@link TokenReference}).
     */
    static boolean mayHold(Element parent, Element child) {
        return CHILDREN.getOrDefault(name(parent), List.of()).contains(name(child));
    }

    /** The local names {@code parent} may hold, for a refusal's words. */
    static String allowedIn(Element parent) {
        return localNames(CHILDREN.getOrDefault(name(parent), List.of()));
    }

    /** Refuses (SCE016) anything in {@code signature}, a document's ds:Signature, that the allow-list does not name. */
    static void requireOnlyKnownContent(Element signature) {
        requireKnown(signature, List.of(SIGNATURE), "document", false);
    }

    /** @param signed whether {@code element} is inside SignedInfo, whose every character the SignatureValue signs */
    private static void requireKnown(Element element, List<String> allowed, String parent, boolean signed) {
        String name = name(element);
        requireAllowed(element, name, allowed, parent);
        requireKnownAttributes(element, name);
        boolean signedBelow = signed || name.equals(SIGNED_INFO);
        requireKnownChildren(element, name, signedBelow);
        if (!signedBelow && (BASE64.contains(name) || name.equals(X509_CERTIFICATE))) {
            requireBase64AsWritten(element);
        }
    }

    private static void requireAllowed(Element element, String name, List<String> allowed, String parent) {
        if (!allowed.contains(name)) {
            throw new ShepException(INVALID, "document signature's " + parent + " may hold " + (allowed.isEmpty()
                    ? "no element" : "only " + localNames(allowed)) + ", not " + element.getLocalName() + (element.getNamespaceURI() == null ? "" : " of "
                    + element.getNamespaceURI()) + ": what it carries is not signed");
        }
    }

    /** @param signedBelow whether {@code element}'s content is inside SignedInfo */
    private static void requireKnownChildren(Element element, String name, boolean signedBelow) {
        List<String> children = CHILDREN.getOrDefault(name, List.of());
        boolean indented = !signedBelow && !TEXT.contains(name);
        // attack46: the text between two elements as one run (CDATA sections split it, attack48 refuses them; a DOM
        // built otherwise than by the parser may still hold adjacent text nodes)
        String run = "";
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                requireIndentation(element, indented, run);
                run = "";
                requireKnown(e, children, element.getLocalName(), signedBelow);
            } else if (child.getNodeType() == Node.CDATA_SECTION_NODE) {
                // attack48: no signer writes one, every canonical form makes it text (where it splits a value, and
                // empty ones, are bits nobody signed), and Santuario reads a SignatureValue's text nodes only, so
                // base64 in a CDATA section beside the value was judged here and skipped there
                throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds a CDATA"
                        + " section: what it carries is not signed");
            } else if (child.getNodeType() == Node.TEXT_NODE) {
                requireKnownText(element, name, child.getNodeValue());
                run = run.isEmpty() ? child.getNodeValue() : run + child.getNodeValue();
            } else {
                throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds a "
                        + child.getNodeName() + ": what it carries is not signed");
            }
        }
        requireIndentation(element, indented, run);
    }

    /** A base64 value outside SignedInfo as encoders write it ({@link Base64AsWritten}): its shape carries no bits. */
    private static void requireBase64AsWritten(Element element) {
        String text = element.getTextContent();
        if (!Base64AsWritten.inLines(text)) {
            throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds whitespace other"
                    + " than base64's line breaks (one line, or lines of one length, a multiple of four, ended alike):"
                    + " what it carries is not signed");
        }
        if (!Base64AsWritten.endsAsEncodersWrite(text)) {
            throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds base64 whose end"
                    + " no encoder writes (its padding left out or repeated, or bits set past its last byte): what it"
                    + " carries is not signed");
        }
    }

    /** @param indented whether {@code element}'s text, unsigned and no value, may only indent its elements */
    private static void requireIndentation(Element element, boolean indented, String run) {
        if (indented && !isIndentation(run)) {
            throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds"
                    + " whitespace other than a line break and an indentation: what it carries is not signed");
        }
    }

    private static void requireKnownText(Element element, String name, String text) {
        if (BASE64.contains(name) ? !Base64AsWritten.isAlphabetOnly(text)
                : !TEXT.contains(name) && !XmlCharacters.isAllSpace(text)) {
            throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " holds "
                    + (BASE64.contains(name) ? "text outside base64's alphabet" : "text") + ": what it carries is not signed");
        }
    }

    /**
     * replay44 (attack43's Left): whitespace where no signature covers it (outside SignedInfo, whose text the
     * SignatureValue signs) only as signers write it, so that it carries a few bits at most, not a message in spaces
     * and tabs. Between elements: nothing, or one line break and an indentation of spaces or of tabs (Santuario and
     * Kalkan write a line break, JSR 105 nothing, a pretty-printer indents): the pattern {@code (\r?\n)?( *|\t*)},
     * as a loop.
     */
    static boolean isIndentation(String text) {
        int i = text.startsWith("\r\n") ? 2 : text.startsWith("\n") ? 1 : 0;
        if (i == text.length()) {
            return true;
        }
        char indent = text.charAt(i);
        if (indent != ' ' && indent != '\t') {
            return false;
        }
        for (; i < text.length(); i++) {
            if (text.charAt(i) != indent) {
                return false;
            }
        }
        return true;
    }

    private static void requireKnownAttributes(Element element, String name) {
        if (!element.hasAttributes()) {
            return;
        }
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (WsNames.XMLNS.equals(attribute.getNamespaceURI())) {
                requireKnownNamespace(element, attribute);
                continue;
            }
            String local = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            boolean known = attribute.getNamespaceURI() == null
                    && ATTRIBUTES.getOrDefault(name, Set.of()).contains(local);
            if (!known) {
                throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " carries the attribute "
                        + attribute.getName() + ": what it carries is not signed");
            }
        }
    }

    /**
     * attack44: a namespace declaration's value is text like an attribute's (Xerces takes any characters in it), so
     * one may bind only a namespace the signature's names use, undeclare the default one, or repeat what is already in
     * scope there (a serializer's redundant declaration of the document's own).
     */
    private static void requireKnownNamespace(Element element, Attr declaration) {
        String uri = declaration.getValue();
        String prefix = "xmlns".equals(declaration.getLocalName()) ? null : declaration.getLocalName();
        Node parent = element.getParentNode();
        if (uri.isEmpty() || NAMESPACES.contains(uri) || parent != null && uri.equals(parent.lookupNamespaceURI(prefix))) {
            return;
        }
        // the value is not quoted: it is the unsigned text
        throw new ShepException(INVALID, "document signature's " + element.getLocalName() + " declares "
                + (prefix == null ? "a default namespace" : "the prefix " + prefix + " for a namespace")
                + " no name of a signature has: what it carries is not signed");
    }

    private static String name(Element element) {
        return "{" + element.getNamespaceURI() + "}" + element.getLocalName();
    }

    private static String localNames(List<String> names) {
        return String.join(", ", names.stream().map(n -> n.substring(n.indexOf('}') + 1)).toList());
    }

    private static String ds(String local) {
        return "{" + WsNames.DS + "}" + local;
    }

    private static String dsig11(String local) {
        return "{" + DSIG11 + "}" + local;
    }

    private static String exc(String local) {
        return "{" + WsNames.EXC_C14N + "}" + local;
    }
}
