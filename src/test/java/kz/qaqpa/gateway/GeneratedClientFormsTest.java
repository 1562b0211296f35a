package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.gateway.generated.EnvelopeSigningHandler;
import kz.qaqpa.gateway.generated.GeneratedContract;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Review 42b (an integrator with generated clients): what a client generated from the published ШЭП contract, or
 * written with .NET's or Axis' serializers, puts on the wire that the suite's own hand-built requests do not, sent as
 * raw signed HTTP to the running gateway. Each form is valid against the published schema (checked first, so the
 * test cannot blame the gateway for a client's mistake); the gateway must accept it, or refuse it with the
 * operation's declared fault (validating against the published fault element), never a stack trace.
 */
class GeneratedClientFormsTest {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    private static final String ASYNC = "http://bip.bee.kz/AsyncChannel/v10/Types";
    private static final String ITYPES = "http://bip.bee.kz/AsyncChannel/v10/ITypes";
    private static final String SYNC = "http://bip.bee.kz/SyncChannel/v10/Types";

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();

    // ------------------------------------------------------------------ nil and empty operations

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("sendMessage", ASYNC, "sendMessageFault1_sendMessageFault", true),
                Arguments.of("getMessageStatus", ASYNC, "getMessageStatusFault1_getMessageStatusFault", true),
                Arguments.of("getMessages", ASYNC, "getMessagesFault1_getMessagesFault", true),
                Arguments.of("sendDeliveryNotification", ASYNC,
                        "sendDeliveryNotificationFault1_sendDeliveryNotificationFault", true),
                Arguments.of("SendMessage", SYNC, "SendMessageFault1_SendMessageFault", false));
    }

    /**
     * The published schema declares every operation's {@code request} nillable: a JAX-WS or JAXB client called with a
     * null request sends {@code <request xsi:nil="true"/>}, which validates. The answer must be the operation's
     * declared fault (SCE001), signed, validating against the published fault element.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void aNilRequestIsTheOperationsDeclaredFault(String operation, String namespace, String faultElement, boolean async) {
        Element payload = element(namespace, "ns:" + operation);
        Element request = (Element) payload.appendChild(payload.getOwnerDocument().createElementNS(null, "request"));
        request.setAttributeNS(XSI, "xsi:nil", "true");
        assertValidPublished(async, payload);

        RawSoap.Response answer = RawSoap.post(async ? gateway.asyncUrl() : gateway.syncUrl(), signedWith(payload));

        assertDeclaredFault(answer, new QName(namespace, faultElement), "SCE001", async);
    }

    // ------------------------------------------------------------------ xs:dateTime as generated clients write it

    /** A date and time to the second, seconds always written. */
    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /**
     * messageDate as toolkits write it: .NET's seven fractional digits, Java's nine, an offset instead of Z, and the
     * whitespace xs:dateTime collapses (a pretty-printing serializer). All valid; all name the present moment.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dotnet7", "nanos9", "picos12", "offset+06:00", "whitespace"})
    void aMessageDateAsToolkitsWriteItIsAccepted(String form) {
        java.time.Instant now = java.time.Instant.now();
        String text = switch (form) {
            case "dotnet7" -> java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX")
                    .format(now.atOffset(java.time.ZoneOffset.ofHours(5)));
            case "nanos9" -> java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                    .format(now.atOffset(java.time.ZoneOffset.UTC));
            case "picos12" -> java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'123Z'")
                    .format(now.atOffset(java.time.ZoneOffset.UTC));
            // a pattern, not toString: OffsetDateTime leaves out ":00" seconds, not an xs:dateTime (a CI failure at :00)
            case "offset+06:00" -> SECONDS.format(now.atOffset(java.time.ZoneOffset.ofHours(6)));
            case "whitespace" -> "\n      " + SECONDS.format(now.atOffset(java.time.ZoneOffset.UTC)) + "\t\n   ";
            default -> throw new IllegalArgumentException(form);
        };
        String messageId = "r42b-date-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        first(envelope, "messageDate").setTextContent(text);
        assertValidPublished(true, SoapEnvelopes.payload(envelope));

        assertAcceptedAsSent(envelope, messageId);
    }

    // ------------------------------------------------------------------ what a generated client leaves empty or types

    /**
     * Optional strings a serializer writes empty rather than leaving out (.NET's XmlSerializer for "" , a form-bound
     * bean): {@code correlationId} and {@code routeId} of a REQUEST. The published text says a REQUEST's
     * correlationId "должно быть пустым" (AsyncMessageInfo.xsd), so an empty one is the contract's own wording.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"correlationId", "routeId", "correlationId+routeId"})
    void emptyOptionalElementsOfARequestAreAccepted(String fields) {
        String messageId = "r42b-empty-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        Element info = first(envelope, "messageInfo");
        for (String field : fields.split("\\+")) {
            Element empty = first(envelope, field);
            if (empty == null) {
                empty = envelope.createElementNS(null, field);
                // the schema's order: messageId, correlationId, serviceId, messageType, routeId, messageDate, ...
                Element before = first(envelope, field.equals("correlationId") ? "serviceId" : "messageDate");
                info.insertBefore(empty, before);
            }
            empty.setTextContent("");
        }
        assertValidPublished(true, SoapEnvelopes.payload(envelope));

        assertAcceptedAsSent(envelope, messageId);
    }

    /**
     * Axis 1 and some PHP/Perl stacks put {@code xsi:type} on every element, naming the published complex types (here
     * the request, its messageInfo and sender). Valid against the schema (the types are the declared ones).
     */
    @Test
    void xsiTypeOnEveryComplexElementIsAccepted() {
        String messageId = "r42b-xsitype-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        Element payload = SoapEnvelopes.payload(envelope);
        payload.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:it", ITYPES);
        payload.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:ct", "http://bip.bee.kz/common/v10/Types");
        payload.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xsi", XSI);
        first(envelope, "request").setAttributeNS(XSI, "xsi:type", "it:AsyncSendMessageRequest");
        first(envelope, "messageInfo").setAttributeNS(XSI, "xsi:type", "it:AsyncMessageInfo");
        first(envelope, "sender").setAttributeNS(XSI, "xsi:type", "ct:SenderInfo");
        assertValidPublished(true, payload);

        assertAcceptedAsSent(envelope, messageId);
    }

    /**
     * .NET's XmlSerializer writes no prefixes: the operation in a default namespace and {@code xmlns=""} on the
     * unqualified children; wcf adds a SOAPAction in quotes. The document in {@code data} is left as signed.
     */
    @Test
    void aDotNetStyleRequestWithDefaultNamespacesIsAccepted() {
        String messageId = "r42b-dotnet-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        Element payload = SoapEnvelopes.payload(envelope);
        Element rewritten = withoutPrefixes(payload);
        payload.getParentNode().replaceChild(rewritten, payload);
        assertValidPublished(true, rewritten);
        byte[] wire = SecureXml.serialize(RawSoap.signed(envelope, gateway.pki().key("portal")));
        assertThat(new String(wire, StandardCharsets.UTF_8)).as("no prefix on the operation").contains("<sendMessage xmlns=\"" + ASYNC + "\"");

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), wire,
                Map.of("SOAPAction", "\"\"", "Content-Type", "text/xml; charset=utf-8"), false, false);

        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /** The same, a sync look-up: .NET's default namespaces and a quoted empty SOAPAction. */
    @Test
    void aDotNetStyleSyncLookUpIsAnswered() {
        PersonRequest person = new PersonRequest();
        person.setIin("850315401201");
        Document envelope = RawSoap.envelope(SyncMessages.sendMessage(UUID.randomUUID().toString(), "GBDFL_PERSON", null,
                "PORTAL", "portal-secret", ShepXml.toElement(person)));
        Element payload = SoapEnvelopes.payload(envelope);
        Element rewritten = withoutPrefixes(payload);
        payload.getParentNode().replaceChild(rewritten, payload);
        assertValidPublished(false, rewritten);
        byte[] wire = SecureXml.serialize(RawSoap.signed(envelope, gateway.pki().key("portal")));

        RawSoap.Response answer = RawSoap.post(gateway.syncUrl(), wire,
                Map.of("SOAPAction", "\"\"", "Content-Type", "text/xml; charset=utf-8"), false, false);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
        assertValidPublished(false, SoapEnvelopes.payload(answer.document()));
    }

    /**
     * A pretty-printing serializer's indentation between the elements (down to {@code data}, whose signed document
     * is left as signed), CDATA sections and character references in the values (PHP's and Perl's writers): the
     * same infoset, valid, accepted.
     */
    @Test
    void indentationCdataAndCharacterReferencesAreAccepted() {
        String messageId = "r42b-pretty-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        indent(SoapEnvelopes.payload(envelope), "\n");
        Element senderId = first(envelope, "senderId");
        senderId.setTextContent("");
        senderId.appendChild(envelope.createCDATASection("PORTAL"));
        assertValidPublished(true, SoapEnvelopes.payload(envelope));
        String wire = new String(signed(envelope), StandardCharsets.UTF_8)
                .replace("<messageType>REQUEST</messageType>", "<messageType>&#82;EQUEST</messageType>");
        assertThat(wire).contains("<![CDATA[PORTAL]]>", "&#82;EQUEST", "\n  ");

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), wire.getBytes(StandardCharsets.UTF_8));

        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /** A poll's {@code amount} as xs:int allows it: a sign, leading zeros, whitespace. */
    @Test
    void aPollsAmountInAnyLexicalFormOfXsIntIsRead() {
        var request = new kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest();
        request.setRequestDate(kz.qaqpa.channel.SoapEnvelopes.now());
        request.setServiceId(ChannelClient.SERVICE_ID);
        request.setSender(kz.qaqpa.channel.AsyncMessages.sender("EASTANA", "eastana-secret"));
        request.setAmount(5);
        var call = new kz.qaqpa.contract.async.types.GetMessages();
        call.setRequest(request);
        Document envelope = RawSoap.envelope(call);
        first(envelope, "amount").setTextContent(" +05 ");
        assertValidPublished(true, SoapEnvelopes.payload(envelope));

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(),
                SecureXml.serialize(RawSoap.signed(envelope, gateway.pki().key("eastana"))));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
        assertValidPublished(true, SoapEnvelopes.payload(answer.document()));
    }

    /** Indentation text before each child element and before the end tag, down to (not into) {@code data}. */
    private static void indent(Element element, String prefix) {
        if ("data".equals(element.getLocalName())) {
            return;
        }
        java.util.List<Element> children = new java.util.ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        if (children.isEmpty()) {
            return;
        }
        String inner = prefix + "  ";
        for (Element child : children) {
            element.insertBefore(element.getOwnerDocument().createTextNode(inner), child);
            indent(child, inner);
        }
        element.appendChild(element.getOwnerDocument().createTextNode(prefix));
    }

    // ------------------------------------------------------------------ Content-Type as stacks write it

    /**
     * Content-Type forms RFC 7231 allows and stacks send: a quoted charset value (Go's mime, some PHP and Perl
     * stacks), no space before the parameter (SAAJ), upper-case type and parameter name, an action parameter (WCF
     * in SOAP 1.1 mode does not, Axis2 does).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/xml; charset=\"utf-8\"", "text/xml;charset=UTF-8", "TEXT/XML; Charset=UTF-8",
            "text/xml; charset=utf-8; action=\"\""})
    void aContentTypeAsStacksWriteItIsAccepted(String contentType) {
        String messageId = "r42b-ctype-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), signed(envelope), Map.of("Content-Type", contentType),
                false, false);

        ShepAnswers.assertAccepted(gateway, answer, messageId);
    }

    /**
     * An HTTP/1.0 client (old PHP and Perl SOAP stacks, wget-based scripts): Content-Length, no keep-alive. The
     * answer must be one HTTP/1.0 can read: a Content-Length or the close (no chunked coding, which HTTP/1.0 lacks),
     * and the connection closed after it.
     */
    @Test
    void anHttp10ClientGetsAnAnswerItCanReadAndTheClose() throws Exception {
        String messageId = "r42b-http10-" + UUID.randomUUID();
        byte[] body = signed(portalApplication(messageId));
        java.net.URI uri = java.net.URI.create(gateway.asyncUrl());
        String head = "POST " + uri.getPath() + " HTTP/1.0\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        byte[] received;
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            // read to the close: a SocketTimeoutException here is the finding "HTTP/1.0 connection left open"
            received = socket.getInputStream().readAllBytes();
        }
        String text = new String(received, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String answerHead = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);

        assertThat(answerHead).as(answerHead).startsWith("http/1.").contains(" 200 ").doesNotContain("transfer-encoding");
        Document answer = SecureXml.parse(java.util.Arrays.copyOfRange(received, end + 4, received.length));
        ShepAnswers.assertSignedByGateway(gateway, answer);
        assertThat(SoapEnvelopes.payload(answer).getLocalName()).isEqualTo("sendMessageResponse");
        assertThat(first(answer, "messageId").getTextContent()).isEqualTo(messageId);
    }

    // ------------------------------------------------------------------ forms outside the schema, CRLF, SOAP 1.1 types

    /**
     * interop49: a request outside the schema's sequence or nillability, as a hand-written or mis-generated client
     * sends it: elements in another order (messageInfo's, sender's, request's) and xsi:nil on an element the schema does
     * not declare nillable (optional correlationId, required serviceId). Each the operation's declared fault SCE001
     * naming the element that does not match (the schema's own message), signed, no stack trace; nothing stored.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serviceId before messageId", "password before senderId", "messageData before messageInfo",
            "correlationId nil", "serviceId nil"})
    void aRequestOutsideTheSchemasOrderOrNillabilityIsSce001NamingTheElement(String form) {
        String messageId = "interop49-form-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        String named = form.substring(0, form.indexOf(' '));
        switch (form) {
            case "serviceId before messageId" -> moveBefore(envelope, "serviceId", "messageId");
            case "password before senderId" -> moveBefore(envelope, "password", "senderId");
            case "messageData before messageInfo" -> moveBefore(envelope, "messageData", "messageInfo");
            case "correlationId nil" -> first(envelope, "messageInfo").insertBefore(
                    nil(envelope.createElementNS(null, "correlationId")), first(envelope, "serviceId"));
            case "serviceId nil" -> nil(first(envelope, "serviceId")).setTextContent("");
            default -> throw new IllegalArgumentException(form);
        }
        // the schema's message names the first element out of place: messageId is optional, so serviceId before it
        // still fits and messageId after it does not
        String misplaced = form.startsWith("serviceId before") ? "messageId" : named;

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), signed(envelope));

        assertThat(ShepAnswers.assertFault(gateway, answer, ShepAnswers.SEND_MESSAGE_FAULT, "SCE001"))
                .contains("does not match the contract", "'" + misplaced + "'");
        ShepAnswers.assertNotStored(gateway, "PORTAL", messageId);
    }

    /**
     * interop49: a pretty-printed request with CRLF line ends (Windows' writers; the parser reads them as LF, so the
     * signatures made over LF verify), and a SOAP 1.1 envelope sent with SOAP 1.2's Content-Type (with its action
     * parameter or not, no SOAPAction): accepted and stored, answered in SOAP 1.1 as the envelope is.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CRLF", "application/soap+xml", "application/soap+xml with action"})
    void crlfLineEndsAndSoap11UnderSoap12sContentTypeAreAccepted(String form) {
        String messageId = "interop49-" + UUID.randomUUID();
        Document envelope = portalApplication(messageId);
        Map<String, String> headers = new java.util.HashMap<>();
        if (form.equals("CRLF")) {
            indent(SoapEnvelopes.payload(envelope), "\n");
        } else {
            headers.put("Content-Type", "application/soap+xml; charset=utf-8" + (form.endsWith("action") ? "; action=\"\"" : ""));
            headers.put("SOAPAction", null);
        }
        byte[] body = signed(envelope);
        if (form.equals("CRLF")) {
            body = new String(body, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            assertThat(new String(body, StandardCharsets.UTF_8)).contains(">\r\n  <");
        }

        RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), body, headers, false, false);

        ShepAnswers.assertAccepted(gateway, answer, messageId);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(gateway.assembly().applications().byMessage("PORTAL", messageId)).as("stored").isPresent();
    }

    /** {@code localName}'s first element moved before {@code before}'s, under the latter's parent. */
    private static void moveBefore(Document envelope, String localName, String before) {
        Element anchor = first(envelope, before);
        anchor.getParentNode().insertBefore(first(envelope, localName), anchor);
    }

    private static Element nil(Element element) {
        element.setAttributeNS(XSI, "xsi:nil", "true");
        return element;
    }

    // ------------------------------------------------------------------ the served WSDL as tools fetch it

    /**
     * SoapUI, .NET's "Add Service Reference" and hand-typed URLs ask for {@code ?WSDL} as often as {@code ?wsdl};
     * a tool fetching twice (wsimport and then the running client) must get the same document.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/shep/async", "/shep/sync"})
    void theServedWsdlIsTheSameTwiceAndUnderItsUpperCaseQuery(String path) {
        RawSoap.Response first = RawSoap.get(baseUrl() + path + "?wsdl");
        RawSoap.Response again = RawSoap.get(baseUrl() + path + "?wsdl");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.text()).as("the same document twice").isEqualTo(first.text());
        assertThat(first.text()).as("no file: path in the served WSDL").doesNotContain("file:");

        RawSoap.Response upper = RawSoap.get(baseUrl() + path + "?WSDL");

        assertThat(upper.status()).as("?WSDL\n" + upper).isEqualTo(200);
        assertThat(upper.text()).isEqualTo(first.text());
    }

    // ------------------------------------------------------------------ the published sync client, validating

    /**
     * PublishedContractClientTest runs the published sync client without schema validation; an integrator who turns
     * it on must still read the answer and the declared fault (CXF validates the fault's detail too).
     */
    @Test
    void aPublishedSyncClientWithSchemaValidationOnReadsTheAnswerAndTheFault(@org.junit.jupiter.api.io.TempDir java.nio.file.Path code)
            throws Exception {
        assumeTrue(PublishedContract.available(), "published contract absent");
        try (GeneratedContract contract = GeneratedContract.generate(PublishedContract.REFERENCE
                        .resolve("SyncChannel/v10/Interfaces/SyncChannelHttp_Service.wsdl").toAbsolutePath().toUri().toString(),
                code, "review42b.shep.sync", GeneratedContract.SYNC_PACKAGES)) {
            Object port = GeneratedContract.invoke(contract.type(".ISyncChannelHttpService").getConstructor(java.net.URL.class)
                    .newInstance(new java.net.URL(gateway.syncUrl() + "?wsdl")), "getSyncChannelHttpPort");
            ((jakarta.xml.ws.BindingProvider) port).getRequestContext().put("schema-validation-enabled", true);
            EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck())
                    .installOn(port);

            Object answer = GeneratedContract.invoke(port, "sendMessage", personLookUp(contract, "portal-secret"));
            GeneratedContract.OperationFault fault = org.assertj.core.api.Assertions.catchThrowableOfType(
                    GeneratedContract.OperationFault.class,
                    () -> GeneratedContract.invoke(port, "sendMessage", personLookUp(contract, "not-the-portal-secret")));

            assertThat(GeneratedContract.get(GeneratedContract.get(GeneratedContract.get(answer, "responseInfo"), "status"),
                    "code")).isEqualTo("SCSS001");
            assertThat(fault).as("the declared fault, read with validation on").isNotNull();
            assertThat(GeneratedContract.get(fault.faultInfo(), "errorCode")).isEqualTo("SCE003");
            assertThat(security.verifiedSigners()).hasSize(2);
        }
    }

    private static Object personLookUp(GeneratedContract contract, String password) {
        PersonRequest person = new PersonRequest();
        person.setIin("850315401201");
        Object info = contract.create(".types.SyncMessageInfo");
        GeneratedContract.set(info, "messageId", UUID.randomUUID().toString());
        GeneratedContract.set(info, "serviceId", "GBDFL_PERSON");
        GeneratedContract.set(info, "messageDate", kz.qaqpa.mocks.soap.DataElements.dateTime(java.time.Instant.now()));
        GeneratedContract.set(info, "sender", contract.sender("PORTAL", password));
        Object data = contract.create(".request.RequestData");
        GeneratedContract.set(data, "data", kz.qaqpa.mocks.soap.DataElements.wrap(ShepXml.toElement(person)));
        Object request = contract.create(".request.SyncSendMessageRequest");
        GeneratedContract.set(request, "requestInfo", info);
        GeneratedContract.set(request, "requestData", data);
        return request;
    }

    // ------------------------------------------------------------------ helpers

    private static String baseUrl() {
        return gateway.asyncUrl().substring(0, gateway.asyncUrl().indexOf("/shep/async"));
    }

    private static Document portalApplication(String messageId) {
        Element signed = gateway.signed(SampleApplication.on(Channel.PORTAL));
        return RawSoap.envelope(gateway.client(Channel.PORTAL).request(signed, messageId));
    }

    /** {@code envelope} signed by the portal as it is, sent, and accepted as {@code messageId}. */
    private static void assertAcceptedAsSent(Document envelope, String messageId) {
        ShepAnswers.assertAccepted(gateway, RawSoap.post(gateway.asyncUrl(), signed(envelope)), messageId);
    }

    private static byte[] signed(Document envelope) {
        return SecureXml.serialize(RawSoap.signed(envelope, gateway.pki().key("portal")));
    }

    private static byte[] signedWith(Element payload) {
        return SecureXml.serialize(RawSoap.signed(SoapEnvelopes.wrap(payload), gateway.pki().key("portal")));
    }

    private static Element element(String namespace, String qualifiedName) {
        Document doc = SecureXml.newDocument();
        Element e = doc.createElementNS(namespace, qualifiedName);
        e.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xsi", XSI);
        doc.appendChild(e);
        return e;
    }

    private static Element first(Document doc, String localName) {
        return (Element) doc.getElementsByTagNameNS("*", localName).item(0);
    }

    /** A copy of {@code payload} with no prefixes down to {@code data}, whose content (the signed document) is kept. */
    private static Element withoutPrefixes(Element payload) {
        Document doc = payload.getOwnerDocument();
        Element copy = doc.createElementNS(payload.getNamespaceURI(), payload.getLocalName());
        if (payload.getNamespaceURI() != null) {
            copy.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", payload.getNamespaceURI());
        } else {
            copy.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", "");
        }
        for (Node n = payload.getFirstChild(); n != null; n = n.getNextSibling()) {
            if ("data".equals(payload.getLocalName())) {
                copy.appendChild(n.cloneNode(true));
            } else if (n instanceof Element child) {
                copy.appendChild(withoutPrefixes(child));
            } else {
                copy.appendChild(n.cloneNode(true));
            }
        }
        for (int i = 0; i < payload.getAttributes().getLength(); i++) {
            Node a = payload.getAttributes().item(i);
            if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                copy.setAttributeNodeNS((org.w3c.dom.Attr) a.cloneNode(true));
            }
        }
        return copy;
    }

    /** The payload validates against the published contract (skipped where it is absent): the client's form is legal. */
    private static void assertValidPublished(boolean async, Element payload) {
        assumeTrue(PublishedContract.available(), "published contract absent");
        Element copy = (Element) SecureXml.parse(SecureXml.serialize(payload)).getDocumentElement();
        PublishedContract.assertValid(async ? PublishedContract.async()
                : PublishedContract.schema("SyncChannel/v10/Types/ISyncChannel.xsd"), copy);
    }

    private static void assertDeclaredFault(RawSoap.Response answer, QName detail, String code, boolean async) {
        ShepAnswers.assertFault(gateway, answer, detail, code);
        Element info = Dom.firstChildElement(ShepAnswers.child(SoapEnvelopes.payload(answer.document()), null, "detail"));
        assertValidPublished(async, (Element) SecureXml.parse(SecureXml.serialize(info)).getDocumentElement());
        Element faultcode = ShepAnswers.child(SoapEnvelopes.payload(answer.document()), null, "faultcode");
        assertThat(faultcode.getTextContent()).as("a SOAP 1.1 faultcode in SOAP's namespace")
                .matches("[A-Za-z0-9_-]+:(Client|Server)");
    }
}
