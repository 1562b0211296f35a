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
 * logged (beyond the clock skew allowed a signer), and the stamps' times in the records' order. A chain rewritten and re-hashed at or before a stamped record fails here however consistent it is now. A
 * stamp cannot show records deleted with the stamps after them, so the verdict says how far the stamps reach.
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
        long count = 0;
        Instant before = Instant.MIN;
        TimeStampTokens.Checked newest = null;
        long newestSeq = 0;
        walk:
        for (List<ChainStamps.Stamp> page = stamps.page(0, PAGE); !page.isEmpty();
             page = stamps.page(page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainStamps.Stamp s : page) {
                if (s.seq() > verdict.headSeq()) {
                    long now = chain.head().seq();
                    if (now < s.seq()) { // not a record appended since the walk began: the chain's tail was cut
                        try {
                            TimeStampTokens.check(s.token(), HexFormat.of().parseHex(s.hash()), trusted);
                        } catch (IllegalArgumentException e) {
                            return Verdict.bad(verdict.checked(), s.seq(), "its time-stamp does not verify: "
                                    + e.getMessage());
                        }
                        return Verdict.bad(verdict.checked(), s.seq(), "missing: it was time-stamped at "
                                + s.stampedAt() + " with hash " + s.hash() + ", but the chain ends at record " + now
                                + ": records after it were removed");
                    }
                    break walk; // appended and stamped by the running gateway after the chain's walk began
                }
                Optional<String> hash = s.seq() <= archived ? archives.hashOf(s.seq()) : chain.hashOf(s.seq());
                if (hash.isEmpty() || !hash.get().equals(s.hash())) {
                    return Verdict.bad(s.seq() - 1, s.seq(), "its hash " + hash.orElse("(no such record)")
                            + " is not the " + s.hash() + " time-stamped at " + s.stampedAt()
                            + ": the chain was rewritten at or before it and re-hashed");
                }
                TimeStampTokens.Checked checked;
                try {
                    checked = TimeStampTokens.check(s.token(), HexFormat.of().parseHex(s.hash()), trusted);
                } catch (IllegalArgumentException e) {
                    return Verdict.bad(s.seq() - 1, s.seq(), "its time-stamp does not verify: " + e.getMessage());
                }
                Optional<Instant> logged = s.seq() <= archived ? archives.loggedAtOf(s.seq())
                        : chain.loggedAt(s.seq());
                if (logged.isPresent() && checked.time().isBefore(logged.get().minus(trusted.policy().clockSkew()))) {
                    return Verdict.bad(s.seq() - 1, s.seq(), "its time-stamp (" + checked.time() + ") is before the"
                            + " record was logged (" + logged.get() + "): the authority's clock was wrong then, so the"
                            + " stamp shows nothing");
                }
                if (checked.time().isBefore(before)) {
                    return Verdict.bad(s.seq() - 1, s.seq(), "its time-stamp (" + checked.time()
                            + ") is older than the one of an earlier record (" + before + ")");
                }
                before = checked.time();
                newest = checked;
                newestSeq = s.seq();
                count++;
            }
        }
        String note = newest == null ? "no record is time-stamped"
                : count + " time-stamps verified; records 1 to " + newestSeq + " existed at " + newest.time() + " ("
                + newest.authority().getSubjectX500Principal().getName() + ")";
        return Verdict.good(verdict.checked(), verdict.headSeq(), verdict.headHash(),
                verdict.note() == null ? note : verdict.note() + "; " + note);
    }
}
