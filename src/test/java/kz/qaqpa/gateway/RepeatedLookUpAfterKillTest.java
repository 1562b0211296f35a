package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.store.Database;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * durable67 (replay65's and durable66's Left): the message log's filter across kill -9. It lives in memory only and is
 * filled from the log after each start while the gateway serves, every check "maybe" (a read of the log) until then.
 * A look-up answered, the gateway killed, a log the fill takes seconds to read put behind it, the gateway started and
 * killed as soon as its fill began, started once more: the same signed look-up sent once it serves (the fill done or
 * not: both are printed) and after the fill is answered as the first time, from the log, and ГБД ФЛ is asked once.
 */
class RepeatedLookUpAfterKillTest {
    private static final String IIN = "850315401201";
    /** Entries put in the log while the gateway is down: enough that its fill still runs once it serves. */
    private static final int ENTRIES_BEHIND = 100_000;
    private static final String FILLED = "the message log's filter holds its";
    private static final String FILLING = "the message log's filter is being filled from the log";
    private static final Duration WAIT = Duration.ofMinutes(5);

    /** Kept after a failure: attempt-1/gateway/gateway.log is the gateway's log over its starts. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aLookUpAnsweredBeforeAKillIsAnsweredFromTheLogAfterAKillDuringTheFill() {
        String messageId = UUID.randomUUID().toString();
        try (ProcessWorld world = ProcessWorld.start(dir, false, g -> { })) {
            SignedSoapClient portal = new SignedSoapClient(world.pki.key("portal"), world.gatewayCheck(),
                    Duration.ofSeconds(60));
            byte[] sent = portal.signedEnvelope(lookUp(messageId));
            String firstAnswer = SecureXml.toString(portal.send(world.gateway.syncUrl(), sent));
            world.gateway.kill();
            logBehindTheGateway(world.gatewayDir);

            world.gateway.launch();
            assertThat(count(logOnceItHolds(world.gateway, FILLING, 2), FILLING)).as("fills begun").isEqualTo(2);
            world.gateway.kill();
            assertThat(fills(world.gateway.log())).as("fills done when killed (the first start's; this one ran)")
                    .isEqualTo(1);
            world.gateway.start();
            boolean sentDuringTheFill = fills(world.gateway.log()) == 1;
            String duringTheFill = SecureXml.toString(portal.send(world.gateway.syncUrl(), sent));
            System.out.println("RepeatedLookUpAfterKillTest: the first repeat was sent while the fill ran: "
                    + sentDuringTheFill);
            assertThat(fills(logOnceItHolds(world.gateway, FILLED, 2))).as("the last start's fill done").isEqualTo(2);
            String afterTheFill = SecureXml.toString(portal.send(world.gateway.syncUrl(), sent));

            assertThat(duringTheFill).as("answered while the fill ran: %s", sentDuringTheFill).isEqualTo(firstAnswer);
            assertThat(afterTheFill).isEqualTo(firstAnswer);
            String log = world.gateway.log();
            assertThat(count(log, "message " + messageId + " of sender PORTAL for GBDFL_PERSON signed by"))
                    .as("answered by asking ГБД ФЛ").isEqualTo(1);
            assertThat(count(log, "message " + messageId + " of sender PORTAL repeated: answered as the first time"))
                    .as("answered from the log").isEqualTo(2);
        }
    }

    /** Entries written into the stopped gateway's store as a restart opens it, each its own messageId. */
    private static void logBehindTheGateway(Path gatewayDir) {
        try (Database db = Database.hsqldbFile(gatewayDir.resolve("db").toString(), 1)) {
            db.inTransaction(() -> {
                for (int i = 0; i < ENTRIES_BEHIND; i++) {
                    db.update("INSERT INTO message_log (sender_id, message_id, operation, service_id, digest,"
                            + " received_at) VALUES ('PORTAL', ?, 'SendMessage', 'GBDFL_PERSON', ?, ?)", "behind-" + i,
                            "d".repeat(64), OffsetDateTime.now());
                }
                return null;
            });
        }
    }

    /** The gateway's log once it holds {@code text} {@code times} times, looked at each 20 ms, or after {@link #WAIT}. */
    private static String logOnceItHolds(GatewayProcess gateway, String text, int times) {
        long until = System.nanoTime() + WAIT.toNanos();
        String log = gateway.log();
        while (count(log, text) < times && System.nanoTime() < until) {
            Pause.sleep(Duration.ofMillis(20));
            log = gateway.log();
        }
        return log;
    }

    /** The starts whose fill was done: the first start's (an empty log) and those after it. */
    private static int fills(String log) {
        return count(log, FILLED);
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static Object lookUp(String messageId) {
        PersonRequest request = new PersonRequest();
        request.setIin(IIN);
        return SyncMessages.sendMessage(messageId, "GBDFL_PERSON", null, "PORTAL", "portal-secret",
                ShepXml.toElement(request));
    }
}
