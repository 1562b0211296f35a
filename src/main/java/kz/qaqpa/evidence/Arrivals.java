package kz.qaqpa.evidence;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * Where the documents the gateway passed on arrived, as one walk over the log reads it (the store with its archive
 * files, the archive files alone, or an application's export): an application's earlier records and what the log's
 * time-stamps show of them. Asked only for a document whose signer's certificate had ended by the record passing it
 * on (rare), so each look-up reads what it needs. It also counts the documents judged at their arrival, for the
 * verdict's note.
 */
abstract class Arrivals {
    private long byStamp;
    private long byRecord;

    /**
     * The records naming application {@code correlationId} numbered from {@code from} to before {@code before}, with
     * their messages, in order; those that cannot be read are left out (the walk names an unreadable file itself).
     */
    abstract List<ChainRecord> records(String correlationId, long from, long before);

    /** Where application {@code correlationId}'s records begin, when no record of hash version 3 binds it. */
    long firstOf(String correlationId) {
        return 1;
    }

    /** When a time-stamp of the chain shows record {@code seq} existed (the first stamp from it on), or empty. */
    Optional<Instant> stampedBy(long seq) {
        return Optional.empty();
    }

    /** A document judged at {@code arrival}, counted for {@link #note}. */
    void judged(DocumentArrival arrival) {
        if (arrival.stamped()) {
            byStamp++;
        } else {
            byRecord++;
        }
    }

    /** What the verdict says of the documents judged at their arrival, or empty when there were none. */
    Optional<String> note() {
        long all = byStamp + byRecord;
        return all == 0 ? Optional.empty() : Optional.of(all + " document(s) passed on after their signer's"
                + " certificate ended were judged at their arrival: " + byStamp + " at a time-stamp of the record that"
                + " brought them, " + byRecord + " at that record's own time");
    }

    /** None: every document whose certificate ended before the record passing it on is named. */
    static Arrivals none() {
        return new Arrivals() {
            @Override
            List<ChainRecord> records(String correlationId, long from, long before) {
                return List.of();
            }
        };
    }

    /**
     * The store's records, those archived from the archive files, and the chain's time-stamps as {@code stamps} holds
     * them against it.
     */
    static Arrivals inStore(MessageChain chain, StampCheck stamps, ArchiveDirectory archives) {
        return new Arrivals() {
            @Override
            List<ChainRecord> records(String correlationId, long from, long before) {
                long archived = chain.archived().seq();
                List<ChainRecord> found = new ArrayList<>(from <= archived
                        ? archives.recordsOf(correlationId, from, Math.min(archived, before - 1)) : List.of());
                chain.ofApplication(correlationId).stream().filter(r -> r.seq() >= from && r.seq() < before)
                        .forEach(found::add);
                return found;
            }

            @Override
            long firstOf(String correlationId) {
                return chain.notedFirst(correlationId).orElse(1);
            }

            @Override
            Optional<Instant> stampedBy(long seq) {
                return stamps.existedBy(seq, archives);
            }
        };
    }

    /** The archive files alone (no store, so no time-stamps of records). */
    static Arrivals inArchives(ArchiveDirectory archives) {
        return new Arrivals() {
            @Override
            List<ChainRecord> records(String correlationId, long from, long before) {
                return archives.recordsOf(correlationId, from, before - 1);
            }
        };
    }

    /**
     * An export's own records, their messages read from it, and its one time-stamp ({@code stamp}, null when it has
     * none): the first stamp from the application's last record on, whose links reach every record before it, so it
     * shows that an arrival existed at its time as a stamp of the store does (session 32: before, the records' own
     * times were taken). It is later than a stamp of the store from the arrival on may be, so it shows less.
     */
    static Arrivals inExport(TreeMap<Long, ChainRecord> records, ExportEntries entries, LinkWalk.Stamp stamp,
                             TrustSetup.TrustedCertificates trusted) {
        return new Arrivals() {
            private Optional<Instant> stamped;

            @Override
            Optional<Instant> stampedBy(long seq) {
                if (stamp == null || seq > stamp.seq()) {
                    return Optional.empty();
                }
                if (stamped == null) {
                    stamped = stamp.statedTime(trusted);
                }
                return stamped;
            }

            @Override
            List<ChainRecord> records(String correlationId, long from, long before) {
                List<ChainRecord> found = new ArrayList<>();
                for (Map.Entry<Long, ChainRecord> e : records.subMap(from, before).entrySet()) {
                    if (ChainRecord.applications(e.getValue().correlationId()).contains(correlationId)) {
                        withMessage(entries, e.getKey(), e.getValue()).ifPresent(found::add);
                    }
                }
                return found;
            }

            @Override
            long firstOf(String correlationId) {
                return records.isEmpty() ? 1 : records.firstKey();
            }
        };
    }

    /** The export's record {@code r}, listed as {@code seq}, with its message, or empty where none can be read. */
    private static Optional<ChainRecord> withMessage(ExportEntries entries, long seq, ChainRecord r) {
        try {
            return Optional.ofNullable(entries.message(seq)).map(r::withMessage);
        } catch (IOException unreadable) {
            return Optional.empty(); // the walk names a record whose message is missing when it reaches it
        }
    }
}
