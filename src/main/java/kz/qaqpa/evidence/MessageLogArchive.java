package kz.qaqpa.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.MachineUptime;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.StoreDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the message log's old records out of the store into archive files, as X-Road's archiver does
 * (docs/operations.md, "Archiving the log"): the records logged before now minus qaqpa.log.archive.after, from the
 * archived head on, go into files of at most qaqpa.log.archive.max-records ({@link ArchiveFile}) whose chain continues
 * from one file to the next. Each file is written, synced and renamed to its range's name before one transaction
 * deletes its records from the store and notes its last record as the archived head
 * ({@link MessageChain#dropArchived}):
 *
 * <ul>
 * <li>a crash while writing leaves a hidden file that never counts (deleted by the next run);</li>
 * <li>a crash after the rename and before the delete leaves a whole file of records the store still holds: the next
 *     run finds it (it begins right after the archived head), checks that its last record is the store's, and deletes
 *     the records then, without writing them again;</li>
 * <li>a crash in the delete rolls it back whole.</li>
 * </ul>
 * A record whose link or hash does not hold is not archived (the run stops there and says so): moving a broken chain
 * into a file would hide where it broke. A record is old enough when logged before now minus the window, or when a
 * later record was time-stamped before then by more than the authority's allowed skew ({@link ChainStamps#lastStampedBefore}): the chain's order is the order
 * the records were logged in, so records logged while the system clock was ahead (a false NTP source) do not hold up
 * the run until the clock reaches their times. Without a time-stamp (no authority, or failing) the same is shown by
 * the machine's own running time: a record up to a head an earlier run saw is old enough once the machine has run the
 * window since ({@link ArchiveWitnesses}). The files still take the chain in order, without gaps. Each file is
 * sealed ({@link ArchiveSeal}) naming the previous file's seal,
 * which the store notes with the archived head: written files may be moved to other storage.
 *
 * <p>The files take no space the store keeps free: where the archive directory is on the store's disk, a page of
 * records is written only while the disk keeps qaqpa.store.min-free-bytes free after it ({@link StoreDisk#roomUnder});
 * else the run fails, naming the sizes, its file not written and its records left in the store. The store's files do
 * not shrink when records leave (HSQLDB reuses the space; docs/operations.md, Retention, "Disk space"), so on the same disk
 * every archived byte is a byte more.
 */
public final class MessageLogArchive {
    private static final Logger LOG = LoggerFactory.getLogger(MessageLogArchive.class);
    private static final int PAGE = 200;
    private final MessageChain chain;
    private final ChainStamps stamps;
    private final Path dir;
    private final Duration after;
    private final Duration stampSkew;
    private final int maxRecords;
    private final Clock clock;
    private final ArchiveSeal sealer;
    private final ArchiveRuns runs;
    private final ArchiveWitnesses witnesses;
    /** The store's disk and the space it keeps free; null where the log is only read (the verifier). */
    private final StoreDisk disk;

    /**
     * @param after      how old a record must be to be archived
     * @param stampSkew  how far the time-stamping authority's clock may be behind the gateway's
     *                   (qaqpa.trust.timestamp-clock-skew): a stamp shows a record old enough only that much before
     *                   the cutoff (its time may also be cut to the second)
     * @param maxRecords how many records one file holds at most
     * @param sealer     seals each file; null where the log is only read (the verifier), which never archives
     * @param clock      the time the records' ages are counted by, alone: the machine's running time is not asked
     *                   (it would contradict a clock set to another time) and the disk's room not checked, as
     *                   {@link #of} does for the gateway
     */
    public MessageLogArchive(MessageChain chain, ChainStamps stamps, Path dir, Duration after, Duration stampSkew,
                             int maxRecords, ArchiveSeal sealer, Clock clock) {
        this(chain, stamps, dir, after, stampSkew, maxRecords, sealer, clock, Optional::empty, null);
    }

    /**
     * @param machine the machine's boot and uptime ({@link MachineUptime#now}, or a test's)
     * @param disk    the store's disk, whose kept free space the files may not take; null: not checked
     */
    MessageLogArchive(MessageChain chain, ChainStamps stamps, Path dir, Duration after, Duration stampSkew,
                      int maxRecords, ArchiveSeal sealer, Clock clock,
                      Supplier<Optional<MachineUptime.Reading>> machine, StoreDisk disk) {
        if (after.isNegative() || maxRecords < 1) {
            throw new IllegalArgumentException("qaqpa.log.archive.after must not be negative and .max-records at"
                    + " least 1: " + after + ", " + maxRecords);
        }
        this.chain = chain;
        this.stamps = stamps;
        this.dir = dir.toAbsolutePath();
        this.after = after;
        this.stampSkew = stampSkew;
        this.maxRecords = maxRecords;
        this.clock = clock;
        this.sealer = sealer;
        this.runs = new ArchiveRuns(clock);
        this.witnesses = new ArchiveWitnesses(this.dir, machine);
        this.disk = disk;
    }

    /** What the runs did (health and metrics). */
    public ArchiveRuns runs() {
        return runs;
    }

    /**
     * As the settings say: qaqpa.log.archive.dir, .after and .max-records; {@code sealer} as for the constructor,
     * {@code disk} the store's (null where the log is only read).
     */
    public static MessageLogArchive of(MessageChain chain, ChainStamps stamps, Settings settings,
                                       ArchiveSeal sealer, Clock clock, StoreDisk disk) {
        return new MessageLogArchive(chain, stamps, Path.of(settings.get("qaqpa.log.archive.dir")),
                settings.duration("qaqpa.log.archive.after"), settings.duration("qaqpa.trust.timestamp-clock-skew"),
                settings.integer("qaqpa.log.archive.max-records"),
                sealer, clock, MachineUptime::now, disk);
    }

    /** What a run did: the files it completed, in order, and how many records left the store. */
    public record Run(List<Path> files, long records) {
        @Override
        public String toString() {
            return records == 0 ? "nothing to archive" : "archived " + records + " records into " + files.size()
                    + " file(s): " + String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList());
        }
    }

    /** The directory the archive files are in. */
    public Path dir() {
        return dir;
    }

    /** Archives every record old enough, a file at a time, and deletes it from the store once its file is whole. */
    public Run run() throws IOException {
        if (sealer == null) {
            throw new IllegalStateException("this message log is only read here: archive runs need the gateway's key");
        }
        try {
            Run run = archive();
            runs.succeeded(run);
            return run;
        } catch (UncheckedIOException e) {
            runs.failed(e.getCause());
            throw e.getCause(); // from the steps below, which run as lambdas
        } catch (IOException | RuntimeException e) {
            runs.failed(e);
            throw e;
        }
    }

    private Run archive() throws IOException {
        Files.createDirectories(dir);
        ArchiveFile.deleteLeftovers(dir);
        Instant before = clock.instant().minus(after);
        long witnessed = witnesses.seenBefore(after, chain);
        List<Path> files = new ArrayList<>();
        long records = 0;
        while (true) {
            MessageChain.Head from = chain.archived();
            Optional<Written> file = unfinished(from).or(() -> write(from, before,
                    Math.max(witnessed, stamps.lastStampedBefore(from.seq(), before.minus(stampSkew)))));
            if (file.isEmpty()) {
                return new Run(files, records);
            }
            records += chain.dropArchived(from, file.get().through(), file.get().file().getFileName().toString(),
                    file.get().seal());
            files.add(file.get().file());
            LOG.info("message log records {} to {} archived into {}", from.seq() + 1, file.get().through().seq(),
                    file.get().file());
        }
    }

    private record Written(Path file, MessageChain.Head through, String seal) {
    }

    /**
     * A whole file a run wrote and could not delete the records of (it crashed, or the store failed): the one that
     * begins right after the archived head. It counts if it ends with the store's own record; one that does not is
     * set aside (renamed, so that it no longer counts) and its records are written again.
     */
    private Optional<Written> unfinished(MessageChain.Head from) {
        try {
            for (Path f : ArchiveFile.list(dir)) {
                if (ArchiveFile.namedFirst(f) == from.seq() + 1) {
                    return finishable(f, from);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Written> finishable(Path f, MessageChain.Head from) throws IOException {
        MessageChain.Head through;
        try (ArchiveFile reader = ArchiveFile.open(f)) {
            through = new MessageChain.Head(reader.last(), reader.lastHash());
            boolean ours = reader.first() == from.seq() + 1 && reader.firstPrevHash().equals(from.hash())
                    && chain.record(through.seq()).map(r -> r.hash().equals(through.hash())).orElse(false);
            if (ours) {
                LOG.warn("{} was written by a run that did not delete its records: deleting them now", f);
                return Optional.of(new Written(f, through, reader.sealHash()));
            }
        } catch (ArchiveFile.Unreadable e) {
            LOG.warn("{} cannot be read: {}", f, e.getMessage());
        }
        Path aside = f.resolveSibling(f.getFileName() + ".not-archived-" + clock.millis());
        Files.move(f, aside, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("{} is not of the store's records after the archived head: set aside as {}", f, aside);
        return Optional.empty();
    }

    /**
     * What the next page's messages may take in the archive directory: its disk's free space, less the space the
     * store keeps free where that is the store's disk (asked once a page: finding a path's disk stats every mount).
     */
    private long roomForThePage() throws IOException {
        return disk == null ? Long.MAX_VALUE : disk.roomUnder(dir);
    }

    /** The run's failure when record {@code r}'s message would take the space kept free: nothing of its file stays. */
    private IOException noRoom(ChainRecord r) {
        return new IOException("no room for message log record " + r.seq() + " (" + r.message().length + " bytes) in "
                + dir + ": it would take the space the store keeps free on its disk (qaqpa.store.min-free-bytes), or"
                + " more than the disk has; nothing archived by this file, its records stay in the store (free space,"
                + " or put qaqpa.log.archive.dir on another disk)");
    }

    /**
     * The seal hash of the file that ends at the archived head {@code from}, which the next file names; NONE at the
     * log's beginning or after a file written before seals. The store notes it with the archived head (V16), so the
     * file may have been moved to other storage; a head archived before V16 is looked up in its file.
     *
     * @throws IOException when the store does not note it and that file is not in the directory
     */
    private String previousSeal(MessageChain.Head from) throws IOException {
        if (from.seq() == 0) {
            return ArchiveSeal.NONE;
        }
        Optional<String> noted = chain.archivedSeal();
        if (noted.isPresent()) {
            return noted.get();
        }
        for (Path f : ArchiveFile.list(dir)) {
            if (ArchiveFile.namedLast(f) == from.seq()) {
                try (ArchiveFile reader = ArchiveFile.open(f)) {
                    if (reader.last() == from.seq() && reader.lastHash().equals(from.hash())) {
                        return reader.sealHash();
                    }
                }
            }
        }
        throw new IOException("the archive file ending at record " + from.seq() + " (the archived head) is not in "
                + dir + ": the next file's seal names its seal; put the archive files back there and run again");
    }

    /**
     * The next file of records logged before {@code before} or up to {@code stampedThrough} (stamped before it, or
     * seen by a run the window ago), whole and named; empty when there is none to write.
     */
    private Optional<Written> write(MessageChain.Head from, Instant before, long stampedThrough) {
        try (ArchiveWriter writer = new ArchiveWriter(dir)) {
            fill(writer, from, before, stampedThrough);
            if (writer.records() == 0) {
                return Optional.empty();
            }
            Path file = writer.finish(chain::certificate, sealer, previousSeal(from));
            return Optional.of(new Written(file, new MessageChain.Head(writer.last(), writer.lastHash()),
                    writer.sealHash()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the records after {@code from}, in order, a page at a time, up to the first that is not due (logged before
     * {@code before} or up to {@code stampedThrough}), that does not follow the one before it, or that the file has no
     * place for.
     */
    private void fill(ArchiveWriter writer, MessageChain.Head from, Instant before, long stampedThrough)
            throws IOException {
        String prevHash = from.hash();
        long expected = from.seq() + 1;
        for (List<ChainRecord> page = chain.boundedPage(from.seq(), PAGE); !page.isEmpty();
             page = chain.boundedPage(page.get(page.size() - 1).seq(), PAGE)) {
            long room = roomForThePage();
            for (ChainRecord r : page) {
                if (writer.records() == maxRecords
                        || r.seq() > stampedThrough && !Instant.parse(r.loggedAt()).isBefore(before)
                        || !follows(r, expected, prevHash)) {
                    return;
                }
                room -= r.message().length;
                if (room < 0) {
                    throw noRoom(r);
                }
                writer.add(r);
                prevHash = r.hash();
                expected++;
            }
        }
    }

    /** Whether record {@code r} is the one expected after the record before it, and whole; logged where not. */
    private static boolean follows(ChainRecord r, long expected, String prevHash) {
        if (r.seq() != expected || !r.prevHash().equals(prevHash) || !r.hash().equals(r.expectedHash())) {
            LOG.error("message log record {} does not follow the record before it or its hash does not"
                    + " match: not archived (verify the log)", r.seq());
            return false;
        }
        return true;
    }
}
