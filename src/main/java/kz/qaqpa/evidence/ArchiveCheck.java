package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * The first part of the whole-log walk ({@link ChainCheck}): the archive files in chain order, up to the archived head
 * the store notes. Each file must be named by the records it holds and continue the chain where the one before it
 * ended (the first from the log's beginning); each record is checked as a stored one is (link, hash, certificate,
 * signatures, its bindings of the applications' first records), one at a time. A file removed, changed, renamed or
 * put in another's place is named. Files that begin after the archived head were written by a run whose deletion did
 * not commit (the next run completes it): they do not count yet. Each sealed file's seal, its time-stamp and its link
 * to the previous file's seal are checked before its records ({@link ArchiveSeal}). Without a store (an auditor holding
 * the files alone) the walk takes every file, and the seals stand in for the archived head the store would note.
 */
final class ArchiveCheck {
    private final ArchiveDirectory archives;
    private final RecordCheck records;
    private final ArchivedFirstRecords firsts;

    ArchiveCheck(ArchiveDirectory archives, RecordCheck records) {
        this.archives = archives;
        this.records = records;
        this.firsts = new ArchivedFirstRecords(archives, ArchivedFirstRecords.REMEMBERED);
    }

    /**
     * Where the walk over the archives ended: a bad record, or the last record with how many were checked, and what
     * the files' seals showed.
     */
    record Walked(Verdict bad, long seq, String hash, int version, long checked, boolean passed,
                  List<Path> pending, String seals) {
    }

    /**
     * The files up to the {@code archived} head the store notes; with {@code archived} null (no store) every file,
     * from the log's beginning.
     */
    Walked walk(MessageChain.Head archived, NotedHead noted) throws IOException {
        Seals seals = new Seals();
        ChainPosition at = new ChainPosition(1, ChainRecord.GENESIS, 1, false, noted);
        String previous = "the log's beginning";
        List<Path> pending = new ArrayList<>();
        for (Path f : archives.files()) {
            if (archived != null && ArchiveFile.namedFirst(f) > archived.seq()) {
                pending.add(f);
                continue;
            }
            Optional<Walked> bad = walkFile(f, at, previous, archived, seals);
            if (bad.isPresent()) {
                return bad.get();
            }
            previous = "archive file " + f.getFileName();
        }
        Optional<Walked> fallsShort = archived == null ? Optional.empty() : endProblem(at, archived, previous);
        return fallsShort.orElseGet(() -> new Walked(null, at.checked(), at.prevHash(), at.version(), at.checked(),
                at.passed(), pending, seals.note()));
    }

