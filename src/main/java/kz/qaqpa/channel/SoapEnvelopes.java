package kz.qaqpa.channel;

import jakarta.xml.bind.JAXBElement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.GregorianCalendar;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SoapEnvelope;
import kz.qaqpa.trust.WsNames;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Builds and takes apart SOAP 1.1 envelopes around ШЭП payloads. */
public final class SoapEnvelopes {
    private static final String SOAP11 = WsNames.SOAP11;
    /** SOAP 1.1's fault codes that put the fault on the message, not on the side that answers it. */
    private static final Set<String> SENDERS_FAULT_CODES =
            Set.of("Client", "VersionMismatch", "MustUnderstand", "DataEncodingUnknown");
    /** SOAP 1.2's (part 1, 5.4.6): all but env:Receiver, the answering side's failure. */
    private static final Set<String> SOAP12_SENDERS_FAULT_CODES =
            Set.of("Sender", "VersionMismatch", "MustUnderstand", "DataEncodingUnknown");
    private static final String SOAP11_CLIENT_REFINED = "Client.";
    private static final DatatypeFactory DATATYPES = newDatatypeFactory();
    /** HTTP status of a fault (SOAP 1.1's for every fault), and of a SOAP 1.2 env:Sender fault. */
    private static final int FAULT_STATUS = 500;
    private static final int SENDER_FAULT_STATUS = 400;

    private SoapEnvelopes() {
    }

    /** A new envelope (empty Header, Body holding a copy of {@code payload}). */
    public static Document wrap(Element payload) {
        Element body = newBody();
        body.appendChild(body.getOwnerDocument().importNode(payload, true));
        return body.getOwnerDocument();
    }

    /**
     * A new envelope (empty Header) whose Body holds {@code payload} itself, taken from where it stood (perf61b: a
     * gateway's answer, signed once, was a deep copy of its reply). Only for a payload nothing reads in its old place.
     */
    public static Document wrapTaking(Element payload) {
        Element body = newBody();
        Node taken = body.getOwnerDocument().adoptNode(payload);
        if (taken == null) {
            throw new IllegalStateException("<" + payload.getLocalName() + "> cannot be moved into an envelope");
        }
        body.appendChild(taken);
        return body.getOwnerDocument();
    }

    /** A JAXB object marshalled straight into the Body of a new envelope (no copy of it made). */
    public static Document wrap(Object jaxb) {
        Element body = newBody();
        ShepXml.appendTo(jaxb, body);
        return body.getOwnerDocument();
    }

    /** The empty Body of a new envelope with an empty Header. */
    private static Element newBody() {
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(SOAP11, "soapenv:Envelope");
        doc.appendChild(envelope);
        envelope.appendChild(doc.createElementNS(SOAP11, "soapenv:Header"));
        Element body = doc.createElementNS(SOAP11, "soapenv:Body");
        envelope.appendChild(body);
        return body;
    }

    /** The Envelope's one Body (SCE001 when it is not a SOAP 1.1 envelope with exactly one Body). */
    public static Element body(Document envelope) {
        return SoapEnvelope.body(envelope.getDocumentElement());
    }

