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
