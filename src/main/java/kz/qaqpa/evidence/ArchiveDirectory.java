package kz.qaqpa.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;

/**
 * The directory of the message log's archive files (qaqpa.log.archive.dir, or the verifier's {@code --archives}):
 * the files in chain order, and a record's applications looked up by its number (the file is found by the range its
 * name says; the one opened last stays open, as look-ups come in runs).
 */
final class ArchiveDirectory implements AutoCloseable {
    private final Path dir;
    private ArchiveFile open;

    ArchiveDirectory(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    Path dir() {
        return dir;
    }

    List<Path> files() throws IOException {
        return ArchiveFile.list(dir);
    }

    /** The applications the archived record {@code seq} names; none when no file holds it or it cannot be read. */
    List<String> applicationsOf(long seq) {
        return field(seq, "correlationId").map(ChainRecord::applications).orElse(List.of());
    }

    /** The hash of the archived record {@code seq}; empty when no file holds it or it cannot be read. */
    Optional<String> hashOf(long seq) {
        return field(seq, "hash");
    }

    /** When the archived record {@code seq} was logged; empty when no file holds it or it cannot be read. */
    Optional<Instant> loggedAtOf(long seq) {
        try {
            return field(seq, "loggedAt").map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The archived records naming application {@code correlationId} numbered {@code from} to {@code to}, with their
     * messages; a file that cannot be read gives none (the walk over the files names it).
     */
    List<ChainRecord> recordsOf(String correlationId, long from, long to) {
        List<ChainRecord> found = new ArrayList<>();
        try {
            for (Path f : files()) {
                if (ArchiveFile.namedFirst(f) > to) {
                    break;
                }
                if (ArchiveFile.namedLast(f) < from) {
                    continue; // by its name, before the records asked for: not opened
                }
                try (ArchiveFile reader = ArchiveFile.open(f)) {
                    for (long seq = Math.max(reader.first(), from); seq <= Math.min(reader.last(), to); seq++) {
                        if (reader.applicationsOf(seq).contains(correlationId)) {
                            reader.record(seq).ifPresent(found::add);
                        }
                    }
                } catch (IOException e) {
                    // named by the walk over the files
                }
            }
        } catch (IOException e) {
            // likewise
        }
        return found;
    }

    /** A logged field of the archived record {@code seq} (named as in an export's manifest), from its file. */
    private Optional<String> field(long seq, String name) {
        try {
            if (open == null || seq < open.first() || seq > open.last()) {
                close();
                Path holder = null;
                for (Path f : files()) {
                    if (ArchiveFile.namedFirst(f) <= seq) {
                        holder = f;
                    }
                }
                if (holder == null) {
                    return Optional.empty();
                }
                open = ArchiveFile.open(holder);
            }
            return open.field(seq, name);
        } catch (IOException e) {
            return Optional.empty(); // named as such by the walk over the files
        }
    }

    @Override
    public void close() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
            open = null;
        }
    }
}
