package kz.qaqpa.evidence;

import java.io.IOException;
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
        ArchiveCheck.Walked walked = walkArchives(archived, noted);
        if (walked.bad() != null) {
            return walked.bad();
        }
        ChainPosition at = new ChainPosition(archived.seq() + 1, archived.hash(), walked.version(), walked.passed(),
                noted);
        FirstRecords firsts = new FirstRecords(chain, archives, archived.seq());
        Optional<Verdict> bad = walkStore(archived.seq(), head, at, firsts)
                .or(() -> endProblem(head, at, firsts, noted));
        return bad.orElseGet(() -> Verdict.good(at.checked(), head.seq(), head.hash(), notes(archived, walked, noted)));
    }

    /** The archive files up to the archived head the store notes, where there are any; else a walk of none. */
    private ArchiveCheck.Walked walkArchives(MessageChain.Head archived, NotedHead noted) throws IOException {
        if (archived.seq() > 0 || !archives.files().isEmpty()) {
            return new ArchiveCheck(archives, records).walk(archived, noted);
        }
        return new ArchiveCheck.Walked(null, 0, archived.hash(), 1, 0, false, List.of(), null);
    }

    /** The store's records after {@code archivedSeq}, up to {@code head}: a bad one's verdict, or empty. */
    private Optional<Verdict> walkStore(long archivedSeq, MessageChain.Head head, ChainPosition at,
                                        FirstRecords firsts) {
        for (List<ChainRecord> page = chain.boundedPage(archivedSeq, PAGE); !page.isEmpty();
             page = chain.boundedPage(page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainRecord r : page) {
                if (r.seq() > head.seq()) {
                    return beyondHead(head, r, at);
                }
                Optional<String> problem = at.problem(r,
                        () -> records.problem(r, chain.certificate(r.certificateSha256()).orElse(null)),
                        () -> firsts.problem(r));
                if (problem.isPresent()) {
                    return Optional.of(Verdict.bad(at.checked(), r.seq(), problem.get()));
                }
                at.pass(r);
            }
        }
        return Optional.empty();
    }

    /**
     * A record past the head the walk began at: one the running gateway appended since (the walk ends before it,
     * empty), or one beyond even the head now, added without the gateway.
     */
    private Optional<Verdict> beyondHead(MessageChain.Head head, ChainRecord r, ChainPosition at) {
        if (chain.head().seq() < r.seq()) {
            return Optional.of(Verdict.bad(at.checked(), r.seq(), "it lies beyond the head (record " + head.seq()
                    + "): it was added without the gateway"));
        }
        return Optional.empty();
    }

    /** What is wrong at the walk's end: the head not reached, the table of first records, the noted head not met. */
    private static Optional<Verdict> endProblem(MessageChain.Head head, ChainPosition at, FirstRecords firsts,
                                                NotedHead noted) {
        if (head.seq() != at.checked() || !head.hash().equals(at.prevHash())) {
            return Optional.of(Verdict.bad(at.checked(), at.expected(), "missing: the head names record "
                    + head.seq() + " with hash " + head.hash() + ", but the chain ends at record " + at.checked()
                    + " with hash " + at.prevHash()));
        }
        Optional<String> table = firsts.tableProblem(head.seq());
        if (table.isPresent()) {
            return Optional.of(Verdict.bad(at.checked(), 0, table.get()));
        }
        if (noted != null && !at.passed()) {
            return Optional.of(Verdict.bad(at.checked(), noted.seq(), noted.notFound(1, head.seq(), NotedHead.PAST_THE_STORE)));
        }
        return Optional.empty();
    }

    /** What a good verdict says besides the records: the archives, their seals, files not counted yet, the head. */
    private String notes(MessageChain.Head archived, ArchiveCheck.Walked walked, NotedHead noted) {
        List<String> notes = new ArrayList<>();
        if (archived.seq() > 0) {
            notes.add("records 1 to " + archived.seq() + " in the archive files in " + archives.dir());
        }
        if (walked.seals() != null) {
            notes.add(walked.seals());
        }
        if (!walked.pending().isEmpty()) {
            notes.add("not counted yet: " + String.join(", ", walked.pending().stream()
                    .map(f -> f.getFileName().toString()).toList()) + " (written by an archive run whose records are"
                    + " still in the store: the next run deletes them)");
        }
        if (noted != null) {
            notes.add("the chain passes through the noted head " + noted);
        }
        notes.addAll(records.notes());
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
