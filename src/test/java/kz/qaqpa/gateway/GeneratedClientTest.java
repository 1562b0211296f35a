package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.generated.GeneratedContract.get;
import static kz.qaqpa.gateway.generated.GeneratedContract.invoke;
import static kz.qaqpa.gateway.generated.GeneratedContract.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import java.util.UUID;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.generated.EnvelopeSigningHandler;
import kz.qaqpa.gateway.generated.GeneratedContract;
import kz.qaqpa.gateway.generated.GeneratedContract.OperationFault;
import kz.qaqpa.gateway.generated.CallbackService;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.WsNames;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.ext.logging.LoggingOutInterceptor;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Acceptance: a client generated from the served WSDL (CXF wsdl2java, the engine of cxf-codegen-plugin, run at
 * test time against {@code /shep/async?wsdl}) submits an application and gets its result. The generated client
 * knows nothing of Qaqpa's own classes: only a JAX-WS handler adds the WS-Security signature the contract asks
 * for, and client-side schema validation checks both directions against the served contract.
 */
class GeneratedClientTest {
    private static final String BASE = "generated.shep.async";
    /** For an arrival (a result, a status, every callback delivered): returned as soon as it is there. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CALLBACK_BASE = "generated.shep.callback";
    /** The callback contract's namespaces and their packages. */
    private static final Map<String, String> CALLBACK_PACKAGES = Map.of(
            CallbackService.BINDING, "",
            "http://bip.bee.kz/AsyncChannel/v10/Interfaces/Client", "",
            "http://bip.bee.kz/AsyncChannel/v10/Types/Client", ".client",
            "http://bip.bee.kz/AsyncChannel/v10/Types", ".types",
            "http://bip.bee.kz/AsyncChannel/v10/ITypes", ".itypes",
            "http://bip.bee.kz/common/v10/Types", ".common");

    @TempDir
    static Path codegenDir;
    /** Where CON's callbacks go: the callback service generated from the served callback contract. */
    static final int CALLBACK_PORT = PkiServer.freePort();
    // WSS4J checks the gateway's answers through Santuario's JSR-105 API, which knows no GOST: an RSA gateway here,
    // whatever the test PKI's default family (GOST answers: GostChannelTest; docs/security.md, GOST)
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass().with("qaqpa.test-pki.gateway-key-algorithm", "RSA")
            .with("qaqpa.sender.CON.callback", "http://localhost:" + CALLBACK_PORT + "/callback");
    static GeneratedContract contract;

    @BeforeAll
    static void generate() {
        contract = GeneratedContract.generate(gateway.asyncUrl() + "?wsdl", codegenDir, BASE,
                GeneratedContract.ASYNC_PACKAGES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (contract != null) {
            contract.close();
        }
    }

    @Test
    void generatedClientSubmitsAnApplicationAndGetsItsResult() {
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck());
        Object port = port(security);
        // a reasoned refusal is the portal's final result without an offer to consent to (para 8.10)
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        Element signed = gateway.signed(sample);
        String messageId = UUID.randomUUID().toString();

        Object answer = invoke(port, "sendMessage", sendMessageRequest(messageId, "PORTAL", "portal-secret", signed));

        assertThat(get(answer, "messageId")).isEqualTo(messageId);
        String correlationId = (String) get(answer, "correlationId");
        assertThat(correlationId).matches("\\{[0-9a-fA-F-]{36}\\}");
        Element result = gateway.mocks().portal().awaitResult(correlationId, WAIT).orElseThrow();
        assertThat(result.getLocalName()).isEqualTo("refusal");

        assertThat(awaitStatusCode(port, messageId, "COMPLETED", WAIT)).isEqualTo("COMPLETED");
        X509Certificate gatewayCertificate = gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate();
        assertThat(security.verifiedSigners()).hasSizeGreaterThanOrEqualTo(2).allMatch(gatewayCertificate::equals);
    }

