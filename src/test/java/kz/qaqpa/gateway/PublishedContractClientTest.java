package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.generated.GeneratedContract.get;
import static kz.qaqpa.gateway.generated.GeneratedContract.invoke;
import static kz.qaqpa.gateway.generated.GeneratedContract.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.xml.ws.BindingProvider;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.generated.EnvelopeSigningHandler;
import kz.qaqpa.gateway.generated.GeneratedContract;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * A client generated from the published ШЭП WSDL (../shared/reference/shep-contract, outside this repository; skipped
 * where it is absent), not from ours, constructed as JAX-WS clients commonly are: with the gateway's live
 * {@code ?wsdl} URL, in which the generated service class looks up its service and port by the names the published
 * contract gives them. Before the served WSDL put its binding and service in the published namespaces
 * ({@code …/Interfaces/Binding}, {@code …/Interfaces/Binding2}), the look-up failed ("not a valid service").
 */
class PublishedContractClientTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path asyncCode;
    @TempDir
    static Path syncCode;
    static GatewayHarness gateway;
    /** The async client generated from the published WSDL. */
    static GeneratedContract async;

    @BeforeAll
    static void start() {
        assumeTrue(PublishedContract.available(), "published ШЭП contract not found at "
                + PublishedContract.REFERENCE.toAbsolutePath());
        gateway = new GatewayHarness(dataDir).start();
        async = GeneratedContract.generate(published("AsyncChannel/v10/Interfaces/AsyncChannelHttp_Service.wsdl"),
                asyncCode, "published.shep.async", GeneratedContract.ASYNC_PACKAGES);
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (async != null) {
            async.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void anAsyncClientOfThePublishedContractFindsItsServiceInTheServedWsdlAndSubmits() throws Exception {
        Object service = async.type(".AsyncChannelHttpService").getConstructor(URL.class)
                .newInstance(new URL(gateway.asyncUrl() + "?wsdl"));
        Object port = invoke(service, "getAsyncChannelHttpPort");
        assertThat(address(port)).as("the address in the served WSDL").isEqualTo(gateway.asyncUrl());
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck())
                .installOn(port);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).withoutAttachment("BIRTH_CERTIFICATE");
        Element signed = gateway.signed(sample);
        String messageId = UUID.randomUUID().toString();

        Object answer = invoke(port, "sendMessage", sendMessage(messageId, async.sender("PORTAL", "portal-secret"), signed));

        assertThat(get(answer, "messageId")).isEqualTo(messageId);
        assertThat((String) get(answer, "correlationId")).matches("\\{[0-9a-fA-F-]{36}\\}");
        assertThat(security.verifiedSigners()).as("the answer is the gateway's, signed").hasSize(1);
        Object wrongPassword = sendMessage(UUID.randomUUID().toString(), async.sender("PORTAL", "not-the-portal-secret"),
                signed);
        assertThat(declaredFaultCode(port, "sendMessage", wrongPassword)).isEqualTo("SCE003");
    }

    /**
     * What the published contract leaves optional and Qaqpa requires (README, "Wire contract"): a sendMessage's
     * messageId (SCE001: it is what makes a retry a retry), the sender's password (SCE003) and the sender of a poll
     * (SCE003). Each refused with the published contract's declared fault, which the generated client reads.
     */
    @Test
    void whatThePublishedContractLeavesOptionalAndQaqpaRequiresIsRefusedWithADeclaredFault() throws Exception {
        Object port = invoke(async.type(".AsyncChannelHttpService").getConstructor(URL.class)
                .newInstance(new URL(gateway.asyncUrl() + "?wsdl")), "getAsyncChannelHttpPort");
        new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck()).installOn(port);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);

        Object noMessageId = sendMessage(null, async.sender("PORTAL", "portal-secret"), signed);
        assertThat(declaredFaultCode(port, "sendMessage", noMessageId)).isEqualTo("SCE001");
        Object noPassword = sendMessage(UUID.randomUUID().toString(), async.sender("PORTAL", null), signed);
        assertThat(declaredFaultCode(port, "sendMessage", noPassword)).isEqualTo("SCE003");
        Object poll = async.create(".itypes.AsyncGetMessagesRequest");
        set(poll, "serviceId", ChannelClient.SERVICE_ID);
        assertThat(declaredFaultCode(port, "getMessages", poll)).isEqualTo("SCE003");
    }

    /**
     * The published async client with CXF's schema validation on, both ways, as a careful integrator runs it: every
     * answer and fault the gateway gives it (sendMessage accepted and refused, getMessageStatus, a provider's
     * getMessages with the application in it, a poll refused) must validate against the published XSD, or the client
     * throws instead of returning it.
     */
    @Test
    void everyAnswerAndFaultValidatesInAPublishedClientWithSchemaValidationOn() throws Exception {
        Object port = invoke(async.type(".AsyncChannelHttpService").getConstructor(URL.class)
                .newInstance(new URL(gateway.asyncUrl() + "?wsdl")), "getAsyncChannelHttpPort");
        ((BindingProvider) port).getRequestContext().put("schema-validation-enabled", true);
        EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck())
                .installOn(port);
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element signed = gateway.signed(sample);
        String messageId = UUID.randomUUID().toString();

        Object answer = invoke(port, "sendMessage", sendMessage(messageId, async.sender("PORTAL", "portal-secret"), signed));
        Object status = async.create(".itypes.AsyncGetMessageStatusRequest");
        set(status, "messageId", messageId);
        set(status, "requestDate", DataElements.dateTime(Instant.now()));
        set(status, "sender", async.sender("PORTAL", "portal-secret"));
        Object statusAnswer = invoke(port, "getMessageStatus", status);
        Object refused = sendMessage(UUID.randomUUID().toString(), async.sender("PORTAL", "not-the-portal-secret"), signed);

        assertThat(get(answer, "messageId")).isEqualTo(messageId);
        assertThat(get(get(statusAnswer, "status"), "statusCode")).isNotNull();
        assertThat(declaredFaultCode(port, "sendMessage", refused)).isEqualTo("SCE003");
        assertThat(security.verifiedSigners()).as("answers and the fault, signed").hasSize(3);

        Object provider = invoke(async.type(".AsyncChannelHttpService").getConstructor(URL.class)
                .newInstance(new URL(gateway.asyncUrl() + "?wsdl")), "getAsyncChannelHttpPort");
        ((BindingProvider) provider).getRequestContext().put("schema-validation-enabled", true);
        new EnvelopeSigningHandler(gateway.pki().key("eastana"), gateway.gatewayCheck()).installOn(provider);
        Object poll = async.create(".itypes.AsyncGetMessagesRequest");
        set(poll, "serviceId", ChannelClient.SERVICE_ID);
        set(poll, "sender", async.sender("EASTANA", "eastana-secret"));
        set(poll, "requestDate", DataElements.dateTime(Instant.now()));
        assertThat(invoke(provider, "getMessages", poll)).as("the provider's poll answer").isNotNull();
        set(poll, "sender", async.sender("EASTANA", "not-the-eastana-secret"));
        assertThat(declaredFaultCode(provider, "getMessages", poll)).isEqualTo("SCE003");
    }

    /**
     * An operation the endpoint does not serve, as a client of the sync contract pointed at the async channel by
     * mistake sends it: the gateway's signed SCE001 naming the operation and the channel, which the client reads as
     * its declared fault (not an unsigned CXF fault, not a stack trace).
     */
    @Test
    void aSyncClientAtTheAsyncChannelGetsTheGatewaysFaultNamingTheOperation() throws Exception {
        try (GeneratedContract contract = syncContract()) {
            Object port = invoke(contract.type(".ISyncChannelHttpService").getConstructor(URL.class)
                    .newInstance(new URL(gateway.syncUrl() + "?wsdl")), "getSyncChannelHttpPort");
            ((BindingProvider) port).getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, gateway.asyncUrl());
            EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck())
                    .installOn(port);

            GeneratedContract.OperationFault fault = org.assertj.core.api.Assertions.catchThrowableOfType(
                    GeneratedContract.OperationFault.class, () -> invoke(port, "sendMessage", personLookUp(contract)));

            assertThat(fault).as("the sync contract's declared fault, which the client reads").isNotNull();
            assertThat(get(fault.faultInfo(), "errorCode")).isEqualTo("SCE001");
            assertThat((String) get(fault.faultInfo(), "errorMessage"))
                    .contains("{http://bip.bee.kz/SyncChannel/v10/Types}SendMessage", "is not served at the async channel");
            assertThat(security.verifiedSigners()).as("the fault is the gateway's, signed").hasSize(1);
        }
    }

    private static Object sendMessage(String messageId, Object sender, Element signedApplication) {
        return async.asyncSendMessage(ChannelClient.SERVICE_ID, messageId, sender, signedApplication);
    }

    private static Object declaredFaultCode(Object port, String operation, Object request) {
        GeneratedContract.OperationFault fault = org.assertj.core.api.Assertions.catchThrowableOfType(
                GeneratedContract.OperationFault.class, () -> invoke(port, operation, request));
        assertThat(fault).as("the published contract's declared fault of " + operation).isNotNull();
        return get(fault.faultInfo(), "errorCode");
    }

    @Test
    void aSyncClientOfThePublishedContractFindsItsServiceInTheServedWsdlAndLooksUpAPerson() throws Exception {
        try (GeneratedContract contract = syncContract()) {
            Object service = contract.type(".ISyncChannelHttpService").getConstructor(URL.class)
                    .newInstance(new URL(gateway.syncUrl() + "?wsdl"));
            Object port = invoke(service, "getSyncChannelHttpPort");
            assertThat(address(port)).as("the address in the served WSDL").isEqualTo(gateway.syncUrl());
            EnvelopeSigningHandler security = new EnvelopeSigningHandler(gateway.pki().key("portal"), gateway.gatewayCheck())
                    .installOn(port);

            Object answer = invoke(port, "sendMessage", personLookUp(contract));

            assertThat(get(get(get(answer, "responseInfo"), "status"), "code")).isEqualTo("SCSS001");
            assertThat(DataElements.unwrap(get(get(answer, "responseData"), "data")).getLocalName()).isEqualTo("person");
            assertThat(security.verifiedSigners()).as("the answer is the gateway's, signed").hasSize(1);
        }
    }

    /** The sync client generated from the published contract, in its own directory each time. */
    private static GeneratedContract syncContract() throws java.io.IOException {
        return GeneratedContract.generate(published("SyncChannel/v10/Interfaces/SyncChannelHttp_Service.wsdl"),
                java.nio.file.Files.createTempDirectory(syncCode, "sync"), "published.shep.sync", GeneratedContract.SYNC_PACKAGES);
    }

    /** A PORTAL's look-up of a person (GBDFL_PERSON), as the published sync contract's request. */
    private static Object personLookUp(GeneratedContract contract) {
        var person = new kz.qaqpa.document.person.PersonRequest();
        person.setIin("850315401201");
        Object info = contract.create(".types.SyncMessageInfo");
        set(info, "messageId", UUID.randomUUID().toString());
        set(info, "serviceId", "GBDFL_PERSON");
        set(info, "messageDate", DataElements.dateTime(Instant.now()));
        set(info, "sender", contract.sender("PORTAL", "portal-secret"));
        Object data = contract.create(".request.RequestData");
        set(data, "data", DataElements.wrap(ShepXml.toElement(person)));
        Object request = contract.create(".request.SyncSendMessageRequest");
        set(request, "requestInfo", info);
        set(request, "requestData", data);
        return request;
    }

    private static String published(String file) {
        return PublishedContract.REFERENCE.resolve(file).toAbsolutePath().toUri().toString();
    }

    private static Object address(Object port) {
        return ((BindingProvider) port).getRequestContext().get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY);
    }
}