    /** One file, its records checked from {@code at} on: a bad one's walk, or empty. */
    private Optional<Walked> walkFile(Path f, ChainPosition at, String previous, MessageChain.Head archived,
                                      Seals seals) {
        String name = f.getFileName().toString();
        try (ArchiveFile reader = ArchiveFile.open(f)) {
            Optional<String> fileProblem = fileProblem(reader, name, at.expected(), at.prevHash(), previous,
                    archived);
            if (fileProblem.isPresent()) {
                return Optional.of(bad(at.checked(), Math.min(at.expected(), reader.first()), fileProblem.get()));
            }
            Optional<String> sealProblem = seals.problem(reader, name, records);
            if (sealProblem.isPresent()) {
                return Optional.of(bad(at.checked(), reader.first(), "archive file " + name + ": "
                        + sealProblem.get()));
            }
            return walkRecords(reader, name, at);
        } catch (ArchiveFile.Unreadable e) {
            return Optional.of(bad(at.checked(), 0, "archive file " + name + " is not an archive of this log: "
                    + e.getMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(bad(at.checked(), 0, "archive file " + name + " cannot be read: " + e));
        }
    }

    /** The file's records, then its last record's hash as it names it: a bad one's walk, or empty. */
    private Optional<Walked> walkRecords(ArchiveFile reader, String name, ChainPosition at)
            throws IOException {
        for (long seq = reader.first(); seq <= reader.last(); seq++) {
            Optional<ChainRecord> found = reader.record(seq);
            if (found.isEmpty()) {
                return Optional.of(bad(at.checked(), seq, "its fields or message are missing from archive file "
                        + name));
            }
            ChainRecord r = found.get();
            Optional<String> problem = at.problem(r, () -> records.problem(r, certificate(reader, r)),
                    () -> firsts.problem(r));
            if (problem.isPresent()) {
                return Optional.of(bad(at.checked(), seq, problem.get() + " (in archive file " + name + ")"));
            }
            at.pass(r);
        }
        if (!at.prevHash().equals(reader.lastHash())) {
            return Optional.of(bad(at.checked(), reader.last(), "archive file " + name + " names "
                    + reader.lastHash() + " as its last record's hash, but that record's hash is " + at.prevHash()));
        }
        return Optional.empty();
    }

    /** Whether the files end at the {@code archived} head the store notes: a walk that falls short of it, or empty. */
    private Optional<Walked> endProblem(ChainPosition at, MessageChain.Head archived, String previous) {
        if (at.checked() != archived.seq()) {
            return Optional.of(bad(at.checked(), at.expected(), "missing: the store notes records up to "
                    + archived.seq() + " as archived, but the archive files in " + archives.dir() + " end "
                    + (at.checked() == 0 ? "before record 1 (there are none)"
                    : "at record " + at.checked() + " (" + previous + ")")
                    + ": an archive file was removed, or they are elsewhere (--archives DIR)"));
        }
        if (!at.prevHash().equals(archived.hash())) {
            return Optional.of(bad(at.checked(), archived.seq(), "its hash " + at.prevHash() + " in the archive"
                    + " files is not the hash " + archived.hash() + " the store notes for the last archived record"));
        }
        return Optional.empty();
    }

    private static Walked bad(long checked, long record, String problem) {
        return new Walked(Verdict.bad(checked, record, problem), 0, null, 0, checked, false, List.of(), null);
    }

    /** The seals along the walk: each checked against the one before it, and what they showed, for the verdict. */
    private static final class Seals {
        private String previous = ArchiveSeal.NONE;
        private ArchiveSeal.Checked last;
        private int sealed;
        private final List<String> unsealed = new ArrayList<>();
        private final List<String> unstamped = new ArrayList<>();

        Optional<String> problem(ArchiveFile reader, String name, RecordCheck records) throws IOException {
            if (!reader.sealed()) {
                if (last != null) {
                    // the gateway seals every file since it first sealed one: a file without is a stripped one
                    return Optional.of("it carries no seal (format " + ArchiveFile.FORMAT_UNSEALED + "), but the"
                            + " archive files before it are sealed: its seal was removed");
                }
                unsealed.add(name);
                previous = ArchiveSeal.NONE;
                return Optional.empty();
            }
            ArchiveSeal.Checked seal = ArchiveSeal.check(reader, previous, records.trusted(), records.gatewayBin());
            if (seal.problem() != null) {
                return Optional.of(seal.problem());
            }
            Optional<String> sealedUnder = records.sealedUnder(name, seal);
            if (sealedUnder.isPresent()) {
                return sealedUnder;
            }
            if (seal.unstamped() != null) {
                unstamped.add(name + " (" + seal.unstamped() + ")");
            }
            sealed++;
            last = seal;
            previous = seal.hash();
            return Optional.empty();
        }

        /** What the seals showed, or null when there were no files. */
        String note() {
            List<String> notes = new ArrayList<>();
            if (last != null) {
                notes.add(sealed + " archive file(s) sealed by " + last.signer() + ", the last at " + last.time()
                        + (last.unstamped() == null ? " (time-stamped)" : ""));
            }
            if (!unstamped.isEmpty()) {
                notes.add("sealed but not time-stamped, their time as the gateway wrote it: "
                        + String.join(", ", unstamped));
            }
            if (!unsealed.isEmpty()) {
                notes.add("written before seals (format " + ArchiveFile.FORMAT_UNSEALED + "), their chain alone"
                        + " checked: " + String.join(", ", unsealed));
            }
            return notes.isEmpty() ? null : String.join("; ", notes);
        }
    }

    /** Why the file is not the next one of the chain, or empty. */
    private static Optional<String> fileProblem(ArchiveFile reader, String name, long expected,
                                                String prevHash, String previous, MessageChain.Head archived) {
        if (!ArchiveFile.name(reader.first(), reader.last()).equals(name)) {
            return Optional.of("archive file " + name + " holds records " + reader.first() + " to " + reader.last()
                    + ", not those its name says: it was renamed or put in another file's place");
        }
        if (reader.first() > expected) {
            return Optional.of("missing: no archive file holds record " + expected + (reader.first() - expected > 1
                    ? " to " + (reader.first() - 1) : "") + ", between " + previous + " and archive file " + name
                    + ": an archive file was removed");
        }
        if (reader.first() < expected) {
            return Optional.of("archive file " + name + " begins at record " + reader.first() + ", which "
                    + previous + " holds already");
        }
        if (!reader.firstPrevHash().equals(prevHash)) {
            return Optional.of("archive file " + name + " does not continue the chain from " + previous + ": its"
                    + " first record's prevHash " + reader.firstPrevHash() + " is not " + prevHash);
        }
        if (archived != null && reader.last() > archived.seq()) {
            return Optional.of("archive file " + name + " holds records beyond the archived head " + archived.seq()
                    + " the store notes");
        }
        return Optional.empty();
    }

    private static byte[] certificate(ArchiveFile reader, ChainRecord r) {
        try {
            return reader.certificate(r.certificateSha256());
        } catch (IOException e) {
            return null; // named as a missing certificate
        }
    }
}
