package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * Walks the message chain in order up to the head as it was when the walk began (the gateway may keep appending):
 * first the archive files up to the archived head the store notes ({@link ArchiveCheck}), then the store's records
 * from there,
 * checking every record and every link, that each record binds the true first record of the applications it names
 * and that the gateway's table of first records agrees ({@link FirstRecords}), that the last record is the one the
 * head names, and, given a head the operator noted before, that the chain still passes through it.
 */
final class ChainCheck {
    private static final int PAGE = 200;
    private final MessageChain chain;
    private final RecordCheck records;
    private final ArchiveDirectory archives;

    ChainCheck(MessageChain chain, RecordCheck records, ArchiveDirectory archives) {
        this.chain = chain;
        this.records = records;
        this.archives = archives;
    }

    /** @param noted a head noted outside the store, or null */
    Verdict run(NotedHead noted) {
        try {
            return walk(noted);
        } catch (IOException e) {
            return Verdict.bad(0, 0, "the archive files in " + archives.dir() + " cannot be listed: " + e);
        } finally {
            archives.close();
        }
    }

    private Verdict walk(NotedHead noted) throws IOException {
        MessageChain.Head head = chain.head();
        MessageChain.Head archived = chain.archived();
        long expected = archived.seq() + 1;
        String prevHash = archived.hash();
        int version = 1;
        boolean passed = false;
        List<Path> pending = List.of();
        String seals = null;
        if (archived.seq() > 0 || !archives.files().isEmpty()) {
            ArchiveCheck.Walked walked = new ArchiveCheck(archives, records).walk(archived, noted);
            if (walked.bad() != null) {
                return walked.bad();
            }
            version = walked.version();
            passed = walked.passed();
            pending = walked.pending();
            seals = walked.seals();
        }
        FirstRecords firsts = new FirstRecords(chain, archives, archived.seq());
        walk:
        for (List<ChainRecord> page = chain.boundedPage(archived.seq(), PAGE); !page.isEmpty();
             page = chain.boundedPage(page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainRecord r : page) {
                if (r.seq() > head.seq()) {
                    if (chain.head().seq() < r.seq()) {
                        return Verdict.bad(expected - 1, r.seq(), "it lies beyond the head (record " + head.seq()
                                + "): it was added without the gateway");
                    }
                    break walk; // appended by the running gateway after the walk began
                }
                Optional<String> problem = linkProblem(r, expected, prevHash, version)
                        .or(() -> records.problem(r, chain.certificate(r.certificateSha256()).orElse(null)))
                        .or(() -> firsts.problem(r))
                        .or(() -> noted == null ? Optional.empty() : noted.rewrittenAt(r.seq(), r.hash()));
                if (problem.isPresent()) {
                    return Verdict.bad(expected - 1, r.seq(), problem.get());
                }
                passed |= noted != null && noted.passedBy(r.seq(), r.hash());
                prevHash = r.hash();
                version = r.hashVersion();
                expected++;
            }
        }
        if (head.seq() != expected - 1 || !head.hash().equals(prevHash)) {
            return Verdict.bad(expected - 1, expected, "missing: the head names record " + head.seq() + " with hash "
                    + head.hash() + ", but the chain ends at record " + (expected - 1) + " with hash " + prevHash);
        }
        Optional<String> table = firsts.tableProblem(head.seq());
        if (table.isPresent()) {
            return Verdict.bad(expected - 1, 0, table.get());
        }
        if (noted != null && !passed) {
            return Verdict.bad(expected - 1, noted.seq(), noted.notFound(1, head.seq()));
        }
        List<String> notes = new ArrayList<>();
        if (archived.seq() > 0) {
            notes.add("records 1 to " + archived.seq() + " in the archive files in " + archives.dir());
        }
        if (seals != null) {
            notes.add(seals);
        }
        if (!pending.isEmpty()) {
            notes.add("not counted yet: " + String.join(", ", pending.stream().map(f -> f.getFileName().toString())
                    .toList()) + " (written by an archive run whose records are still in the store: the next run"
                    + " deletes them)");
        }
        if (noted != null) {
            notes.add("the chain passes through the noted head " + noted);
        }
        return Verdict.good(expected - 1, head.seq(), head.hash(), notes.isEmpty() ? null : String.join("; ", notes));
    }

    /** Why the record does not follow the one before it ({@code expected - 1}, hashed {@code prevHash}), or empty. */
    static Optional<String> linkProblem(ChainRecord r, long expected, String prevHash, int versionBefore) {
        if (r.seq() != expected) {
            return Optional.of("expected record " + expected + " here: " + (r.seq() > expected
                    ? "record " + expected + (r.seq() - expected > 1 ? " to " + (r.seq() - 1) : "") + " is missing"
                    : "records are out of order"));
        }
        if (!r.prevHash().equals(prevHash)) {
            return Optional.of("its prevHash " + r.prevHash() + " is not the hash of the record before it (" + prevHash
                    + "): a record before it was changed, removed, inserted or reordered");
        }
        if (r.hashVersion() < versionBefore || r.hashVersion() > ChainRecord.CURRENT_VERSION) {
            return Optional.of("its hash version " + r.hashVersion() + " cannot follow version " + versionBefore
                    + ": versions only grow");
        }
        if (!r.hash().equals(r.expectedHash())) {
            return Optional.of("its hash does not match its content: the record was changed");
        }
        return Optional.empty();
    }
}
