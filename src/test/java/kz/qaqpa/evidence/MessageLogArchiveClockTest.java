package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive run on the real store when a record was logged while the system clock was ahead (a false NTP source):
 * the records after it, logged once the clock was right and time-stamped, show by the chain's order that it is older
 * than its time says.
 */
class MessageLogArchiveClockTest {
    private static final Duration AFTER = Duration.ofHours(1);
    private static final Duration STEP = Duration.ofDays(8);
    /** How far the authority's clock may be behind the gateway's (qaqpa.trust.timestamp-clock-skew's default). */
    private static final Duration STAMP_SKEW = Duration.ofMinutes(5);

    @RegisterExtension
    final FreshStore store = new FreshStore();
    @TempDir
    Path archive;

    /**
     * Record 1 carries a time 8 days ahead, records 2 and 3 the right time, and record 2 a stamp: an hour (and the
     * authority's allowed skew) later, with archiving after an hour, all three go, in order. Before, the run stopped at record 1 and archived nothing until
     * the clock reached its time plus the hour.
     */
    @Test
    void aRecordLoggedWhileTheClockWasAheadHoldsUpNoStampedRecordAfterIt() throws Exception {
        MessageChain chain = new MessageChain(store.db());
        KeyMaterial gateway = SharedTestPki.key("gateway");
        chain.append(message("logged while the clock was ahead", gateway));
        loggedAhead(1, STEP);
        chain.append(message("logged once it was right", gateway), message("the next", gateway));
        Instant logged = chain.loggedAt(3).orElseThrow();
        new ChainStamps(store.db()).add(new ChainStamps.Stamp(2, chain.hashOf(2).orElseThrow(),
                logged.toString(), new byte[] {1}));

        MessageLogArchive.Run run = new MessageLogArchive(chain, new ChainStamps(store.db()), archive, AFTER,
                STAMP_SKEW, 100,
                new ArchiveSeal(gateway, new StampingAuthority(null, Duration.ZERO, null, null)),
                Clock.fixed(logged.plus(AFTER).plus(STAMP_SKEW).plusSeconds(1), ZoneOffset.UTC)).run();

        assertThat(run.records()).isEqualTo(3);
        assertThat(chain.archived().seq()).isEqualTo(3);
    }

    /** Record {@code seq}, the head, as if logged {@code ahead} later: its hash and the head's follow. */
    private void loggedAhead(long seq, Duration ahead) {
        ChainRecord r = new MessageChain(store.db()).record(seq).orElseThrow();
        ChainRecord moved = new ChainRecord(r.seq(), Instant.parse(r.loggedAt()).plus(ahead).toString(),
                r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(), r.correlationId(), r.signerSubject(),
                r.signerSerial(), r.certificateSha256(), r.messageSha256(), r.message(), r.prevHash(), null,
                r.applicationFirsts()).withHash();
        store.db().update("UPDATE message_chain SET logged_at = ?, hash = ? WHERE seq = ?", moved.loggedAt(),
                moved.hash(), seq);
        store.db().update("UPDATE message_chain_head SET hash = ? WHERE id = 1", moved.hash());
    }

    private static MessageChain.Message message(String text, KeyMaterial signer) {
        return new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL", "{session}",
                null, signer.certificate(), ("<m>" + text + "</m>").getBytes(StandardCharsets.UTF_8));
    }
}
