package kz.qaqpa.gateway;

import static kz.qaqpa.gateway.PlayedProvider.status;
import static kz.qaqpa.gateway.ShepAnswers.SEND_MESSAGE_FAULT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
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
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                    "log-" + UUID.randomUUID()).getCorrelationId();
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
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                    "log-" + UUID.randomUUID()).getCorrelationId();
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
     * ops43: one ЦОН application followed with grep on its correlationId from intake to hand-over, as an operator does
     * (README, Logs): every step of its life has its line, and no line holds a password or a whole document. The
     * COMPLETED line names the result the provider sent, its kind and a refusal's reason code (session 44, ops43's
     * Left: it named none; the refusal's reasons, the consumer's text, stay out of the log).
     */
    @Test
    void oneApplicationsWholeLifeFromIntakeToHandOverIsInTheLog() throws Exception {
        try (LogLines log = new LogLines()) {
            String correlationId = provider.completed(Channel.CON);
            provider.handOver(Channel.CON, correlationId);
            assertThat(deliveredLine(log, correlationId, "(status ISSUED) delivered to CON")).as("the last callback")
                    .isTrue();
            assertThat(deliveredLine(log, correlationId, "(result) delivered to CON")).as("the result's").isTrue();

            List<String> life = log.containing(correlationId);
            String service = "of service " + SERVICE;
            assertThat(life).as("its life")
                    .anySatisfy(line -> assertThat(line).contains(service, "accepted on channel CON", "ACCEPTED"))
                    .anySatisfy(line -> assertThat(line).contains(service, "handed to", "getMessages"))
                    .anySatisfy(line -> assertThat(line).contains(service, "acknowledged by", "DELIVERED"))
                    .anySatisfy(line -> assertThat(line).contains(service, "REGISTERED by EASTANA"))
                    .anySatisfy(line -> assertThat(line).contains(service, "COMPLETED by EASTANA, result refusal OTHER"))
                    .anySatisfy(line -> assertThat(line).contains(service, "ISSUED by CON"));
            assertThat(life).as("no password, no document").noneSatisfy(line -> assertThat(line)
                    .containsAnyOf("-secret", "<", "Signature", "the birth certificate is missing"));
        }
    }

    /**
     * ops43: README (Logs) says every line about an application but a callback's names its service; the overdue step's
     * WARN line named the application and the step only ("application {…} step portal-action-3 is overdue: due …"), so
     * an operator reading it could not tell whose regulation's term had passed without the store.
     */
    @Test
    void anOverdueStepsLineNamesTheService() {
        try (LogLines log = new LogLines()) {
            SampleApplication sample = SampleApplication.on(Channel.PORTAL);
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(sample),
                    "log-overdue-" + UUID.randomUUID()).getCorrelationId();

            gateway.assembly().overdueSteps().scan(java.time.Instant.now().plus(java.time.Duration.ofDays(400)));

            assertThat(log.containing(correlationId)).as("the overdue step's line").anySatisfy(line -> assertThat(line)
                    .contains("is overdue", "of service " + SERVICE));
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
            Document envelope = RawSoap.signed(gateway.client(Channel.PORTAL).request(gateway.signed(sample),
                    messageId), gateway.pki().key("portal"));
            String correlationId = RawSoap.first(RawSoap.post(gateway.asyncUrl(), envelope).document(),
                    "correlationId").getTextContent();
            assertThat(RawSoap.post(gateway.asyncUrl(), envelope).text()).contains(correlationId);
            assertThat(log.containing(messageId)).as("the repeat's line").anySatisfy(line -> assertThat(line)
                    .contains("repeated", "sender PORTAL", "application " + correlationId));

            String refused = "log-refused-" + UUID.randomUUID();
            Document tampered = RawSoap.signed(gateway.client(Channel.PORTAL).request(gateway.signed(sample),
                    refused), gateway.pki().key("portal"));
            RawSoap.first(tampered, "messageId").setTextContent(refused + "-changed");
            ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), tampered), SEND_MESSAGE_FAULT, "SCE006");
            assertThat(log.containing("SCE006")).as("the refusal, naming the sender the request claims")
                    .singleElement().satisfies(line -> assertThat(line).startsWith("session ")
                            .contains("sender 'PORTAL'"));
        }
    }

    /**
     * walk59: a provider's integrator asking "what became of my message p-…?" has only its own messageId. The intake
     * line named the channel's messageId, but a provider's event (a status, a result) and its refusal named none, so
     * grep on the provider's messageId found nothing. Now both lines name it.
     */
    @Test
    void aProvidersMessageIdFindsItsEventAndItsRefusal() {
        try (LogLines log = new LogLines()) {
            String correlationId = provider.delivered(Channel.PORTAL);
            SendMessage registered = PlayedProvider.message("NOTIFICATION", correlationId,
                    ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-2026-" + correlationId.substring(1, 7))));
            String accepted = registered.getRequest().getMessageInfo().getMessageId();
            ShepAnswers.assertAccepted(gateway, provider.post(registered, PlayedProvider.TRANSPORT_KEY), accepted);
            assertThat(log.containing(accepted)).as("the event's line, by the provider's messageId").singleElement()
                    .satisfies(line -> assertThat(line).contains(correlationId, "REGISTERED by EASTANA"));

            SendMessage outOfOrder = PlayedProvider.message("NOTIFICATION", correlationId,
                    ShepXml.toElement(status(correlationId, "REGISTERED", "ЖАО-2026-" + correlationId.substring(1, 7))));
            String refused = outOfOrder.getRequest().getMessageInfo().getMessageId();
            ShepAnswers.assertFault(gateway, provider.post(outOfOrder, PlayedProvider.TRANSPORT_KEY),
                    SEND_MESSAGE_FAULT, "SCE032");
            assertThat(log.containing(refused)).as("the refusal's line, by the provider's messageId").singleElement()
                    .satisfies(line -> assertThat(line).contains(correlationId, "refused SCE032"));
        }
    }

    /**
     * walk59: a provider's second acknowledgement of a message changes nothing (README), but its line was the first's,
     * "acknowledged by EASTANA: DELIVERED", which an operator reads as a second delivery. Now it says it changed nothing.
     */
    @Test
    void aRepeatedAcknowledgementSaysItChangedNothing() {
        try (LogLines log = new LogLines()) {
            String correlationId = gateway.client(Channel.PORTAL).submit(gateway.signed(SampleApplication.on(Channel.PORTAL)),
                    "log-" + UUID.randomUUID()).getCorrelationId();
            String messageId = provider.polled(correlationId).getMessageInfo().getMessageId();
            provider.acknowledge(messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
            provider.acknowledge(messageId, "MESSAGE_ACCEPTED", "NOT_RESEND");
            assertThat(log.containing(messageId).stream().filter(line -> line.contains("acknowledged by")).toList())
                    .satisfiesExactly(first -> assertThat(first).endsWith("acknowledged by EASTANA: DELIVERED"),
                            second -> assertThat(second).contains("acknowledged by EASTANA", "nothing changed"));
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
