package kz.qaqpa.evidence;

import java.util.Optional;
import java.util.function.Supplier;
import kz.qaqpa.store.ChainRecord;

/**
 * Where a walk along the message chain stands, in the archive files ({@link ArchiveCheck}) or the store
 * ({@link ChainCheck}): the record it expects next, the hash and hash version of the one before, and whether it
 * has passed through the noted head. Each record is checked against it ({@link #problem}) before the walk moves on
 * past it ({@link #pass}).
 */
final class ChainPosition {
    private final NotedHead noted;
    private long expected;
    private String prevHash;
    private int version;
    private boolean passed;

    /** @param noted a head noted outside the store, or null */
    ChainPosition(long expected, String prevHash, int version, boolean passed, NotedHead noted) {
        this.expected = expected;
        this.prevHash = prevHash;
        this.version = version;
        this.passed = passed;
        this.noted = noted;
    }

    /**
     * Why {@code r} is not the chain's next record, or empty: its link to the record before it, then what
     * {@code recordProblem} (its own content and signature) and {@code firstsProblem} (the first records it binds)
     * say, then whether the noted head was rewritten there.
     */
    Optional<String> problem(ChainRecord r, Supplier<Optional<String>> recordProblem,
                             Supplier<Optional<String>> firstsProblem) {
        return linkProblem(r)
                .or(recordProblem)
                .or(firstsProblem)
                .or(() -> noted == null ? Optional.empty() : noted.rewrittenAt(r.seq(), r.hash()));
    }

    /** Moves past {@code r}, which has no {@link #problem}. */
    void pass(ChainRecord r) {
        passed |= noted != null && noted.passedBy(r.seq(), r.hash());
        prevHash = r.hash();
        version = r.hashVersion();
        expected++;
    }

    long expected() {
        return expected;
    }

    /** The last record checked (0 before the first). */
    long checked() {
        return expected - 1;
    }

    String prevHash() {
        return prevHash;
    }

    int version() {
        return version;
    }

    boolean passed() {
        return passed;
    }

    /** Why the record does not follow the one before it ({@code expected - 1}, hashed {@code prevHash}), or empty. */
    private Optional<String> linkProblem(ChainRecord r) {
        if (r.seq() != expected) {
            return Optional.of("expected record " + expected + " here: " + (r.seq() > expected
                    ? "record " + expected + (r.seq() - expected > 1 ? " to " + (r.seq() - 1) : "") + " is missing"
                    : "records are out of order"));
        }
        if (!r.prevHash().equals(prevHash)) {
            return Optional.of("its prevHash " + r.prevHash() + " is not the hash of the record before it (" + prevHash
                    + "): a record before it was changed, removed, inserted or reordered");
        }
        if (r.hashVersion() < version || r.hashVersion() > ChainRecord.CURRENT_VERSION) {
            return Optional.of("its hash version " + r.hashVersion() + " cannot follow version " + version
                    + ": versions only grow");
        }
        if (!r.hash().equals(r.expectedHash())) {
            return Optional.of("its hash does not match its content: the record was changed");
        }
        return Optional.empty();
    }
}
