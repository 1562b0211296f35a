package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import kz.qaqpa.store.MachineUptime;
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
 * <p>Kept in {@link #FILE} in the archive directory, one line a head ({@code seq ageMillis bootId sinceBootMillis}),
 * replaced whole at each run; lost or unreadable, the witnessing starts again (records only wait longer). Heads already
 * archived are dropped, and of those old enough only the newest is kept, so it holds about the window's runs.
 */
final class ArchiveWitnesses {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWitnesses.class);
    /** Named apart from the archive files' pattern, which the verifier and the export list. */
    static final String FILE = "archive-witnesses.txt";
    private final Path file;
    private final Supplier<Optional<MachineUptime.Reading>> machine;

    ArchiveWitnesses(Path dir, Supplier<Optional<MachineUptime.Reading>> machine) {
        this.file = dir.resolve(FILE);
        this.machine = machine;
    }

    /** A head seen: its number, how old it was known to be at {@code then}, and the machine's reading then. */
    private record Seen(long seq, Duration age, MachineUptime.Reading then) {
        Seen aged(MachineUptime.Reading now) {
            return new Seen(seq, age.plus(MachineUptime.knownElapsed(Optional.of(then), Optional.of(now))), now);
        }

        String line() {
            return seq + " " + age.toMillis() + " " + then.bootId() + " " + then.sinceBoot().toMillis();
        }
    }

    /**
     * The last head seen at least {@code window} ago by the machine's running time (0 when none), having noted
     * {@code head} as seen now and dropped the heads at or before {@code archived}.
     */
    long seenBefore(Duration window, long head, long archived) {
        Optional<MachineUptime.Reading> now = machine.get();
        if (now.isEmpty()) {
            return 0;
        }
        List<Seen> aged = read().stream().map(s -> s.aged(now.get())).filter(s -> s.seq() > archived).toList();
        long through = 0;
        List<Seen> kept = new ArrayList<>();
        for (Seen s : aged) {
            if (s.age().compareTo(window) >= 0) {
                through = Math.max(through, s.seq());
                kept.clear(); // an older one shows no more than this one
            }
            kept.add(s);
        }
        if (head > archived && (kept.isEmpty() || kept.get(kept.size() - 1).seq() < head)) {
            kept.add(new Seen(head, Duration.ZERO, now.get()));
        }
        write(kept);
        return through;
    }

    private List<Seen> read() {
        List<Seen> seen = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return seen;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                seen.add(new Seen(Long.parseLong(f[0]), Duration.ofMillis(Long.parseLong(f[1])),
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
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("{} cannot be written ({}): records logged while the clock was ahead wait for the clock", file,
                    e.toString());
        }
    }
}
