package kz.qaqpa.http;

/**
 * The Content-Type of each kind of answer the gateway sends but SOAP 1.2's ({@code channel.SoapVersion}) and the
 * metrics' (the Prometheus exposition's own, {@code monitoring.MonitoringServer}), written once: the same text/plain
 * line stood in nine classes.
 */
public final class ContentTypes {
    /** A line or a few of plain text: refusals, the console's actions, the verify's verdict. */
    public static final String PLAIN_TEXT = "text/plain; charset=UTF-8";
    /** The console's pages of applications and lists, the catalogue's schemas. */
    public static final String XML = "application/xml; charset=UTF-8";
    /** A SOAP 1.1 message and a contract file (WSDL, XSD), as SOAP toolkits expect them. */
    public static final String TEXT_XML = "text/xml; charset=UTF-8";
    /** The health report and the catalogue. */
    public static final String JSON = "application/json; charset=UTF-8";
    /** A regulation's diagram (Mermaid in Markdown). */
    public static final String MARKDOWN = "text/markdown; charset=UTF-8";

    private ContentTypes() {
    }
}
