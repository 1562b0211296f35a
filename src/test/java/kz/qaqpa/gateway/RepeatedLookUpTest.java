package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * replay65: a sync look-up's messageId repeated after the gateway restarted is answered from the message log, as the
 * first time, without asking the state system again, or refused (SCE009) when its Body differs: the log's filter read
 * back at start holds it (a filter that wrongly said "absent" would ask ГБД ФЛ again). A look-up never seen is asked.
 */
class RepeatedLookUpTest {
    private static final String IIN = "850315401201";
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    private static SignedSoapClient portal;
    private static final String FIRST_ID = UUID.randomUUID().toString();
    /** Its own messageId: a case's repeat tells the filter of its id, which would spare the other's the read-back. */
    private static final String OTHER_BODY_ID = UUID.randomUUID().toString();
    private static byte[] firstSent;
    private static String firstAnswer;

    /**
     * Two look-ups answered, then the gateway restarted and its filter filled from the log (durable66 fills it after
     * the start; until then every check reads the log, which would pass these cases without the filter: review66b D1):
     * every case sends after the fill.
     */
    @BeforeAll
    static void answeredThenRestarted() throws InterruptedException {
        portal = new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(), Duration.ofSeconds(30));
        firstSent = portal.signedEnvelope(lookUp(FIRST_ID, IIN));
        firstAnswer = SecureXml.toString(portal.send(gateway.syncUrl(), firstSent));
        portal.call(gateway.syncUrl(), lookUp(OTHER_BODY_ID, IIN));
        try (LogLines log = new LogLines()) {
            gateway.stop();
            gateway.start();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (log.containing("the message log's filter holds its").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(log.containing("the message log's filter holds its")).as("the filter filled from the log")
                    .singleElement().asString().startsWith("the message log's filter holds its 2 entries");
        }
    }

    @Test
    void aLookUpAnsweredBeforeARestartIsAnsweredAsTheFirstTimeWithoutAskingTheStateSystem() {
        long before = gateway.assembly().messageChain().head().seq();

        Element again = portal.send(gateway.syncUrl(), firstSent);

        assertThat(SecureXml.toString(again)).isEqualTo(firstAnswer);
        assertThat(stateCallsAfter(before)).as("ГБД ФЛ asked again").isEmpty();
    }

    @Test
    void itsMessageIdWithAnotherBodyIsRefusedWithoutAskingTheStateSystem() {
        long before = gateway.assembly().messageChain().head().seq();

        assertThatThrownBy(() -> portal.call(gateway.syncUrl(), lookUp(OTHER_BODY_ID, "210908615601")))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f ->
                        assertThat(f.code()).isEqualTo(FaultCode.DUPLICATE_MESSAGE_CONFLICT.code()));
        assertThat(stateCallsAfter(before)).as("ГБД ФЛ asked").isEmpty();
    }

    @Test
    void aLookUpNeverSeenIsAskedOfTheStateSystemOnce() {
        long before = gateway.assembly().messageChain().head().seq();

        portal.call(gateway.syncUrl(), lookUp(UUID.randomUUID().toString(), IIN));

        assertThat(stateCallsAfter(before)).hasSize(1);
    }

    private static List<ChainRecord> stateCallsAfter(long seq) {
        return gateway.assembly().messageChain().page(seq, Integer.MAX_VALUE).stream()
                .filter(r -> r.kind().equals(MessageChain.STATE_CALL)).toList();
    }

    private static Object lookUp(String messageId, String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return SyncMessages.sendMessage(messageId, "GBDFL_PERSON", null, "PORTAL", "portal-secret",
                ShepXml.toElement(request));
    }
}
