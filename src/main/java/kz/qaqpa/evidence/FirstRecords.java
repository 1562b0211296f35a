package kz.qaqpa.evidence;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/**
 * Along the whole-log walk ({@link ChainCheck}): every record of hash version 3 binds, for each application it names,
 * the number of the application's first record ({@link ChainRecord#firstRecordOf}), and that must be the first record
 * of the chain that names the application. An export checks this for its own application ({@link LinkWalk}), the
 * whole log for all of them: an application re-bound to a later first record, the chain re-hashed after it, is a
 * consistent chain, and an export that then leaves out the records before that one verifies.
 *
 * <p>The gateway binds each record to the first record that {@code message_chain_first} notes for the application
 * (and notes the record itself when there is none), so that table is checked too: every application a record names
 * has its row there, noting its true first record ({@link #problem}), and after the walk every row of the table notes
 * a record that names its application and is the first to ({@link #tableProblem}). A row changed there, or planted for
 * an application still to come, would otherwise show only once a record bound by it was written.
 *
 * <p>Each application's first record is looked up in the store once (by correlation_id and message_chain_application)
 * and held against the record itself; at most {@value #REMEMBERED} applications are remembered, and the table is read
 * a page at a time, so memory does not grow with the log.
 */
final class FirstRecords {
    private static final int REMEMBERED = 10_000;
    private static final int PAGE = 500;
    private static final String TABLE = "message_chain_first";
    private final MessageChain chain;
    /** The first record of the applications met lately; one forgotten is looked up and checked again. */
    private final Map<String, Long> firsts = Caffeine.newBuilder().maximumSize(REMEMBERED)
            .executor(Runnable::run).<String, Long>build().asMap();

    private final ArchiveDirectory archives;
    /** The last archived record: an application whose first record is at or before it began in an archive file. */
    private final long archivedSeq;

    FirstRecords(MessageChain chain, ArchiveDirectory archives, long archivedSeq) {
        this.chain = chain;
        this.archives = archives;
        this.archivedSeq = archivedSeq;
    }

