package kz.qaqpa.fault;

/**
 * Every fault code the gateway returns, in one place.
 *
 * <p>The public ШЭП record has no official code table; the SCE numbers that integrators' adapters use
 * (SCE001, SCE004-SCE007, SCE015-SCE017, SCE909) keep their meaning here, and the gaps are filled with
 * Qaqpa's own codes. The README carries the same table (the contract's ErrorInfo leaves errorCode a string).
 */
public enum FaultCode {
    MALFORMED_MESSAGE("SCE001", "Message does not match the format"),
    FORBIDDEN_XML_CONSTRUCT("SCE002", "DTDs and external entities are not allowed"),
    SENDER_NOT_AUTHORISED("SCE003", "Sender is not authorised: unknown senderId, wrong password or certificate"),
    UNKNOWN_SERVICE("SCE004", "Service does not exist"),
    TRANSPORT_CERTIFICATE_NOT_VALID("SCE005", "Transport signature certificate is not valid"),
    TRANSPORT_SIGNATURE_INVALID("SCE006", "Transport signature is invalid"),
    TRANSPORT_NOT_SIGNED("SCE007", "Message is not signed"),
    ACCESS_DENIED("SCE008", "Sender may not call this service or channel"),
    DUPLICATE_MESSAGE_CONFLICT("SCE009", "messageId was already used for a different message"),
    MESSAGE_TOO_LARGE("SCE010", "Message is larger than the gateway accepts"),
    ALGORITHM_NOT_SUPPORTED("SCE011", "Signature algorithm is not supported"),
    ALGORITHM_NOT_ALLOWED("SCE012", "Signature algorithm or key is not allowed"),
    TOKEN_REFERENCE_NOT_SUPPORTED("SCE013", "Form of the signer's certificate reference is not supported"),
    TIMESTAMP_EXPIRED("SCE014", "WS-Security Timestamp has expired or is not yet valid"),
    DOCUMENT_CERTIFICATE_NOT_VALID("SCE015", "Business-data signature certificate is not valid"),
    DOCUMENT_SIGNATURE_INVALID("SCE016", "Business-data signature is invalid"),
    DOCUMENT_NOT_SIGNED("SCE017", "Business data is not signed"),
    MESSAGE_DATE_OUT_OF_WINDOW("SCE018", "messageDate or requestDate is too far in the past or the future"),
    HEADER_NOT_UNDERSTOOD("SCE019", "A header block marked mustUnderstand is not one the gateway processes"),
    SIGNER_MISMATCH("SCE020",
            "IIN/BIN in the document does not match the signer's certificate, or a result its application"),
    INVALID_IIN("SCE021", "IIN/BIN check digit is invalid"),
    APPLICANT_NOT_FOUND("SCE022", "Applicant is absent in ГБД ФЛ, or the child is not registered as theirs"),
    POWER_OF_ATTORNEY_NOT_FOUND("SCE023", "Notarised power of attorney is absent in ЕНИС or does not cover this"),
    CO_SIGNATURE_MISSING("SCE024", "A signature the regulation's form requires of another person is missing"),
    CO_SIGNATURE_FOR_ANOTHER_APPLICATION("SCE025", "A co-signature was given for another application"),
    ALREADY_SUBMITTED("SCE026", "This signed application was already submitted through another system"),
    REQUEST_REPLAYED("SCE027", "This signed poll or status query was already answered; send a new one"),
    UNKNOWN_MESSAGE("SCE030", "Message is unknown"),
    UNKNOWN_CORRELATION("SCE031", "correlationId does not name an application of this provider"),
    STATUS_CONFLICT("SCE032", "The application's status does not allow this change"),
    NOT_IN_REGULATION("SCE033", "The regulation has no such step on this channel"),
    NO_PROVIDER_FOR_LOCALITY("SCE036", "No provider of the service serves the application's locality"),
    LEGAL_ENTITY_NOT_FOUND("SCE034", "Legal entity is absent in ГБД ЮЛ"),
    TERM_EXTENSION_REFUSED("SCE035", "The regulation does not allow this extension of the term"),
    INCOMPLETE_PACKAGE("SCE037", "The package of documents is incomplete; the application is not accepted"),
    SERVICE_CLOSED_TO_NEW("SCE038", "The service takes no new applications: it is being withdrawn"),
    INTERNAL_ERROR("SCE909", "Internal error"),
    STATE_SYSTEM_UNAVAILABLE("SCE910", "State system did not answer, or not with a valid record of what was asked"),
    GATEWAY_BUSY("SCE911", "Gateway is busy; send the message again later"),
    STORE_UNAVAILABLE("SCE912", "The gateway cannot store messages now; send again later");

    private final String code;
    private final String text;

    FaultCode(String code, String text) {
        this.code = code;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public String text() {
        return text;
    }

    /**
     * Whether a code tells of the gateway's (or a state system's) failure rather than the request's: SOAP 1.1
     * {@code Server} / SOAP 1.2 {@code env:Receiver} (HTTP 500), where the request may succeed when sent again
     * unchanged; every other code is the sender's ({@code Client} / {@code env:Sender}).
     */
    public static boolean isGatewaySide(String code) {
        // (HEADER_NOT_UNDERSTOOD is neither side's in SOAP: its faultcode is MustUnderstand, see SoapEnvelopes)
        return code.equals(INTERNAL_ERROR.code) || code.equals(STATE_SYSTEM_UNAVAILABLE.code)
                || code.equals(GATEWAY_BUSY.code) || code.equals(STORE_UNAVAILABLE.code);
    }
}
