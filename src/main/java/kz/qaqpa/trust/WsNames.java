package kz.qaqpa.trust;

/** Namespaces and token-profile URIs of SOAP 1.1 (and 1.2), WS-Security 1.0 and XML-DSig used by ШЭП. */
public final class WsNames {
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    /** SOAP 1.2: the ШЭП channels do not speak it, but answer a client that does in it (its VersionMismatch fault). */
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    /** X.509 token profile 1.0: the KeyIdentifier carries the whole DER certificate. */
    public static final String X509V3 =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
    /** WSS X.509 Token Profile 1.0 3.1: a PkiPath (a DER SEQUENCE OF Certificate, WSS4J's useSingleCertificate=false). */
    public static final String X509_PKI_PATH =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1";
    public static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    public static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

    private WsNames() {
    }
}