    /** What is wrong with the record's bindings, or empty; the record and those before it have verified. */
    Optional<String> problem(ChainRecord r) {
        for (String id : new LinkedHashSet<>(ChainRecord.applications(r.correlationId()))) {
            Optional<String> problem = problem(r, id);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> problem(ChainRecord r, String id) {
        OptionalLong bound = r.firstRecordOf(id);
        if (r.hashVersion() >= 3 && bound.isEmpty()) {
            return Optional.of("it is of hash version 3 but does not bind the first record of application " + id);
        }
        First first = firstOf(r, id);
        if (first.problem() != null) {
            return Optional.of(first.problem());
        }
        // earlier versions bind no first record
        return r.hashVersion() < 3 ? Optional.empty() : mismatch(r, id, bound.getAsLong(), first.seq());
    }

    /** An application's first record, or what is wrong with the store's account of it. */
    private record First(long seq, String problem) {
        static First of(long seq) {
            return new First(seq, null);
        }

        static First bad(String problem) {
            return new First(0, problem);
        }
    }

    /** The application's first record: remembered, or looked up, checked and then remembered. */
    private First firstOf(ChainRecord r, String id) {
        Long known = firsts.get(id);
        if (known != null) {
            return First.of(known);
        }
        OptionalLong archivedFirst = archivedSeq > 0 ? chain.notedFirst(id) : OptionalLong.empty();
        First first = archivedFirst.isPresent() && archivedFirst.getAsLong() <= archivedSeq
                ? archivedFirst(id, archivedFirst.getAsLong()) : firstNaming(r, id);
        if (first.problem() == null) {
            firsts.put(id, first.seq());
        }
        return first;
    }

    /** The application began in an archive file: its row must note a record there that names it. */
    private First archivedFirst(String id, long noted) {
        return archives.applicationsOf(noted).contains(id) ? First.of(noted)
                : First.bad(TABLE + " notes the archived record " + noted + " as the first record of application "
                + id + ", but no archive file holds that record naming it");
    }

    /** The first record the store's index lists for the application, held against the record and its row. */
    private First firstNaming(ChainRecord r, String id) {
        OptionalLong found = chain.firstNaming(id);
        if (found.isEmpty() || found.getAsLong() > r.seq()) {
            return First.bad("it names application " + id + ", but the store's index of the application's"
                    + " records (message_chain_application) does not list it");
        }
        long first = found.getAsLong();
        if (first != r.seq() && !names(first, id)) {
            return First.bad("the store's index (message_chain_application) lists record " + first
                    + " among the records of application " + id + ", but that record does not name it");
        }
        return notedProblem(id, first).map(First::bad).orElseGet(() -> First.of(first));
    }

    /** Why the application's row in message_chain_first is not its first record {@code first}, or empty. */
    private Optional<String> notedProblem(String id, long first) {
        OptionalLong noted = chain.notedFirst(id);
        if (noted.isEmpty()) {
            return Optional.of("it names application " + id + ", which has no row in " + TABLE + ": the gateway"
                    + " would bind the application's next record to itself as its first");
        }
        return noted.getAsLong() == first ? Optional.empty() : Optional.of(TABLE + " notes record "
                + noted.getAsLong() + " as the first record of application " + id + ", but record " + first
                + " is: the gateway binds the application's next records to the record noted there");
    }

    /**
     * After the walk up to {@code headSeq}: what is wrong with a row of message_chain_first, or empty. A row whose
     * application the walk met was held against its true first record there; here each row must note a record up to
     * the head that names its application and is the first to (a row for an application no record names, planted for
     * one to come, is found here only).
     */
    Optional<String> tableProblem(long headSeq) {
        for (List<MessageChain.NotedFirst> page = chain.notedFirsts("", PAGE); !page.isEmpty();
             page = chain.notedFirsts(page.get(page.size() - 1).correlationId(), PAGE)) {
            for (MessageChain.NotedFirst row : page) {
                Optional<String> problem = rowProblem(row, headSeq);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> rowProblem(MessageChain.NotedFirst row, long headSeq) {
        Long first = firsts.get(row.correlationId());
        if (first != null && first == row.seq()) {
            return Optional.empty(); // met on the walk, and its row checked there
        }
        if (row.seq() <= archivedSeq) {
            return Optional.empty(); // an archived application's: held against its archive when a record names it
        }
        String noted = TABLE + " notes record " + row.seq() + " as the first record of application "
                + row.correlationId() + ", but ";
        if (row.seq() > headSeq && row.seq() > chain.head().seq()) {
            return Optional.of(noted + "it lies beyond the head (record " + headSeq + "): the row was added without"
                    + " the gateway");
        }
        if (!chain.applicationsOf(row.seq()).contains(row.correlationId())) {
            return Optional.of(noted + "that record does not name the application: the row was changed or added"
                    + " without the gateway, and the application's records would be bound to it");
        }
        OptionalLong found = chain.firstNaming(row.correlationId());
        if (found.isEmpty() || found.getAsLong() > row.seq()) {
            return Optional.of(noted + "the store's index of the application's records (message_chain_application)"
                    + " does not list that record");
        }
        return found.getAsLong() == row.seq() ? Optional.empty()
                : Optional.of(noted + "record " + found.getAsLong() + ", earlier, is the first to name it");
    }

    /** Why the record's binding {@code bound} is not the application's first record {@code first}, or empty. */
    private Optional<String> mismatch(ChainRecord r, String id, long bound, long first) {
        if (bound == first) {
            return Optional.empty();
        }
        if (bound > first) {
            return Optional.of(first == r.seq()
                    ? "it is the first record of application " + id + ", but binds record " + bound + " as its first"
                    : "it binds record " + bound + " as the first record of application " + id + ", but record "
                    + first + ", earlier, is the first to name it");
        }
        return Optional.of(names(bound, id)
                ? "it binds record " + bound + " as the first record of application " + id + ", which names it, but"
                + " the store's index of the application's records (message_chain_application) does not list it"
                : "it binds record " + bound + " as the first record of application " + id + ", but record " + bound
                + " does not name the application (its first record is " + first + ")");
    }

    private boolean names(long seq, String id) {
        return chain.applicationsOf(seq).contains(id);
    }
}
