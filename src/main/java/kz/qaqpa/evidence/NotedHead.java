package kz.qaqpa.evidence;

import java.util.Locale;
import java.util.Optional;

/**
 * A head the operator noted outside the store ({@code seq:hash}, as the verification prints it; a bare hash names the
 * record by its hash alone). A later verification checks that the chain still passes through that record with that
 * hash, however much the log has grown since: rewriting the chain before it and re-hashing cannot keep it.
 *
 * @param seq the noted record's number, or 0 when only the hash was noted
 */
record NotedHead(long seq, String hash) {

    /** Parses the form the verification prints ({@code 1843:e5fa…}) or a bare hash; refuses anything else. */
    static NotedHead parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        String hash = parts[parts.length - 1];
        if (parts.length > 2 || !hash.matches("[0-9a-f]{64}")
                || (parts.length == 2 && !parts[0].matches("[1-9][0-9]{0,17}"))) {
            throw new IllegalArgumentException("a noted head is SEQ:HASH (e.g. 1843:e5fa…, 64 hex digits) or the hash"
                    + " alone, not '" + text + "'");
        }
        return new NotedHead(parts.length == 2 ? Long.parseLong(parts[0]) : 0, hash);
    }

    /** Whether the chain passes through the noted head at this record: its number (if noted) and its hash. */
    boolean passedBy(long recordSeq, String recordHash) {
        return (seq == 0 || seq == recordSeq) && hash.equals(recordHash);
    }

    /** Whether this record is the one noted by number but now carries another hash (the chain was rewritten). */
    boolean contradictedBy(long recordSeq, String recordHash) {
        return seq == recordSeq && !hash.equals(recordHash);
    }

    /** Why this stored or archived record contradicts the noted head ({@link #contradictedBy}), or empty. */
    Optional<String> rewrittenAt(long recordSeq, String recordHash) {
        return contradictedBy(recordSeq, recordHash) ? Optional.of("its hash " + recordHash + " is not the noted "
                + hash + ": the chain was rewritten at or before it and re-hashed") : Optional.empty();
    }

    /** Why a head noted past the store's last record is not there (a store, not an export, was walked). */
    static final String PAST_THE_STORE = "the log is shorter than when it was noted (a store restored from a backup"
            + " taken before the note, or records removed)";
    /** Why a head noted past the archive files' last record is not there (verified without the store). */
    static final String PAST_THE_ARCHIVES = "the archive files end before it (later records are in the store: verify"
            + " with the store), or the log is shorter than when it was noted";
    /** Why a head noted past an export's last record is not there. */
    static final String PAST_THE_EXPORT = "this export is older than the note (export the application again)";

    /**
     * Why the noted head could not be found in the records walked ({@code first} to {@code last}); {@code past}
     * says why when it was noted past them, in the words of what was walked (ops43: a restored store was told it
     * was an export).
     */
    String notFound(long first, long last, String past) {
        return "the noted head " + this + " is not among records " + first + " to " + last + (seq == 0 ? ""
                : seq > last ? ": " + past
                : ": it lies before them, so this check cannot show it (export the application again, or verify the"
                + " whole log)");
    }

    @Override
    public String toString() {
        return (seq == 0 ? "" : seq + ":") + hash;
    }
}
