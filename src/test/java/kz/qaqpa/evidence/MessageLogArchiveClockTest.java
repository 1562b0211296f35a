package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.store.MachineUptime;
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
        MessageChain chain = appendedWithTheFirstAhead();
        Instant logged = chain.loggedAt(3).orElseThrow();
        new ChainStamps(store.db()).add(new ChainStamps.Stamp(2, chain.hashOf(2).orElseThrow(),
                logged.toString(), new byte[] {1}));

        MessageLogArchive.Run run = new MessageLogArchive(chain, new ChainStamps(store.db()), archive, AFTER,
                STAMP_SKEW, 100,
                new ArchiveSeal(SharedTestPki.key("gateway"), new StampingAuthority(null, Duration.ZERO, null, null)),
                Clock.fixed(logged.plus(AFTER).plus(STAMP_SKEW).plusSeconds(1), ZoneOffset.UTC)).run();

        assertThat(run.records()).isEqualTo(3);
        assertThat(chain.archived().seq()).isEqualTo(3);
    }

    /**
     * Session 31 (evidence17): no time-stamping authority. Record 1 carries a time 8 days ahead, records 2 and 3 the
     * right time; the wall clock says records 2 and 3 are old enough, record 1 not, for 8 days more. A run that saw the
     * head (record 3) witnesses that all three existed then: once the machine has run the window since (its uptime, the
     * same boot), they all go; a second before, none (record 1 may be younger by the true time). Across a reboot the
     * machine's running time adds up: half the window before it and half after also do. Before, nothing was archived
     * until the clock reached record 1's time plus the window.
     */
    @Test
    void withoutATimeStampTheMachinesRunningTimeShowsARecordLoggedAheadOldEnough() throws Exception {
        MessageChain chain = appendedWithTheFirstAhead();
        Instant wall = onlyTheFirstYoung(chain);
        Duration boot = Duration.ofHours(10);
        assertThat(run(chain, wall, reading("A", boot)).records()).as("the first run sees the head").isZero();
        assertThat(run(chain, wall, reading("A", boot.plus(AFTER).minusSeconds(1))).records())
                .as("a second short of the window").isZero();
        assertThat(run(chain, wall, reading("A", boot.plus(AFTER))).records()).isEqualTo(3);
        assertThat(chain.archived().seq()).isEqualTo(3);
    }

    @Test
    void theMachinesRunningTimeAddsUpAcrossAReboot() throws Exception {
        MessageChain chain = appendedWithTheFirstAhead();
        Instant wall = onlyTheFirstYoung(chain);
        Duration half = AFTER.dividedBy(2);
        assertThat(run(chain, wall, reading("A", Duration.ofHours(10))).records()).isZero();
        assertThat(run(chain, wall, reading("A", Duration.ofHours(10).plus(half))).records()).isZero();
        // rebooted: the time off is not known, the time since the boot is
        assertThat(run(chain, wall, reading("B", half.minusSeconds(1))).records()).isZero();
        assertThat(run(chain, wall, reading("B", half)).records()).isEqualTo(3);
    }

    /** Records 1 to 3 with no stamp, record 1 logged {@link #STEP} ahead. */
    private MessageChain appendedWithTheFirstAhead() {
        MessageChain chain = new MessageChain(store.db());
        KeyMaterial gateway = SharedTestPki.key("gateway");
        chain.append(message("logged while the clock was ahead", gateway));
        loggedAhead(1, STEP);
        chain.append(message("logged once it was right", gateway), message("the next", gateway));
        return chain;
    }

    /** A time at which records 2 and 3 are old enough by their own times, record 1 not (for 8 days more). */
    private static Instant onlyTheFirstYoung(MessageChain chain) {
        return chain.loggedAt(3).orElseThrow().plus(AFTER).plusSeconds(1);
    }

    private MessageLogArchive.Run run(MessageChain chain, Instant wall, MachineUptime.Reading machine)
            throws java.io.IOException {
        KeyMaterial gateway = SharedTestPki.key("gateway");
        return new MessageLogArchive(chain, new ChainStamps(store.db()), archive, AFTER, STAMP_SKEW, 100,
                new ArchiveSeal(gateway, new StampingAuthority(null, Duration.ZERO, null, null)),
                Clock.fixed(wall, ZoneOffset.UTC), () -> Optional.of(machine), null).run();
    }

    private static MachineUptime.Reading reading(String boot, Duration sinceBoot) {
        return new MachineUptime.Reading(boot, sinceBoot);
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
