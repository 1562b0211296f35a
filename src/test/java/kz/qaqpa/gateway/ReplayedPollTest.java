package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * replay44 (fix42's Left, ours): a request that carries no messageId to be repeated by, a provider's poll or a status
 * query, is dated (requestDate, or a poll's signed wsu:Timestamp) and held to qaqpa.message-date.max-skew; within that
 * window its captured bytes, sent again by anyone on the path, were answered: the poll with the provider's queue
 * (applications accepted after the capture included), the status query with the message's current status. Each signed
 * request is now answered once (SCE027 for its replay, in the operation's declared fault), two different ones signed
 * in the same second both, and a restart does not forget what was answered. Each "before" below was seen on main at
 * ce5e9b31.
 */
class ReplayedPollTest {
    private static final QName GET_MESSAGE_STATUS_FAULT =
            new QName(ShepNames.ASYNC, "getMessageStatusFault1_getMessageStatusFault");
    /** Every message offered again at once: a replay answered would carry what the real provider's poll did. */
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /** Before: the replay was HTTP 200 and handed out the application accepted after the capture. */
    @Test
    void aCapturedPollSentAgainWithinItsWindowIsRefused() {
        byte[] captured = signed(PlayedProvider.pollRequest(100));
        assertAnswered(RawSoap.post(gateway.asyncUrl(), captured));

        String later = provider.submitted(Channel.PORTAL, "replay44-after-capture-");
        RawSoap.Response replayed = RawSoap.post(gateway.asyncUrl(), captured);
        if (replayed.status() == 200) {
            assertThat(correlationIds(replayed))
                    .as("the captured poll's bytes, sent again, are answered with an application accepted after them")
                    .doesNotContain(later);
        }
        String text = ShepAnswers.assertFault(gateway, replayed, ShepAnswers.GET_MESSAGES_FAULT, "SCE027");
        assertThat(text).contains("already answered", "requestDate");
        // the provider's own next poll, signed anew, still gets it
        assertThat(provider.poll(100)).extracting(m -> m.getMessageInfo().getCorrelationId()).contains(later);
    }

    /**
     * The replayer re-wraps the SignatureValue's base64 in lines (whitespace its decoder skips): the signature still
     * verifies, and the poll is still the one answered. Before: answered.
     */
    @Test
    void aReplayWithItsSignatureValueWrittenInLinesIsRefusedToo() {
        Document poll = RawSoap.signed(PlayedProvider.pollRequest(100),
                gateway.pki().key(PlayedProvider.TRANSPORT_KEY));
        assertAnswered(RawSoap.post(gateway.asyncUrl(), poll));

        Element value = RawSoap.first(poll, WsNames.DS, "SignatureValue");
        value.setTextContent(value.getTextContent().replaceAll("\\s", "").replaceAll("(.{64})", "$1\n"));
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), poll), ShepAnswers.GET_MESSAGES_FAULT,
                "SCE027");
    }

    /**
     * Polls dated alike to the second (the same requestDate) that differ in what they ask (the amount) or in the
     * optional messageId the contract gives a poll (not read: a nonce of the client's choosing) are different polls:
     * each is answered (before too); each copy of one is then refused (before: answered).
     */
    @Test
    void differentPollsSignedInTheSameSecondAreEachAnswered() {
        var date = SoapEnvelopes.dateTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        GetMessages first = PlayedProvider.pollRequest(100);
        first.getRequest().setRequestDate(date);
        GetMessages fewer = PlayedProvider.pollRequest(99);
        fewer.getRequest().setRequestDate(date);
        GetMessages named = PlayedProvider.pollRequest(100);
        named.getRequest().setRequestDate(date);
        named.getRequest().setMessageId("poll-" + UUID.randomUUID());
        List<byte[]> polls = List.of(signed(first), signed(fewer), signed(named));
        for (byte[] poll : polls) {
            assertAnswered(RawSoap.post(gateway.asyncUrl(), poll));
        }
        for (byte[] poll : polls) {
            ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), poll), ShepAnswers.GET_MESSAGES_FAULT,
                    "SCE027");
        }
    }

    /** Two copies of one captured poll at the same moment: one is answered, the other refused. Before: both answered. */
    @Test
    void twoCopiesOfOnePollAtOnceAreAnsweredOnce() throws Exception {
        byte[] poll = signed(PlayedProvider.pollRequest(100));
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier together = new CyclicBarrier(2);
            Callable<RawSoap.Response> copy = () -> {
                together.await();
                return RawSoap.post(gateway.asyncUrl(), poll);
            };
            Future<RawSoap.Response> first = senders.submit(copy);
            Future<RawSoap.Response> second = senders.submit(copy);
            List<RawSoap.Response> answers = List.of(first.get(), second.get());
            assertThat(answers).extracting(RawSoap.Response::status).containsExactlyInAnyOrder(200, 500);
            RawSoap.Response refused = answers.stream().filter(a -> a.status() == 500).findFirst().orElseThrow();
            ShepAnswers.assertFault(gateway, refused, ShepAnswers.GET_MESSAGES_FAULT, "SCE027");
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * A status query has no messageId of its own either (it names the message it asks about): its replay would tell
     * the message's status as it is then. Before: answered.
     */
    @Test
    void aCapturedStatusQuerySentAgainIsRefused() {
        String messageId = "replay44-status-" + UUID.randomUUID();
        gateway.client(Channel.PORTAL).submit(gateway.signed(SampleApplication.on(Channel.PORTAL)), messageId);
        byte[] captured = SecureXml.serialize(RawSoap.signed(
                ChannelClient.statusRequest(AsyncMessages.sender("PORTAL", "portal-secret"), messageId),
                gateway.pki().key("portal")));
        assertAnswered(RawSoap.post(gateway.asyncUrl(), captured));
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), captured), GET_MESSAGE_STATUS_FAULT,
                "SCE027");
    }

    /**
     * A poll refused for what it asks (here: a service its signer does not provide, SCE008) was not answered: the same
     * bytes get the same refusal, not SCE027, and a refused poll takes no room in what is remembered. Sent again the
     * moment its fault arrives, many times: the claim was given back only when the exchange completed, which may come
     * after the fault is on its way, and CI's run of session 48 got SCE027 once.
     */
    @Test
    void aRefusedPollIsNotRememberedAsAnswered() {
        for (int i = 0; i < RACE_ROUNDS; i++) {
            GetMessages poll = PlayedProvider.pollRequest(100);
            poll.getRequest().setServiceId("NO_SUCH_SERVICE");
            byte[] bytes = signed(poll);
            ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), bytes), ShepAnswers.GET_MESSAGES_FAULT,
                    "SCE008");
            ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), bytes), ShepAnswers.GET_MESSAGES_FAULT,
                    "SCE008");
        }
    }

    /** Rounds of a refused poll sent twice at once: enough for the fault-before-completion race to show. */
    private static final int RACE_ROUNDS = 40;

    /**
     * A restart does not reopen the window: what was answered before it is read back from the message log (which
     * holds every signed request) when the gateway starts. Before: answered after the restart.
     */
    @Test
    void aPollAnsweredBeforeARestartIsRefusedAfterIt() {
        byte[] captured = signed(PlayedProvider.pollRequest(100));
        assertAnswered(RawSoap.post(gateway.asyncUrl(), captured));
        gateway.stop();
        gateway.start();
        ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), captured), ShepAnswers.GET_MESSAGES_FAULT,
                "SCE027");
        assertAnswered(RawSoap.post(gateway.asyncUrl(), signed(PlayedProvider.pollRequest(100))));
    }

    private static byte[] signed(Object request) {
        return SecureXml.serialize(RawSoap.signed(request, gateway.pki().key(PlayedProvider.TRANSPORT_KEY)));
    }

    private static void assertAnswered(RawSoap.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(SoapEnvelopes.isFault(answer.document())).as(answer.toString()).isFalse();
        ShepAnswers.assertSignedByGateway(gateway, answer.document());
    }

    private static List<String> correlationIds(RawSoap.Response answer) {
        return PlayedProvider.messages(SoapEnvelopes.payload(answer.document())).stream()
                .map(m -> m.getMessageInfo().getCorrelationId()).toList();
    }
}
