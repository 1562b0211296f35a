package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import kz.qaqpa.MachineUptime;
import kz.qaqpa.store.MessageChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's heads the archive runs saw, each with how long the machine is known to have run since
 * ({@link MachineUptime}: in the same boot exactly, across a reboot the time since it, added up over reboots): every
 * record up to a head seen is at least that old by the true time, whatever the system clock said when it was logged.
 * So records logged while the clock was ahead (a false NTP source) leave the store once the machine has run the
 * archive window since a run saw them, with no time-stamping authority; they are never taken younger than the window
 * (the machine's time off only makes them wait longer), and never held for ever (the machine's running time grows).
 * Without the machine's readings (not Linux, /proc hidden) nothing is witnessed and they wait for the clock, as before.
 *
 * <p>A head is its number and its hash (the chain record's own): a store restored from a backup or recreated under the
 * same archive directory numbers its records again, so a number seen long ago may stand for a record logged a minute
 * ago. A head counts only while the store's record of that number has that hash (the same hash there is the same
 * chain up to it); any other is dropped and its records are witnessed again from now (session 32).
 *
 * <p>Kept in {@link #FILE} in the archive directory, one line a head ({@code seq ageMillis bootId sinceBootMillis hash}),
 * replaced whole at each run; lost or unreadable, the witnessing starts again (records only wait longer). A line
 * without a hash (written before session 32) is dropped likewise: it cannot show which record it saw. Heads already
 * archived are dropped, and of those old enough only the newest is kept, so it holds about the window's runs.
 */
final class ArchiveWitnesses {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWitnesses.class);
    /** Named apart from the archive files' pattern, which the verifier and the export list. */
    static final String FILE = "archive-witnesses.txt";
    /** The fields of a line before session 32, without the head's hash. */
    private static final int HASHLESS_FIELDS = 4;
    private final Path file;
    private final Supplier<Optional<MachineUptime.Reading>> machine;

    ArchiveWitnesses(Path dir, Supplier<Optional<MachineUptime.Reading>> machine) {
        this.file = dir.resolve(FILE);
        this.machine = machine;
    }

    /**
     * A head seen: its number and hash (null on a line written without it), how old it was known to be at {@code then},
     * and the machine's reading then.
     */
    private record Seen(long seq, String hash, Duration age, MachineUptime.Reading then) {
        Seen aged(MachineUptime.Reading now) {
            return new Seen(seq, hash, age.plus(MachineUptime.knownElapsed(Optional.of(then), Optional.of(now))), now);
        }

        /** Whether the store's record {@code seq} is the one seen: it has the hash seen. */
        boolean ofThe(MessageChain chain) {
            return hash != null && chain.hashOf(seq).equals(Optional.of(hash));
        }

        String line() {
            return seq + " " + age.toMillis() + " " + then.bootId() + " " + then.sinceBoot().toMillis() + " " + hash;
        }
    }

    /**
     * The last head of {@code chain} seen at least {@code window} ago by the machine's running time (0 when none),
     * having noted its head as seen now and dropped the heads archived or not of its records.
     */
    long seenBefore(Duration window, MessageChain chain) {
        Optional<MachineUptime.Reading> now = machine.get();
        if (now.isEmpty()) {
            return 0;
        }
        MessageChain.Head head = chain.head();
        long archived = chain.archived().seq();
        List<Seen> aged = ofTheStore(chain, archived).stream().map(s -> s.aged(now.get())).toList();
        long through = 0;
        List<Seen> kept = new ArrayList<>();
        for (Seen s : aged) {
            if (s.age().compareTo(window) >= 0) {
                through = Math.max(through, s.seq());
                kept.clear(); // an older one shows no more than this one
            }
            kept.add(s);
        }
        if (head.seq() > archived && (kept.isEmpty() || kept.get(kept.size() - 1).seq() < head.seq())) {
            kept.add(new Seen(head.seq(), head.hash(), Duration.ZERO, now.get()));
        }
        write(kept);
        return through;
    }

    /** The heads seen that are the store's records after the archived head {@code archived}. */
    private List<Seen> ofTheStore(MessageChain chain, long archived) {
        List<Seen> seen = read().stream().filter(s -> s.seq() > archived).toList();
        List<Seen> ours = seen.stream().filter(s -> s.ofThe(chain)).toList();
        if (ours.size() < seen.size()) {
            LOG.warn("{}: {} head(s) seen are not the store's records of their numbers (a store restored or recreated"
                    + " under this archive directory, or a line written without the head's hash): their records are"
                    + " witnessed again from now", file, seen.size() - ours.size());
        }
        return ours;
    }

    private List<Seen> read() {
        List<Seen> seen = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return seen;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                if (f.length != HASHLESS_FIELDS && f.length != HASHLESS_FIELDS + 1) {
                    throw new IllegalArgumentException("not a line of heads seen: '" + line + "'");
                }
                seen.add(new Seen(Long.parseLong(f[0]), f.length == HASHLESS_FIELDS ? null : f[HASHLESS_FIELDS],
                        Duration.ofMillis(Long.parseLong(f[1])),
                        new MachineUptime.Reading(f[2], Duration.ofMillis(Long.parseLong(f[3])))));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} cannot be read ({}): the heads the archive runs saw are witnessed again from now", file,
                    e.toString());
            return new ArrayList<>();
        }
        return seen;
    }

    /** Replaces the file whole (a reader sees the old one or the new one). */
    private void write(List<Seen> seen) {
        Path partial = file.resolveSibling("." + FILE + ArchiveFile.PARTIAL);
        try {
            Files.writeString(partial, String.join("\n", seen.stream().map(Seen::line).toList()),
                    StandardCharsets.US_ASCII);
            FileReplacement.moveIntoPlace(partial, file);
        } catch (IOException e) {
            LOG.warn("{} cannot be written ({}): records logged while the clock was ahead wait for the clock", file,
                    e.toString());
        }
    }
}
