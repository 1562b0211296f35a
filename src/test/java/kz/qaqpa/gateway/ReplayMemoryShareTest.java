package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * replay45 (session 44's Left, replay44's memory): the answered polls and status queries the gateway remembers
 * (qaqpa.message-date.max-remembered) were one pool for all senders. One registered provider polling in a tight loop
 * filled it, and from then on every sender's signed poll and status query was refused as the gateway being busy
 * (SCE911) until its entries left the window: 15 minutes of no provider fetching its queue. Now each registered sender
 * may hold an equal share of it: the one at its share gets SCE911, the others are answered. Before: the other
 * provider's fresh poll was SCE911 (seen on this branch with main's src/main).
 */
class ReplayMemoryShareTest {
    /** Small enough to fill in a test: with the eight senders shipped, five each. */
    private static final int REMEMBERED = 40;

    /** The generic provider offices poll ARCHIVE's services every few seconds: off, so its share is the test's. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway()
            .with("qaqpa.message-date.max-remembered", String.valueOf(REMEMBERED))
            .with("qaqpa.mocks.provider-offices.enabled", "false");

    @Test
    void oneProviderPollingInATightLoopFillsItsOwnShareOnly() {
        List<byte[]> flooding = new ArrayList<>();
        RawSoap.Response refused = null;
        for (int i = 0; i <= REMEMBERED && refused == null; i++) {
            byte[] poll = eastanaPoll();
            RawSoap.Response answer = RawSoap.post(gateway.asyncUrl(), poll);
            if (answer.status() == 200) {
                flooding.add(poll);
            } else {
                refused = answer;
            }
        }
        assertThat(refused).as("EASTANA polling without pause is refused at last").isNotNull();
        String text = ShepAnswers.assertFault(gateway, refused, ShepAnswers.GET_MESSAGES_FAULT, "SCE911");

        assertAnswered(RawSoap.post(gateway.asyncUrl(), archivePoll()), "another provider's fresh poll");
        assertAnswered(RawSoap.post(gateway.asyncUrl(), portalStatusQuery()), "a channel's fresh status query");
        assertThat(text).as("the refusal says whose share is full and what to do").contains("EASTANA", "send again later");
        assertThat(flooding).as("EASTANA's answered polls: at most its share").hasSizeLessThanOrEqualTo(share());

        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), eastanaPoll()),
                ShepAnswers.GET_MESSAGES_FAULT, "SCE911");
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), flooding.get(0)),
                ShepAnswers.GET_MESSAGES_FAULT, "SCE027");
    }

    /** What each registered sender may hold: the memory split evenly among qaqpa.senders. */
    private static int share() {
        return REMEMBERED / gateway.settings().list("qaqpa.senders", Settings.Empty.REFUSED).size();
    }

    /** A poll of EASTANA's, told from its others by the optional messageId (a nonce of the client's choosing). */
    private static byte[] eastanaPoll() {
        GetMessages poll = PlayedProvider.pollRequest(1);
        poll.getRequest().setMessageId("flood-" + UUID.randomUUID());
        return SecureXml.serialize(RawSoap.signed(poll, gateway.pki().key(PlayedProvider.TRANSPORT_KEY)));
    }

    private static byte[] archivePoll() {
        GetMessages poll = PlayedProvider.pollRequest(1);
        poll.getRequest().setServiceId("ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON");
        poll.getRequest().setSender(AsyncMessages.sender("ARCHIVE", "archive-secret"));
        return SecureXml.serialize(RawSoap.signed(poll, gateway.pki().key("archive")));
    }

    private static byte[] portalStatusQuery() {
        String messageId = "replay45-status-" + UUID.randomUUID();
        gateway.client(Channel.PORTAL).submit(gateway.signed(SampleApplication.on(Channel.PORTAL)), messageId);
        return SecureXml.serialize(RawSoap.signed(
                ChannelClient.statusRequest(AsyncMessages.sender("PORTAL", "portal-secret"), messageId),
                gateway.pki().key("portal")));
    }

    private static void assertAnswered(RawSoap.Response answer, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(200);
        assertThat(SoapEnvelopes.isFault(answer.document())).as(what + ": " + answer).isFalse();
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
    }
}
