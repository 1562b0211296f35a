package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.FreshStore;
import kz.qaqpa.MachineUptime;
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
    /** A store recreated under the same archive directory. */
    @RegisterExtension
    final FreshStore another = new FreshStore();
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

        MessageLogArchive.Run run = run(store, logged.plus(AFTER).plus(STAMP_SKEW).plusSeconds(1), Optional.empty());

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
        assertThat(run(store, wall, reading("A", boot)).records()).as("the first run sees the head").isZero();
        assertThat(run(store, wall, reading("A", boot.plus(AFTER).minusSeconds(1))).records())
                .as("a second short of the window").isZero();
        assertThat(run(store, wall, reading("A", boot.plus(AFTER))).records()).isEqualTo(3);
        assertThat(chain.archived().seq()).isEqualTo(3);
    }

    @Test
    void theMachinesRunningTimeAddsUpAcrossAReboot() throws Exception {
        MessageChain chain = appendedWithTheFirstAhead();
        Instant wall = onlyTheFirstYoung(chain);
        Duration half = AFTER.dividedBy(2);
        assertThat(run(store, wall, reading("A", Duration.ofHours(10))).records()).isZero();
        assertThat(run(store, wall, reading("A", Duration.ofHours(10).plus(half))).records()).isZero();
        // rebooted: the time off is not known, the time since the boot is
        assertThat(run(store, wall, reading("B", half.minusSeconds(1))).records()).isZero();
        assertThat(run(store, wall, reading("B", half)).records()).isEqualTo(3);
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

    /**
     * Session 32 (evidence18): a store recreated under the same archive directory numbers its records from 1 again.
     * The old store's run saw its head, record 3, an hour of the machine's running time ago; the new store's records 1
     * to 3 were logged a minute ago. Before, the head was kept by its number alone, so the new records 1 to 3 counted
     * as seen an hour ago and were archived, into sealed files, 59 minutes early; now the head seen is not the new
     * store's record 3 (another hash), so it shows nothing, and the new head counts once the machine has run the window
     * since a run saw it.
     */
    @Test
    void aHeadSeenOfAnotherStoreShowsNothingOfARecreatedOne() throws Exception {
        MessageChain old = appended(store, "of the old store");
        Duration boot = Duration.ofHours(10);
        Instant wall = old.loggedAt(3).orElseThrow().plusSeconds(60);
        assertThat(run(store, wall, reading("A", boot)).records()).as("the old store's records are young").isZero();

        MessageChain recreated = appended(another, "of the recreated store");
        Instant young = recreated.loggedAt(3).orElseThrow().plusSeconds(60);
        assertThat(run(another, young, reading("A", boot.plus(AFTER))).records())
                .as("records logged a minute ago, under a head of the old store seen the window ago").isZero();
        assertThat(recreated.archived().seq()).isZero();
        assertThat(run(another, young, reading("A", boot.plus(AFTER).plus(AFTER))).records())
                .as("the new store's head, seen the window ago").isEqualTo(3);
    }

    /**
     * A line written before session 32 names a head by its number alone: it cannot show which record it saw, so it
     * counts nothing (the witnessing starts again from the run that reads it), and the file is written again with the
     * head's hash.
     */
    @Test
    void aHeadSeenWithoutItsHashCountsNothing() throws Exception {
        MessageChain chain = appended(store, "logged now");
        Instant young = chain.loggedAt(3).orElseThrow().plusSeconds(60);
        Duration boot = Duration.ofHours(10);
        Files.writeString(archive.resolve(ArchiveWitnesses.FILE),
                "3 " + AFTER.toMillis() + " A " + boot.toMillis(), StandardCharsets.US_ASCII);

        assertThat(run(store, young, reading("A", boot)).records()).isZero();
        assertThat(Files.readString(archive.resolve(ArchiveWitnesses.FILE), StandardCharsets.US_ASCII))
                .isEqualTo("3 0 A " + boot.toMillis() + " " + chain.hashOf(3).orElseThrow());
        assertThat(run(store, young, reading("A", boot.plus(AFTER))).records()).isEqualTo(3);
    }

    /** Records 1 to 3 in {@code in}, logged now, no stamp, their messages saying {@code what}. */
    private static MessageChain appended(FreshStore in, String what) {
        MessageChain chain = new MessageChain(in.db());
        KeyMaterial gateway = SharedTestPki.key("gateway");
        chain.append(message("one " + what, gateway), message("two " + what, gateway),
                message("three " + what, gateway));
        return chain;
    }

    /**
     * An archive run of {@code in}'s log at {@code wall} on the machine's reading {@code machine} (empty: none), into
     * the test's archive directory, without the disk's room.
     */
    private MessageLogArchive.Run run(FreshStore in, Instant wall, Optional<MachineUptime.Reading> machine)
            throws IOException {
        return new MessageLogArchive(new MessageChain(in.db()), new ChainStamps(in.db()), archive, AFTER, STAMP_SKEW, 100,
                new ArchiveSeal(SharedTestPki.key("gateway"), new StampingAuthority(null, Duration.ZERO, null, null)),
                Clock.fixed(wall, ZoneOffset.UTC), () -> machine, null).run();
    }

    private static Optional<MachineUptime.Reading> reading(String boot, Duration sinceBoot) {
        return Optional.of(new MachineUptime.Reading(boot, sinceBoot));
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