    /**
     * The same client with CXF's own WS-Security (WSS4J) instead of our handler, configured as an integrator on
     * CXF would: actions "Timestamp Signature", the certificate as a BinarySecurityToken (DirectReference), the
     * Timestamp and the Body signed; the gateway's signed answers verified by WSS4J against the test НУЦ.
     */
    @Test
    void cxfWithWss4jSubmitsAnApplicationAndGetsItsResult() {
        Object port = invoke(contract.create(".AsyncChannelHttpService"), "getAsyncChannelHttpPort");
        Client client = ClientProxy.getClient(port);
        client.getOutInterceptors().add(new WSS4JOutInterceptor(wss4jOut(gateway.pki().key("portal", KeyAlgorithm.RSA))));
        client.getInInterceptors().add(new WSS4JInInterceptor(wss4jIn()));
        List<String> sent = new CopyOnWriteArrayList<>();
        LoggingOutInterceptor wire = new LoggingOutInterceptor(event -> sent.add(event.getPayload()));
        wire.setLimit(1 << 20);
        client.getOutInterceptors().add(wire);
        // a reasoned refusal: the portal's final result without an offer to consent to first (para 8.10)
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        Element signed = gateway.signed(sample);
        String messageId = UUID.randomUUID().toString();

        Object answer = invoke(port, "sendMessage", sendMessageRequest(messageId, "PORTAL", "portal-secret", signed));

        String correlationId = (String) get(answer, "correlationId");
        assertThat(correlationId).matches("\\{[0-9a-fA-F-]{36}\\}");
        Element result = gateway.mocks().portal().awaitResult(correlationId, WAIT).orElseThrow();
        assertThat(result.getLocalName()).isEqualTo("refusal");
        assertThat(awaitStatusCode(port, messageId, "COMPLETED", WAIT)).isEqualTo("COMPLETED");
        assertThat(sent.get(0)).as("what WSS4J put on the wire").contains("BinarySecurityToken", ":Timestamp", "#X509v3")
                .doesNotContain("KeyIdentifier");
    }

    /**
     * A ЦОН's callback service generated from the callback contract as the gateway serves it (GET
     * /contract/AsyncChannelClient.wsdl; before session 33 it was not served: 404), published with CXF at the URL
     * registered as CON's callback, its answers signed and its requests' signatures verified by a JAX-WS handler.
     * CON submits with the generated client; the gateway's signed callbacks about the application reach the service,
     * its generated answers are taken (each callback is delivered once, none given up on).
     */
    @Test
    void aCallbackServiceGeneratedFromTheServedCallbackContractGetsTheCallbacks(@TempDir Path callbackCode) throws Exception {
        String served = "http://localhost:" + gateway.property("qaqpa.http.port") + "/contract/AsyncChannelClient.wsdl";
        for (String notServed : List.of("bindings.xjb", "AsyncChannelClient.wsdl/", "types/../../application.properties")) {
            assertThat(RawSoap.get(served.replace("AsyncChannelClient.wsdl", notServed)).status())
                    .as("only the callback contract's files: " + notServed).isEqualTo(404);
        }
        EnvelopeSigningHandler callbackSecurity = new EnvelopeSigningHandler(gateway.pki().key("con"), gateway.gatewayCheck());
        try (GeneratedContract callback = GeneratedContract.generate(served, callbackCode, CALLBACK_BASE, CALLBACK_PACKAGES);
             CallbackService service = CallbackService.publish(callback, served, "http://localhost:" + CALLBACK_PORT + "/callback",
                     callbackSecurity)) {
            Object port = port(new EnvelopeSigningHandler(gateway.pki().key("con"), gateway.gatewayCheck()));
            // a reasoned refusal: the application's final result, delivered by the sendMessage callback
            SampleApplication sample = SampleApplication.on(Channel.CON).withoutAttachment("BIRTH_CERTIFICATE");
            Element signed = gateway.signed(sample);
            String messageId = UUID.randomUUID().toString();
            Object request = contract.asyncSendMessage(ChannelClient.SERVICE_ID, messageId,
                    contract.sender("CON", "con-secret"), signed);

            String correlationId = (String) get(invoke(port, "sendMessage", request), "correlationId");

            service.awaitCall("sendMessage", correlationId, WAIT);
            awaitNothingOwed(correlationId, WAIT);
            // CON's own callbacks: since session 35 the portal's history is told of the application too (its own entries)
            assertThat(service.calls(Set.of(messageId, correlationId))).as("each callback delivered once, its answer taken")
                    .hasSize((int) gateway.assembly().outbox().forApplication(correlationId).stream()
                            .filter(p -> p.targetSender().equals("CON")).count())
                    .contains("changeMassageStatusNotification", "sendMessage");
            assertThat(callbackSecurity.verifiedSigners()).as("every callback signed by the gateway")
                    .isNotEmpty().allMatch(gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate()::equals);
        }
    }

    private static void awaitNothingOwed(String correlationId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (gateway.assembly().outbox().backlog() > 0 && Instant.now().isBefore(deadline)) {
            Pause.sleep(Duration.ofMillis(100));
        }
        assertThat(gateway.assembly().outbox().backlog()).as("callbacks still owed").isZero();
        assertThat(gateway.assembly().outbox().stopped(kz.qaqpa.store.Outbox.StoppedKey.FIRST, 1000)).as("callbacks given up on")
                .noneMatch(stopped -> stopped.correlationId().equals(correlationId));
    }

