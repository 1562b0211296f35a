package kz.qaqpa.channel;

import java.util.Locale;
import kz.qaqpa.http.ContentTypes;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The SOAP version a client speaks, so that even a refusal reaches it as a fault it can read. The channels speak SOAP
 * 1.1 only (their WSDL binds them so, as the published ШЭП contract does); a client that sends SOAP 1.2 (by its
 * envelope or its {@code application/soap+xml} Content-Type) gets its refusal as a SOAP 1.2 fault.
 */
public enum SoapVersion {
    SOAP11(WsNames.SOAP11, ContentTypes.TEXT_XML),
    SOAP12(WsNames.SOAP12, "application/soap+xml; charset=UTF-8");

    /** Exchange variable: the version of the request, for its fault. */
    public static final String VARIABLE = "soapVersion";
    /** Exchange variable: true when the request was a SOAP 1.2 envelope, refused for its version. */
    public static final String MISMATCH = "soapVersionMismatch";

    private final String namespace;
    private final String contentType;

    SoapVersion(String namespace, String contentType) {
        this.namespace = namespace;
        this.contentType = contentType;
    }

    public String namespace() {
        return namespace;
    }

    /** The Content-Type of a message in this version. */
    public String contentType() {
        return contentType;
    }

    /** By the request's Content-Type (SOAP 1.2's is application/soap+xml); SOAP 1.1 when it says nothing else. */
    public static SoapVersion ofContentType(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/soap+xml")
                ? SOAP12 : SOAP11;
    }

    /** By the envelope's namespace, or null when the document is no SOAP envelope of either version. */
    public static SoapVersion ofEnvelope(Document document) {
        Element root = document.getDocumentElement();
        if (!"Envelope".equals(root.getLocalName())) {
            return null;
        }
        return WsNames.SOAP12.equals(root.getNamespaceURI()) ? SOAP12
                : WsNames.SOAP11.equals(root.getNamespaceURI()) ? SOAP11 : null;
    }
}
