package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.HungLogSyncTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * hang54 (session 53 left it at store level): a gateway whose disk hangs the sync of the store's log (a dead device,
 * a lost SAN path: the fsync neither returns nor fails), seen over real HTTP. Once a commit has waited past
 * qaqpa.db.sync-stall, a signed async application is answered at once with a signed ШЭП fault SCE912 (no stack trace,
 * nothing stored), /health answers at once 503 with the store DOWN and the words docs/operations.md quotes; when the
 * sync returns, the application that waited is acknowledged and stored, health is UP again and a new application is
 * acknowledged and stored. The timers that read the store (time-stamping, overdue steps, archive) wait quietly meanwhile.
 *
 * <p>Seen failing before hang54's fix: /health not answered within 30 s (its OCSP/CRL part wrote a revocation mark
 * into the store before the stall was noted, and waited for the hung sync holding the report's lock).
 */
class HungDiskGatewayTest {
    /** qaqpa.db.sync-stall here: short for the test, long enough that a loaded machine's commits do not reach it. */
    private static final Duration STALL = Duration.ofSeconds(3);
    /** What "at once" is allowed on a 2-core machine shared by many JVMs (the hung sync itself lasts minutes). */
    private static final Duration PROMPT = Duration.ofSeconds(8);
    @TempDir
    static Path dataDir;
    static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        // the timers that read the store pass every half second (hang54: each pass the store refused logged an ERROR)
        gateway = new GatewayHarness(dataDir).with("qaqpa.db.sync-stall", STALL.toString())
                .with("qaqpa.log.timestamp.interval", "500").with("qaqpa.overdue.interval", "500")
                .with("qaqpa.log.archive.interval", "500").start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aHungLogSyncIsRefusedSce912AndHealthSaysSoPromptlyAndTheGatewayServesAgainWhenItReturns() throws Exception {
        try (LogLines log = new LogLines()) {
            aHungLogSyncSeenOverHttp(log);
        }
    }

    private static void aHungLogSyncSeenOverHttp(LogLines log) throws Exception {
        assertThat(stored(submit("hang-before"))).as("the store takes applications before the hang").isTrue();
        CountDownLatch disk = new CountDownLatch(1);
        CompletableFuture<String> waiting;
        try {
            CountDownLatch syncing = HungLogSyncTest.hangEverySyncOfTheLog(storeDir(), disk);
            // taken before the stall is noted: its commit waits for the disk, or (slower to reach its first store work
            // than qaqpa.db.sync-stall) it is refused as the next
            waiting = CompletableFuture.supplyAsync(() -> submit("hang-waiting"));
            assertThat(syncing.await(30, TimeUnit.SECONDS)).as("a sync of the log under way").isTrue();
            String down = healthOnceTheStallIsNoted();
            assertThat(down).contains("\"status\":\"DOWN\"", "\"store\":{\"status\":\"DOWN\",\"detail\":\"log sync hung",
                    "(a dead disk?): new applications are refused (SCE912)", "\"outbox\":{\"status\":\"DOWN\"");
            long t0 = System.nanoTime();
            RawSoap.Response refused = RawSoap.post(gateway.asyncUrl(), RawSoap.signed(AsyncMessages.sendMessage(
                    "REQUEST", "hang-refused", null, "ASTANA_KINDERGARTEN_2012", "EASTANA", "eastana-secret",
                    signedApplication()), gateway.pki().key("eastana")));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the refusal's time").isLessThan(PROMPT);
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.text()).contains("SCE912", "<faultcode>soapenv:Server</faultcode>", "SignatureValue")
                    .doesNotContain("Exception", "at kz.", "at org.");
            Pause.sleep(Duration.ofSeconds(2)); // the timers' passes meet the stall meanwhile
        } finally {
            disk.countDown();
        }
        assertThat(waiting.handle((correlationId, fault) -> fault == null ? stored(correlationId)
                : refusedSce912(fault) && !messageStored("hang-waiting")).get(60, TimeUnit.SECONDS))
                .as("the application sent as the disk hung: acknowledged and stored, or refused SCE912 and not stored")
                .isTrue();
        // the whole report UP (its first status: a part's own {"status":"UP" is in the report while the store is down)
        assertThat(awaitHealth(h -> h.startsWith("{\"status\":\"UP\""), "UP"))
                .contains("\"store\":{\"status\":\"UP\"");
        assertThat(stored(submit("hang-after"))).as("a new application after the sync returned").isTrue();
        assertThat(messageStored("hang-refused")).as("nothing of the refused application stored").isFalse();
        // hang54: before, each timer pass the store refused was answered as a request's failure: an ERROR line a pass
        // the stall's own ERROR is said once, by whichever thread meets it first (a timer's, at times): not a pass's
        assertThat(log.errorsOnThreads("timer://")).filteredOn(line -> !line.contains("has not reached the disk"))
                .as("the timers waited quietly while the store was out").isEmpty();
    }

    /** The console's /health (with details), polled until the stall is noted; each answer within {@link #PROMPT}. */
    private static String healthOnceTheStallIsNoted() {
        return awaitHealth(h -> h.contains("log sync hung"), "log sync hung");
    }

    private static String awaitHealth(java.util.function.Predicate<String> said, String expected) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last;
        do {
            long t0 = System.nanoTime();
            last = consoleHealth();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("/health's time (%s)", last).isLessThan(PROMPT);
            if (said.test(last)) {
                return last;
            }
            Pause.sleep(Duration.ofMillis(200));
        } while (System.nanoTime() < until);
        throw new AssertionError("/health never said " + expected + ": " + last);
    }

    private static String consoleHealth() {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create("http://localhost:"
                    + gateway.property("qaqpa.operator.port") + "/health").toURL().openConnection();
            http.setRequestProperty("Authorization", gateway.consoleAuthorization());
            http.setConnectTimeout(10_000);
            http.setReadTimeout(30_000);
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(status).as("health's status for %s", body).isEqualTo(body.startsWith("{\"status\":\"UP\"")
                        ? 200 : 503);
                return body;
            }
        } catch (IOException e) {
            throw new AssertionError("/health not answered", e);
        }
    }

    private static Path storeDir() {
        return Path.of(gateway.property("qaqpa.data-dir")).resolve("db");
    }

    private static Element signedApplication() {
        return gateway.signed(SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050"));
    }

    private static String submit(String messageId) {
        return gateway.client(Channel.EASTANA).submit(signedApplication(), messageId).getCorrelationId();
    }

    private static boolean refusedSce912(Throwable fault) {
        Throwable cause = fault instanceof java.util.concurrent.CompletionException ? fault.getCause() : fault;
        return cause instanceof SignedSoapClient.RemoteFault remote && "SCE912".equals(remote.code());
    }

    private static boolean stored(String correlationId) {
        return exists("SELECT 1 FROM application WHERE correlation_id = ?", correlationId);
    }

    private static boolean messageStored(String messageId) {
        return exists("SELECT 1 FROM application WHERE message_id = ?", messageId);
    }

    /** Read on a connection of its own to the gateway's store (in this JVM), as an operator's query would. */
    private static boolean exists(String sql, String value) {
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + storeDir() + "/qaqpa;ifexists=true",
                "SA", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
