package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.PlayedProvider.status;
import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator follows one application with {@code grep <correlationId>} on the gateway's log (README, Logs): every
 * line about it names it with the session of the message, the provider's poll that hands it over and the
 * acknowledgement included, and a refused event about it is logged once with its code, without a stack trace.
 */
class ApplicationLogTest {
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway();
    static final PlayedProvider provider = new PlayedProvider(gateway);
    private static final String SERVICE = "ASTANA_KINDERGARTEN_2012";

    @Test
    void everyLineAboutAnApplicationNamesIt() {
        try (LogLines log = new LogLines()) {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            String correlationId = gateway.client(Channel.PORTAL).submit(ChannelClient.sign(sample.build(),
                    gateway.pki().key(sample.signerAlias())), "log-" + UUID.randomUUID()).getCorrelationId();
            String messageId = provider.polled(correlationId).getMessageInfo().getMessageId();
            assertThat(log.containing(correlationId)).as("the poll that handed it to the provider")
                    .anyMatch(line -> line.startsWith("session ") && line.contains("getMessages"));

            provider.acknowledge(messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
            assertThat(log.containing(correlationId)).as("the provider's acknowledgement")
                    .anyMatch(line -> line.startsWith("session ") && line.contains(messageId)
                            && line.contains("DELIVERED"));

            String number = provider.register(correlationId);
            ShepAnswers.assertFault(gateway, provider.post(provider.message("NOTIFICATION", correlationId,
                    ShepXml.toElement(status(correlationId, "REGISTERED", number + "-2"))), "eastana"),
                    SEND_MESSAGE_FAULT, "SCE020");
            assertThat(log.containing("SCE020")).as("the refusal, once, naming the application and its session")
                    .singleElement().satisfies(line -> assertThat(line).startsWith("session ").contains(correlationId));
            assertThat(log.withStackTrace()).as("client errors are logged without a stack trace").isEmpty();
        }
    }

    /**
     * An operator following one application by its correlationId reads, without the store, which service it is, what
     * status each step gave it and what each callback told its recipient (ops20: the lines named neither the service
     * nor what a delivered notification carried, "notification 15 delivered to PORTAL"). The registration names its
     * number, which the console shows (session 34: the REGISTERED line had none).
     */
    @Test
    void theLinesNameTheServiceAndWhatEachCallbackTold() throws Exception {
        try (LogLines log = new LogLines()) {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            String correlationId = gateway.client(Channel.PORTAL).submit(ChannelClient.sign(sample.build(),
                    gateway.pki().key(sample.signerAlias())), "log-" + UUID.randomUUID()).getCorrelationId();
            provider.acknowledge(provider.polled(correlationId).getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED",
                    "NOT_RESEND");
            String number = provider.register(correlationId);
            String service = "of service " + SERVICE;
            assertThat(log.containing(correlationId)).as("intake, poll, acknowledgement and event name the service")
                    .anySatisfy(line -> assertThat(line).contains(service, "accepted on channel PORTAL", "ACCEPTED"))
                    .anySatisfy(line -> assertThat(line).contains(service, "handed to", "getMessages"))
                    .anySatisfy(line -> assertThat(line).contains(service, "acknowledged by", "DELIVERED"))
                    .anySatisfy(line -> assertThat(line).contains(service, "REGISTERED by",
                            "registration number " + number));
            for (String status : List.of("ACCEPTED", "DELIVERED", "REGISTERED")) {
                assertThat(deliveredLine(log, correlationId, "(status " + status + ") delivered to PORTAL"))
                        .as("the callback telling the portal " + status).isTrue();
            }
        }
    }

    /**
     * Session 41 (review40b): a messageId sent again, answered as the first time, logged nothing naming the application,
     * so grep on its correlationId missed the sender's retries; a transport signature refused (SCE006) was logged
     * naming no sender. Now the repeat's line names the application and the sender, and the refusal the sender the
     * request claims.
     */
    @Test
    void aRepeatNamesTheApplicationAndASignatureRefusalTheClaimedSender() {
        try (LogLines log = new LogLines()) {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            String messageId = "log-repeat-" + UUID.randomUUID();
            Document envelope = RawSoap.signed(gateway.client(Channel.PORTAL).request(ChannelClient.sign(sample.build(),
                    gateway.pki().key(sample.signerAlias())), messageId), gateway.pki().key("portal"));
            String correlationId = RawSoap.first(RawSoap.post(gateway.asyncUrl(), envelope).document(),
                    "correlationId").getTextContent();
            assertThat(RawSoap.post(gateway.asyncUrl(), envelope).text()).contains(correlationId);
            assertThat(log.containing(messageId)).as("the repeat's line").anySatisfy(line -> assertThat(line)
                    .contains("repeated", "sender PORTAL", "application " + correlationId));

            String refused = "log-refused-" + UUID.randomUUID();
            Document tampered = RawSoap.signed(gateway.client(Channel.PORTAL).request(ChannelClient.sign(
                    sample.build(), gateway.pki().key(sample.signerAlias())), refused), gateway.pki().key("portal"));
            RawSoap.first(tampered, "messageId").setTextContent(refused + "-changed");
            ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), tampered), SEND_MESSAGE_FAULT, "SCE006");
            assertThat(log.containing("SCE006")).as("the refusal, naming the sender the request claims")
                    .singleElement().satisfies(line -> assertThat(line).startsWith("session ")
                            .contains("sender 'PORTAL'"));
        }
    }

    /**
     * Session 41 (review40b): Santuario logs through java.util.logging, whose lines bypassed logback (the JDK's own
     * format: local time on two lines, no escaping). The gateway routes JUL through SLF4J: such a line reaches
     * logback's appenders, so it is written in the gateway's format.
     */
    @Test
    void aJavaUtilLoggingLineReachesLogback() {
        try (LogLines log = new LogLines()) {
            String text = "jul line " + UUID.randomUUID();
            java.util.logging.Logger.getLogger("org.apache.xml.security.ops41").warning(text);
            assertThat(log.containing(text)).as("the JUL record, through logback").hasSize(1);
        }
    }

    private static boolean deliveredLine(LogLines log, String correlationId, String text) throws InterruptedException {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (log.containing(correlationId).stream().anyMatch(line -> line.contains(text))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