    private static Map<String, Object> wss4jOut(KeyMaterial key) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        config.put(ConfigurationConstants.USER, Wss4jRequests.ALIAS);
        config.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
            for (Callback callback : callbacks) {
                ((WSPasswordCallback) callback).setPassword(Wss4jRequests.PASSWORD);
            }
        });
        config.put(ConfigurationConstants.SIG_PROP_REF_ID, "clientKey");
        config.put("clientKey", Wss4jRequests.keyCrypto(key));
        config.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        config.put(ConfigurationConstants.SIGNATURE_PARTS, "{}{" + WsNames.WSU + "}Timestamp;{}{" + WsNames.SOAP11 + "}Body");
        config.put(ConfigurationConstants.SIG_ALGO, WsNames.RSA_SHA256);
        config.put(ConfigurationConstants.SIG_DIGEST_ALGO, WsNames.SHA256);
        return config;
    }

    private static Map<String, Object> wss4jIn() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConfigurationConstants.ACTION, ConfigurationConstants.SIGNATURE);
        config.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, "gatewayTrust");
        config.put("gatewayTrust", Wss4jRequests.trustCrypto(gateway.pki().root(KeyAlgorithm.RSA),
                gateway.pki().issuing(KeyAlgorithm.RSA)));
        return config;
    }

    @Test
    void wrongPasswordIsTheGeneratedFaultWithSce003() {
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck());
        Object port = port(security);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        Object request = sendMessageRequest(UUID.randomUUID().toString(), "PORTAL", "not-the-portal-secret", signed);

        OperationFault fault = catchThrowableOfType(OperationFault.class, () -> invoke(port, "sendMessage", request));

        assertThat(fault).as("a declared WSDL fault").isNotNull();
        assertThat(fault.declared()).isInstanceOf(contract.type(".SendMessageSendMessageFaultMsg"));
        assertThat(get(fault.faultInfo(), "errorCode")).isEqualTo("SCE003");
        assertThat(security.verifiedSigners()).as("the fault is signed by the gateway too")
                .containsExactly(gateway.pki().key("gateway", KeyAlgorithm.RSA).certificate());
    }

    /**
     * JAXB writes an Element given to setData (xs:anyType) as {@code data} itself: a document handed over unwrapped
     * arrives as its children, several documents. The declared fault says how to send it.
     */
    @Test
    void aDocumentNotWrappedInDataGetsSce001SayingToWrapIt() {
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck());
        Object port = port(security);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        Object request = sendMessageRequest(UUID.randomUUID().toString(), "PORTAL", "portal-secret", signed);
        set(get(request, "messageData"), "data", signed);

        OperationFault fault = catchThrowableOfType(OperationFault.class, () -> invoke(port, "sendMessage", request));

        assertThat(fault).as("a declared WSDL fault").isNotNull();
        assertThat(get(fault.faultInfo(), "errorCode")).isEqualTo("SCE001");
        assertThat((String) get(fault.faultInfo(), "errorMessage")).contains("data holds <channel> after <serviceCode>",
                "setData takes the <data> element itself: wrap the document in one");
    }

    @Test
    void clientValidatesAgainstTheServedSchemas() {
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck());
        Object port = port(security);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        Object request = sendMessageRequest(UUID.randomUUID().toString(), "PORTAL", "portal-secret", signed);
        set(get(request, "messageInfo"), "messageType", "APPLICATION");

        WebServiceException refused = catchThrowableOfType(WebServiceException.class, () -> invoke(port, "sendMessage", request));

        assertThat(refused).as("refused by the client's schema validation").isNotNull();
        assertThat(refused.getMessage()).contains("Marshalling Error", "cvc-enumeration-valid", "APPLICATION");
        assertThat(security.verifiedSigners()).as("nothing was sent, so no signed answer came back").isEmpty();
    }

    /** The generated service's port with the signing handler and schema validation on. */
    private static Object port(EnvelopeSigningHandler security) {
        Object service = contract.create(".AsyncChannelHttpService");
        Object port = invoke(service, "getAsyncChannelHttpPort");
        assertThat(((BindingProvider) port).getRequestContext().get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY))
                .as("the address in the served WSDL").isEqualTo(gateway.asyncUrl());
        ((BindingProvider) port).getRequestContext().put("schema-validation-enabled", true);
        security.installOn(port);
        return port;
    }

    private static Object sendMessageRequest(String messageId, String senderId, String password, Element signedApplication) {
        return contract.asyncSendMessage(ChannelClient.SERVICE_ID, messageId, contract.sender(senderId, password),
                signedApplication);
    }

    private static String awaitStatusCode(Object port, String messageId, String expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String code;
        do {
            Object request = contract.create(".itypes.AsyncGetMessageStatusRequest");
            set(request, "messageId", messageId);
            set(request, "requestDate", now());
            set(request, "sender", contract.sender("PORTAL", "portal-secret"));
            Object response = invoke(port, "getMessageStatus", request);
            code = (String) get(get(response, "status"), "statusCode");
            if (expected.equals(code) || Instant.now().isAfter(deadline)) {
                return code;
            }
            Pause.sleep(Duration.ofMillis(200));
        } while (true);
    }

    private static XMLGregorianCalendar now() {
        return DataElements.dateTime(Instant.now());
    }
}