    /** The first element inside the Body: the operation's request or response element. */
    public static Element payload(Document envelope) {
        Element body = body(envelope);
        Element payload = Dom.firstChildElement(body);
        if (payload == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Body is empty");
        }
        // document-literal: one operation element; a second would be signed and logged but never read
        Element next = Dom.nextSiblingElement(payload);
        if (next != null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "SOAP Body holds <" + next.getLocalName()
                    + "> after <" + payload.getLocalName() + ">; a ШЭП message is one operation");
        }
        return payload;
    }

    /**
     * Whether the envelope, SOAP 1.1 or 1.2, answers with a Fault in its own namespace (fix41b: a SOAP 1.2 one was
     * SCE001, read as no answer: a recipient's env:Sender refusal of a callback was retried up to max-attempts).
     */
    public static boolean isFault(Document envelope) {
        return fault(envelope) != null;
    }

    /** The Fault in the Body of a SOAP 1.1 or 1.2 envelope, or null when the Body holds none. */
    private static Element fault(Document envelope) {
        Element root = envelope.getDocumentElement();
        Element payload = Dom.firstChildElement(SoapEnvelope.anyBody(root));
        return payload != null && root.getNamespaceURI().equals(payload.getNamespaceURI())
                && "Fault".equals(payload.getLocalName()) ? payload : null;
    }

    private static boolean soap12(Element fault) {
        return WsNames.SOAP12.equals(fault.getNamespaceURI());
    }

    /** The first child of a SOAP 1.2 fault's element named {@code localName} in the envelope's namespace, or null. */
    private static Element soap12Child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        List<Element> children = Dom.children(parent, WsNames.SOAP12, localName);
        return children.isEmpty() ? null : children.get(0);
    }

    /**
     * The fault in {@code version}: SOAP 1.1 as below, or SOAP 1.2 ({@link #soap12Fault}) for a client that speaks
     * it; {@code versionMismatch} when the request was refused for being SOAP 1.2.
     */
    public static Document fault(ErrorInfo error, QName detailElement, SoapVersion version, boolean versionMismatch) {
        return version == SoapVersion.SOAP12 ? soap12Fault(error, detailElement, versionMismatch) : fault(error, detailElement);
    }

    /** A SOAP fault whose detail is the operation's ErrorInfo fault element. */
    public static Document fault(ErrorInfo error, QName detailElement) {
        Element body = newBody();
        Document doc = body.getOwnerDocument();
        Element fault = doc.createElementNS(SOAP11, "soapenv:Fault");
        body.appendChild(fault);
        appendText(fault, "faultcode", "soapenv:" + (notUnderstood(error) ? "MustUnderstand"
                : serverSide(error) ? "Server" : "Client"));
        appendText(fault, "faultstring", error.getErrorCode() + ": " + error.getErrorMessage());
        appendDetail(fault, null, "detail", error, detailElement);
        return doc;
    }

    /**
     * The SOAP 1.2 form of the fault: Code env:VersionMismatch for a SOAP 1.2 request (with the env:Upgrade header
     * naming the SOAP 1.1 envelope the channels take, SOAP 1.2 part 1, 5.4.7), else env:Sender or env:Receiver as
     * faultcode Client or Server would be; Reason the code and message; Detail the operation's ErrorInfo element.
     */
    private static Document soap12Fault(ErrorInfo error, QName detailElement, boolean versionMismatch) {
        String soap12 = SoapVersion.SOAP12.namespace();
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(soap12, "env:Envelope");
        doc.appendChild(envelope);
        Element header = doc.createElementNS(soap12, "env:Header");
        envelope.appendChild(header);
        if (versionMismatch) {
            Element upgrade = doc.createElementNS(soap12, "env:Upgrade");
            Element supported = doc.createElementNS(soap12, "env:SupportedEnvelope");
            supported.setAttributeNS(WsNames.XMLNS, "xmlns:soap11", SOAP11);
            supported.setAttributeNS(null, "qname", "soap11:Envelope");
            upgrade.appendChild(supported);
            header.appendChild(upgrade);
        }
        Element body = doc.createElementNS(soap12, "env:Body");
        envelope.appendChild(body);
        Element fault = doc.createElementNS(soap12, "env:Fault");
        body.appendChild(fault);
        Element code = doc.createElementNS(soap12, "env:Code");
        fault.appendChild(code);
        appendText(code, soap12, "env:Value", "env:" + (versionMismatch ? "VersionMismatch"
                : notUnderstood(error) ? "MustUnderstand" : serverSide(error) ? "Receiver" : "Sender"));
        Element reason = doc.createElementNS(soap12, "env:Reason");
        fault.appendChild(reason);
        Element text = appendText(reason, soap12, "env:Text", error.getErrorCode() + ": " + error.getErrorMessage());
        text.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en");
        appendDetail(fault, soap12, "env:Detail", error, detailElement);
        return doc;
    }

    /**
     * Whether a fault's code blames the message it answers: sent again unchanged it would fail again. SOAP 1.1
     * (4.4.1): faultcode Client and its dotted refinements, VersionMismatch, MustUnderstand, DataEncodingUnknown;
     * SOAP 1.2 (part 1, 5.4.6): Code/Value env:Sender, env:VersionMismatch, env:MustUnderstand,
     * env:DataEncodingUnknown (Subcode not read). Any other code (Server, env:Receiver, a toolkit's own such as WCF's
     * {@code InternalServiceFault}) is the answering side's failure. fix41b: the code is a QName whose prefix must
     * resolve to the envelope's namespace; an application's own {@code app:Client} was read as SOAP's Client, and a
     * code with an unbound prefix (or none) names no SOAP code: the answering side's, so retried.
     */
    private static boolean blamesTheMessage(Element fault) {
        Element code = soap12(fault) ? soap12Child(soap12Child(fault, "Code"), "Value")
                : Dom.childElement(fault, "faultcode");
        String local = soapCodeName(code, fault.getNamespaceURI());
        if (local == null) {
            return false;
        }
        return soap12(fault) ? SOAP12_SENDERS_FAULT_CODES.contains(local)
                : SENDERS_FAULT_CODES.contains(local) || local.startsWith(SOAP11_CLIENT_REFINED);
    }

    /** The local part of a fault code's QName text when its prefix is bound to {@code soapNamespace}, else null. */
    private static String soapCodeName(Element code, String soapNamespace) {
        if (code == null) {
            return null;
        }
        QName named = Dom.qNameIn(code, code.getTextContent().strip());
        return soapNamespace.equals(named.getNamespaceURI()) ? named.getLocalPart() : null;
    }

    /** The ErrorInfo inside a fault envelope's detail (SOAP 1.2: env:Detail), or null when the fault carries none. */
    public static ErrorInfo faultDetail(Document envelope) {
        Element fault = fault(envelope);
        return fault == null ? null : detail(fault);
    }

    private static ErrorInfo detail(Element fault) {
        Element detail = soap12(fault) ? soap12Child(fault, "Detail") : Dom.childElement(fault, "detail");
        Element info = detail == null ? null : Dom.firstChildElement(detail);
        return info == null ? null : ShepXml.fromNode(info, ErrorInfo.class);
    }

    /**
     * What an answer's Fault says, read from the Fault found once (depth42: {@link #isFault}, {@link #faultDetail} and
     * faultBlamesTheMessage each found it again for every callback's and call's answer).
     *
     * @param detail           its ErrorInfo, or null when it carries none
     * @param blamesTheMessage its code puts it on the message ({@link #blamesTheMessage})
     */
    public record AnsweredFault(ErrorInfo detail, boolean blamesTheMessage) {
    }

    /** The answer's Fault, SOAP 1.1 or 1.2, as {@link AnsweredFault}; empty when the answer is no fault. */
    public static Optional<AnsweredFault> answeredFault(Document envelope) {
        Element fault = fault(envelope);
        return fault == null ? Optional.empty()
                : Optional.of(new AnsweredFault(detail(fault), blamesTheMessage(fault)));
    }

    /** An ErrorInfo dated now in the JVM's zone: for a sender keeping a clock of its own (the mocks). */
    public static ErrorInfo errorInfo(FaultCode code, String message, String sessionId) {
        return errorInfo(code, message, sessionId, now());
    }

    /** An ErrorInfo dated {@code errorDate} (the gateway's: {@link ServiceZones#gatewayNow()}). */
    public static ErrorInfo errorInfo(FaultCode code, String message, String sessionId, XMLGregorianCalendar errorDate) {
        ErrorInfo info = new ErrorInfo();
        info.setErrorCode(code.code());
        info.setErrorMessage(writable(message));
        info.setErrorDate(errorDate);
        info.setSessionId(sessionId);
        return info;
    }

    /** A message may quote what it refuses: control characters XML 1.0 cannot carry become U+FFFD. */
    private static String writable(String message) {
        return message == null ? null : message.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "\uFFFD");
    }

    public static XMLGregorianCalendar now() {
        return DATATYPES.newXMLGregorianCalendar(new GregorianCalendar());
    }

    public static XMLGregorianCalendar dateTime(Instant instant) {
        GregorianCalendar c = new GregorianCalendar();
        c.setTimeInMillis(instant.toEpochMilli());
        return DATATYPES.newXMLGregorianCalendar(c);
    }

    /** {@code instant} with the offset {@code zone} had then (a date about an application: {@link ServiceZones}). */
    public static XMLGregorianCalendar dateTime(Instant instant, ZoneId zone) {
        return DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(zone)));
    }

    /**
     * The HTTP status of a fault. SOAP 1.1 answers every fault with 500; SOAP 1.2's HTTP binding (part 2, 7.5.2.2)
     * answers env:Sender with 400 and every other code (env:Receiver, env:VersionMismatch) with 500.
     */
    public static int httpStatus(String errorCode, SoapVersion version, boolean versionMismatch) {
        boolean senderFault = version == SoapVersion.SOAP12 && !versionMismatch && !FaultCode.isGatewaySide(errorCode)
                && !FaultCode.HEADER_NOT_UNDERSTOOD.code().equals(errorCode);
        return senderFault ? SENDER_FAULT_STATUS : FAULT_STATUS;
    }

    /**
     * A header block for the gateway marked mustUnderstand that it does not process: SOAP's own MustUnderstand fault
     * code (SOAP 1.1 4.4.1, WS-I Basic Profile R1027; SOAP 1.2 part 1, 5.4.8), with the ШЭП code in its detail.
     */
    private static boolean notUnderstood(ErrorInfo error) {
        return FaultCode.HEADER_NOT_UNDERSTOOD.code().equals(error.getErrorCode());
    }

    /** Whether the fault is the gateway's (or a state system's) failure rather than the request's. */
    private static boolean serverSide(ErrorInfo error) {
        return FaultCode.isGatewaySide(error.getErrorCode());
    }

    private static void appendText(Element parent, String name, String text) {
        appendText(parent, null, name, text);
    }

    private static Element appendText(Element parent, String namespace, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(namespace, name);
        e.setTextContent(text);
        parent.appendChild(e);
        return e;
    }

    /** The fault's detail element ({@code name}, as each SOAP version calls it) holding the operation's ErrorInfo. */
    private static void appendDetail(Element fault, String namespace, String name, ErrorInfo error,
                                     QName detailElement) {
        Document doc = fault.getOwnerDocument();
        Element detail = doc.createElementNS(namespace, name);
        fault.appendChild(detail);
        Element info = ShepXml.toElement(new JAXBElement<>(detailElement, ErrorInfo.class, error));
        detail.appendChild(doc.importNode(info, true));
    }

    private static DatatypeFactory newDatatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
