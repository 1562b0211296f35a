package kz.qaqpa.evidence;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;

/**
 * Checks the message chain's time-stamps once the chain itself verified: each token good for the hash it stamps
 * ({@link TimeStampTokens#check}), that hash the hash of the record it names, its time not before the record was
 * logged (beyond the clock skew allowed a signer), and the stamps' times in the records' order. A chain rewritten and
 * re-hashed at or before a stamped record fails here however consistent it is now. A stamp cannot show records
 * deleted with the stamps after them, so the verdict says how far the stamps reach. The same rule tells when a stamp
 * shows a record existed ({@link #existedBy}: a passed-on document's arrival, {@link Arrivals}).
 */
final class StampCheck {
    private static final int PAGE = 500;
    private final MessageChain chain;
    private final ChainStamps stamps;
    private final TrustSetup.TrustedCertificates trusted;

    StampCheck(MessageChain chain, ChainStamps stamps, TrustSetup.TrustedCertificates trusted) {
        this.chain = chain;
        this.stamps = stamps;
        this.trusted = trusted;
    }

    /**
     * {@code verdict} of the chain with what its stamps show, or the first stamp that contradicts it. A stamp of a
     * record moved into an archive file stays in the store and is held against the record's hash in its file (which
     * the chain's walk verified).
     */
    Verdict run(Verdict verdict, ArchiveDirectory archives) {
        if (!verdict.ok()) {
            return verdict;
        }
        long archived = chain.archived().seq();
        Reach reach = new Reach();
        walk:
        for (List<ChainStamps.Stamp> page = stamps.page(0, PAGE); !page.isEmpty();
             page = stamps.page(page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainStamps.Stamp s : page) {
                if (s.seq() > verdict.headSeq()) {
                    Optional<String> cut = cutTail(s);
                    if (cut.isPresent()) {
                        return Verdict.bad(verdict.checked(), s.seq(), cut.get());
                    }
                    break walk; // appended and stamped by the running gateway after the chain's walk began
                }
                Optional<String> problem = problem(s, s.seq() <= archived, archives, reach);
                if (problem.isPresent()) {
                    return Verdict.bad(s.seq() - 1, s.seq(), problem.get());
                }
            }
        }
        return Verdict.good(verdict.checked(), verdict.headSeq(), verdict.headHash(),
                verdict.note() == null ? reach.note() : verdict.note() + "; " + reach.note());
    }

    /**
     * When a time-stamp of the chain shows that record {@code seq} existed: the time of the first stamp from it on, if
     * that stamp holds against the chain ({@link #held}); empty when there is none, or it does not hold (the stamps'
     * own check names it). {@code archives} holds the records moved out of the store.
     */
    Optional<Instant> existedBy(long seq, ArchiveDirectory archives) {
        Optional<ChainStamps.Stamp> stamp = stamps.firstFrom(seq);
        if (stamp.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(held(stamp.get(), stamp.get().seq() <= chain.archived().seq(), archives).time());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Stamp {@code s} held against the chain: the hash it stamps is its record's (in the store, or in the record's
     * archive file once archived, which the chain's walk verifies) and its token is good for that hash.
     *
     * @throws IllegalArgumentException naming what does not hold
     */
    private TimeStampTokens.Checked held(ChainStamps.Stamp s, boolean inArchive, ArchiveDirectory archives) {
        Optional<String> hash = inArchive ? archives.hashOf(s.seq()) : chain.hashOf(s.seq());
        if (hash.isEmpty() || !hash.get().equals(s.hash())) {
            throw new IllegalArgumentException("its hash " + hash.orElse("(no such record)") + " is not the " + s.hash()
                    + " time-stamped at " + s.stampedAt() + ": the chain was rewritten at or before it and re-hashed");
        }
        try {
            return token(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its time-stamp does not verify: " + e.getMessage(), e);
        }
    }

    /** What is wrong with the stamp {@code s}, or empty once it is added to {@code reach}. */
    private Optional<String> problem(ChainStamps.Stamp s, boolean inArchive, ArchiveDirectory archives, Reach reach) {
        TimeStampTokens.Checked checked;
        try {
            checked = held(s, inArchive, archives);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        Optional<String> untimely = untimely(checked, inArchive ? archives.loggedAtOf(s.seq())
                : chain.loggedAt(s.seq()), reach.newestTime());
        if (untimely.isPresent()) {
            return untimely;
        }
        reach.add(s.seq(), checked);
        return Optional.empty();
    }

    /** {@code s}'s token checked as a stamp of its hash; an {@link IllegalArgumentException} says why not. */
    private TimeStampTokens.Checked token(ChainStamps.Stamp s) {
        return TimeStampTokens.check(s.token(), HexFormat.of().parseHex(s.hash()), trusted);
    }

    /**
     * Why the stamp of a record beyond the walk's head shows the chain's tail cut (the store no longer holds that
     * record, and the token is genuine); empty when the running gateway appended and stamped it since.
     */
    private Optional<String> cutTail(ChainStamps.Stamp s) {
        long now = chain.head().seq();
        if (now >= s.seq()) {
            return Optional.empty();
        }
        try {
            token(s);
        } catch (IllegalArgumentException e) {
            return Optional.of("its time-stamp does not verify: " + e.getMessage());
        }
        return Optional.of("missing: it was time-stamped at " + s.stampedAt() + " with hash " + s.hash()
                + ", but the chain ends at record " + now + ": records after it were removed");
    }

    /** Why a stamp's time cannot be its record's: before the record was logged, or before an earlier record's stamp. */
    private Optional<String> untimely(TimeStampTokens.Checked checked, Optional<Instant> logged, Instant before) {
        Instant stamped = checked.time();
        if (logged.isPresent() && checked.predates(logged.get(), trusted.policy().clockSkew())) {
            return Optional.of("its time-stamp (" + stamped + ") is before the record was logged (" + logged.get()
                    + "): the authority's clock was wrong then, so the stamp shows nothing");
        }
        if (stamped.isBefore(before)) {
            return Optional.of("its time-stamp (" + stamped + ") is older than the one of an earlier record (" + before
                    + ")");
        }
        return Optional.empty();
    }

    /** How far the stamps verified so far reach: how many, and the newest (the last in the records' order). */
    private static final class Reach {
        private long count;
        private TimeStampTokens.Checked newest;
        private long newestSeq;

        void add(long seq, TimeStampTokens.Checked checked) {
            count++;
            newest = checked;
            newestSeq = seq;
        }

        /** The newest stamp's time, which the next one may not be older than. */
        Instant newestTime() {
            return newest == null ? Instant.MIN : newest.time();
        }

        String note() {
            return newest == null ? "no record is time-stamped"
                    : count + " time-stamps verified; records 1 to " + newestSeq + " existed at " + newest.time()
                    + " (" + newest.authority().getSubjectX500Principal().getName() + ")";
        }
    }
}
