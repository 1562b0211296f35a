package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * attack46 (replay44's read-back, replay45's shares): a start reads back the polls and status queries the message log
 * shows answered in the last two windows, each into its sender's share of qaqpa.message-date.max-remembered, and keeps
 * each until two windows after it was logged. It read them oldest first, so a sender that had logged more than its
 * share in those two windows had its share filled with polls whose window had passed, and its latest ones, still inside
 * theirs, were not remembered: as soon as the oldest read back left the share, a captured latest poll was answered
 * again (the provider's queue handed to whoever sent the bytes). Now the newest are read back first. Before: the
 * captured poll was answered (HTTP 200) after the restart.
 */
class ReplayReadBackTest {
    /** Small enough to fill in a test: with the eight senders shipped, five each. */
    private static final int REMEMBERED = 40;
    /**
     * qaqpa.message-date.max-skew: short, so that what the read-back keeps leaves within the test (twice this is most
     * of the test's time; suite53: 45 s, was a minute, leaving the restart 70 s, was 90, to read back in time).
     */
    private static final Duration WINDOW = Duration.ofSeconds(45);
    /** How long the polls dated near the window's far end stay inside it. */
    private static final Duration LEFT_IN_THE_WINDOW = Duration.ofSeconds(5);
    /** How long after those the captured poll is sent (and so how long after them its window ends). */
    private static final Duration CAPTURED_AFTER = Duration.ofSeconds(20);

    /** The generic provider offices poll ARCHIVE's services: off, the test's sender is EASTANA alone. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.message-date.max-remembered", String.valueOf(REMEMBERED))
            .with("qaqpa.message-date.max-skew", WINDOW.toString())
            .with("qaqpa.mocks.provider-offices.enabled", "false");

    @Test
    void aPollAnsweredBeforeARestartIsRefusedAfterItWhenItsSendersShareWasFullBefore() throws Exception {
        // EASTANA's share filled with polls dated near the window's far end: answered, they leave it in seconds, but
        // a start reads each back until two windows after it was logged
        RawSoap.Response answer;
        int answered = 0;
        do {
            answer = RawSoap.post(gateway.asyncUrl(), poll(Instant.now().minus(WINDOW).plus(LEFT_IN_THE_WINDOW)));
            answered += answer.status() == 200 ? 1 : 0;
        } while (answer.status() == 200 && answered <= REMEMBERED);
        ShepAnswers.assertFault(gateway, answer, ShepAnswers.GET_MESSAGES_FAULT, "SCE911");
        Instant filled = Instant.now();

        // later, a poll dated at the window's near end (its sender's clock ahead): inside its window until well after
        // those read back leave the share; the one an attacker captures
        sleepUntil(filled.plus(CAPTURED_AFTER));
        Instant dated = Instant.now().plus(WINDOW).minus(LEFT_IN_THE_WINDOW);
        byte[] captured = poll(dated);
        assertAnswered(RawSoap.post(gateway.asyncUrl(), captured));

        gateway.stop();
        gateway.start();
        Instant readBackUntil = filled.plus(WINDOW.multipliedBy(2));
        assertThat(Instant.now()).as("the restart read back the first polls (else this shows nothing)")
                .isBefore(readBackUntil);
        sleepUntil(readBackUntil.plusSeconds(2));
        assertThat(Instant.now()).as("the captured poll is still inside its window").isBefore(dated.plus(WINDOW));
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), captured), ShepAnswers.GET_MESSAGES_FAULT,
                "SCE027");
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** A poll of EASTANA's dated {@code date}, told from its others by the optional messageId. */
    private static byte[] poll(Instant date) {
        GetMessages poll = PlayedProvider.pollRequest(1);
        poll.getRequest().setRequestDate(SoapEnvelopes.dateTime(date));
        poll.getRequest().setMessageId("attack46-" + UUID.randomUUID());
        return SecureXml.serialize(RawSoap.signed(poll, gateway.pki().key(PlayedProvider.TRANSPORT_KEY)));
    }

    private static void assertAnswered(RawSoap.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(SoapEnvelopes.isFault(answer.document())).as(answer.toString()).isFalse();
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
    }
}
