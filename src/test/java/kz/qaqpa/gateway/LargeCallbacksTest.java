package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import kz.qaqpa.Allocations;
import kz.qaqpa.adapter.OutboxDelivery;
import kz.qaqpa.channel.ReplayMemory;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.trust.SharedTestPki;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session 24: the outbox holds in memory the large callbacks it is sending, not every one it owes. The outbox's
 * delivery on the real store, signing with the test PKI's gateway key, owes the portal three large results (1 MB; up
 * to qaqpa.max-message-bytes, 5 MB, each), and the portal takes the first call and never answers it; ЦОН IS, the other
 * recipient with a callback, is owed nothing.
 */
class LargeCallbacksTest {
    private static final int OWED = 3;
    private static final int PAYLOAD_CHARS = 1_000_000;
    /** Passes while the call hangs (the gateway makes one every qaqpa.outbox.interval, 300 ms). */
    private static final int PASSES = 5;
    /** Long enough for the passes below; the test ends when the portal's call times out. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Another recipient, owed nothing: a pass reads the due entries while some recipient has no call under way. */
    private static final String CON_CALLBACK = "http://127.0.0.1:9/callback";

    @RegisterExtension
    final FreshStore store = new FreshStore();

    /**
     * The passes made while the portal's call hangs read none of the bodies: together they allocate (every thread)
     * less than one body. Before: every pass read the due entries of every recipient with their bodies, also of one
     * whose call was under way, before leaving them to the next pass: here 3 bodies of 1 MB per pass, up to a batch
     * (50) of 5 MB ones every 300 ms.
     */
    @Test
    void passesWhileARecipientsCallHangsReadNoneOfTheBodiesItIsOwed() throws Exception {
        Database db = store.db();
        Outbox outbox = new Outbox(db);
        try (HangingPeer portal = new HangingPeer()) {
            String result = "<x:result xmlns:x='urn:example:large'>" + "x".repeat(PAYLOAD_CHARS) + "</x:result>";
            for (int i = 0; i < OWED; i++) {
                outbox.add("{large-" + i + "}", "PORTAL", portal.url(), result);
            }
            SignedSoapClient client = new SignedSoapClient(SharedTestPki.key("gateway"), signer -> { }, CALL_TIMEOUT);
            OutboxDelivery delivery = new OutboxDelivery(db, outbox, new MessageChain(db), recipient -> client,
                    Duration.ofMillis(500), Duration.ofMinutes(5), 900, 50, 1,
                    Map.of("PORTAL", portal.url(), "CON", CON_CALLBACK), CALL_TIMEOUT,
                    Duration.ofMinutes(15), answers());
            try {
                delivery.deliverDue();
                assertThat(portal.awaitFirstCall(CALL_TIMEOUT.dividedBy(2))).as("the first call arrived").isTrue();
                delivery.deliverDue(); // warms the code of a pass while the call is under way

                long allocated = Allocations.during(() -> {
                    for (int pass = 0; pass < PASSES; pass++) {
                        delivery.deliverDue();
                    }
                });
                assertThat(allocated).as("bytes allocated by %d passes", PASSES).isLessThan(PAYLOAD_CHARS);
                assertThat(portal.calls()).as("calls to the portal, whose first hangs").isEqualTo(1);
            } finally {
                portal.close();
                delivery.close();
            }
        }
    }

    /** perf62b: a callback of many elements, for the bytes its delivery allocates (some 100 bytes an element copied). */
    private static final int CALLBACK_ELEMENTS = 20_000;

    /**
     * perf62b, issue 8 (c): a callback is signed in its envelope as the outbox's text was parsed, not as a deep copy
     * of it (every status callback of every application, two an application in the benchmark's (c), and every result
     * callback, up to qaqpa.max-message-bytes). An attempt to a recipient that is not listening parses the payload,
     * wraps and signs it and serialises the envelope before its call fails. Measured for 20,000 elements, against the
     * payload's parse (2,915,424 bytes): 23,723,016 bytes an attempt with the copy (814%, main's code, seen failing),
     * 19,402,432 without it (666%); the bound lies between.
     */
    @Test
    void aCallbackIsSignedInItsEnvelopeWithoutACopyOfIt() throws Exception {
        Database db = store.db();
        Outbox outbox = new Outbox(db);
        StringBuilder payload = new StringBuilder("<x:result xmlns:x='urn:example:large'>");
        for (int i = 0; i < CALLBACK_ELEMENTS; i++) {
            payload.append("<x:i>").append(i).append("</x:i>");
        }
        String callback = payload.append("</x:result>").toString();
        String current = Thread.currentThread().getName();
        long parse = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            parse = Math.min(parse, Allocations.during(current::equals, () -> SecureXml.parseText(callback)));
        }
        SignedSoapClient client = new SignedSoapClient(SharedTestPki.key("gateway"), signer -> { }, CALL_TIMEOUT);
        OutboxDelivery delivery = new OutboxDelivery(db, outbox, new MessageChain(db), recipient -> client,
                Duration.ofMinutes(5), Duration.ofMinutes(5), 900, 50, 1, Map.of("PORTAL", CON_CALLBACK), CALL_TIMEOUT,
                Duration.ofMinutes(15), answers());
        try {
            long least = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 6; attempt++) {
                String application = "{copy-" + attempt + "}";
                outbox.add(application, "PORTAL", CON_CALLBACK, callback);
                least = Math.min(least, Allocations.during(name -> name.startsWith("outbox-"), () -> {
                    delivery.deliverDue();
                    awaitAttempted(outbox, application);
                }));
            }
            assertThat(least).as("bytes an attempt allocates, against the payload's parse (%d bytes)", parse)
                    .isLessThan(ATTEMPT_BOUND * parse / 100);
        } finally {
            delivery.close();
        }
    }

    /** An attempt's bytes as a share of the payload's parse, in percent (measured: see the test above). */
    private static final long ATTEMPT_BOUND = 740;

    /** The answers' memory of a gateway whose senders are PORTAL and CON. */
    private static ReplayMemory answers() {
        return new ReplayMemory(100, java.util.List.of("PORTAL", "CON"), Duration.ofMinutes(15),
                java.time.Clock.systemUTC());
    }

    private static void awaitAttempted(Outbox outbox, String application) {
        Instant deadline = Instant.now().plus(CALL_TIMEOUT);
        while (outbox.forApplication(application).stream().noneMatch(p -> p.attempts() > 0)) {
            assertThat(Instant.now()).as("the attempt to %s recorded", application).isBefore(deadline);
            Pause.sleep(Duration.ofMillis(10));
        }
    }
}
