package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.evidence.LogVerifier;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.mocks.walkthrough.SampleQuestionnaire;
import kz.qaqpa.store.ProviderQueue;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 26: a final application's own queue entry (REQUEST) loses its body once the application last changed longer
 * ago than qaqpa.retention.closed-request-body; the row stays. Before, every application's body (up to
 * qaqpa.max-message-bytes) stayed in the queue for good. Over real signed HTTP, everything the gateway does about the
 * application afterwards answers as it did before the purge: the sender's status query, a repeat of the original
 * sendMessage and a message reusing its messageId, the provider's late status, late result and late acknowledgement,
 * the provider's poll; the channel's questionnaire is still taken, the application's export and the whole log verify.
 * An application still open keeps its body.
 */
class ClosedRequestBodyTest {
    /** Shorter than the message log's (7 days), so that a repeat is still answered from the log after the purge. */
    private static final Duration WINDOW = Duration.ofDays(1);

    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.retention.closed-request-body", WINDOW.toString());
    private static final PlayedProvider provider = new PlayedProvider(gateway);

    @TempDir
    Path work;

    @Test
    void aFinalApplicationsQueuedBodyGoesAndEverythingAfterAnswersAsBefore() throws Exception {
        SendMessage original = portalApplication("closed-" + UUID.randomUUID());
        byte[] envelope = SecureXml.serialize(RawSoap.signed(original, gateway.pki().key("portal")));
        String closed = ShepAnswers.assertAccepted(gateway, post(envelope), messageId(original));
        String queuedId = provider.polled(closed).getMessageInfo().getMessageId();
        provider.acknowledge(queuedId, "MESSAGE_ACCEPTED", "NOT_RESEND");
        String number = provider.register(closed);
        provider.accepted(provider.result(closed, provider.refusal(closed, number)));
        String open = provider.delivered(Channel.PORTAL);
        provider.register(open);
        ProviderQueue queue = gateway.assembly().providerQueue();
        assertThat(queue.application(closed)).isPresent();
        Observed before = observe(closed, original, envelope, queuedId, number);
        assertVerifies(closed, "before");

        gateway.assembly().retention().purge(Instant.now().plus(WINDOW).plusSeconds(1));

        assertThat(queue.application(closed).map(String::length)).as("the final application's queued body").isEmpty();
        assertThat(queue.receiverOf(closed)).as("its row and keys").contains("EASTANA");
        assertThat(queue.byMessageId(queuedId)).hasValueSatisfying(q -> assertThat(q.correlationId()).isEqualTo(closed));
        assertThat(queue.application(open)).as("an open application's").isPresent();
        assertThat(RawSoap.get("http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port") + "/metrics").text())
                .contains("qaqpa_retention_deleted_total{table=\"request_body\"}");
        assertThat(observe(closed, original, envelope, queuedId, number)).isEqualTo(before);
        SendMessage questionnaire = PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", closed,
                ShepXml.toElement(SampleQuestionnaire.about(closed)));
        ShepAnswers.assertAccepted(gateway, provider.post(questionnaire, "portal"), messageId(questionnaire));
        assertThat(gateway.assembly().applicationDocuments().of(closed))
                .anySatisfy(d -> assertThat(d.kind()).isEqualTo("qualityQuestionnaire"));
        assertVerifies(closed, "after");
    }

    /** What the gateway answers about an application, each time a new message of the same kind. */
    private record Observed(String messageState, String statusCode, String statusMessage, String statusDate,
                            String repeatAnswer, String sameIdOtherContent, String lateStatus, String lateResult,
                            String afterLateAcknowledgement, boolean polled) {
    }

    private static Observed observe(String correlationId, SendMessage original, byte[] envelope, String queuedId,
                                    String number) {
        var status = gateway.client(Channel.PORTAL).status(messageId(original));
        String repeat = ShepAnswers.assertAccepted(gateway, post(envelope), messageId(original));
        String otherContent = ShepAnswers.assertFault(gateway, post(SecureXml.serialize(RawSoap.signed(
                portalApplication(messageId(original)), gateway.pki().key("portal")))), SEND_MESSAGE_FAULT, "SCE009");
        String lateStatus = ShepAnswers.assertFault(gateway, provider.post(PlayedProvider.message("NOTIFICATION",
                correlationId, ShepXml.toElement(PlayedProvider.status(correlationId, "IN_WORK", number))),
                PlayedProvider.TRANSPORT_KEY), SEND_MESSAGE_FAULT, "SCE032");
        String lateResult = ShepAnswers.assertFault(gateway, provider.post(provider.result(correlationId,
                provider.refusal(correlationId, number)), PlayedProvider.TRANSPORT_KEY), SEND_MESSAGE_FAULT, "SCE032");
        provider.acknowledge(queuedId, "MESSAGE_ACCEPTED", "NOT_RESEND");
        boolean polled = provider.poll(100).stream()
                .anyMatch(m -> m.getMessageInfo().getCorrelationId().equals(correlationId));
        return new Observed(status.getMessageState().value(), status.getStatus().getStatusCode(),
                status.getStatus().getStatusMessage(), String.valueOf(status.getStatus().getStatusDate()), repeat,
                otherContent, lateStatus, lateResult, provider.application(correlationId).statusCode(), polled);
    }

    /** The operator console's whole-log verification passes, and its export of the application verifies offline. */
    private void assertVerifies(String correlationId, String when) throws Exception {
        String console = "/message-log/";
        RawSoap.Response verified = RawSoap.consoleGet(gateway, console + "verify");
        assertThat(verified.status()).as(when).isEqualTo(200);
        assertThat(verified.text()).as(when).startsWith("OK:");
        RawSoap.Response exported = RawSoap.consoleGet(gateway, console + "export/" + correlationId.replaceAll("[{}]", ""));
        assertThat(exported.status()).as(when).isEqualTo(200);
        Path export = Files.write(work.resolve(when + ".zip"), exported.body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LogVerifier.run(new String[] {"--data-dir", gateway.property("qaqpa.data-dir"), "--verify-export",
                export.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(when + ": " + out.toString(StandardCharsets.UTF_8)).isEqualTo(LogVerifier.VERIFIED);
    }

    private static SendMessage portalApplication(String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).request(gateway.signed(sample), messageId);
    }

    private static String messageId(SendMessage message) {
        return message.getRequest().getMessageInfo().getMessageId();
    }

    private static RawSoap.Response post(byte[] envelope) {
        return RawSoap.post(gateway.asyncUrl(), envelope);
    }
}
