package kz.qaqpa.evidence;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p>Each application's first record is looked up in the store once (by correlation_id and message_chain_application)
 * and held against the record itself; at most {@value #REMEMBERED} applications are remembered, so the walk's memory
 * does not grow with the log.
 */
final class FirstRecords {
    private static final int REMEMBERED = 10_000;
    private final MessageChain chain;
    /** The first record of the applications met lately (least recently used forgotten first). */
    private final Map<String, Long> firsts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    FirstRecords(MessageChain chain) {
        this.chain = chain;
    }

    /** What is wrong with the record's bindings, or empty; the record and those before it have verified. */
    Optional<String> problem(ChainRecord r) {
        if (r.hashVersion() < 3) {
            return Optional.empty(); // earlier versions bind no first record
        }
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
        if (bound.isEmpty()) {
            return Optional.of("it is of hash version 3 but does not bind the first record of application " + id);
        }
        Long first = firsts.get(id);
        if (first == null) {
            OptionalLong found = chain.firstNaming(id);
            if (found.isEmpty() || found.getAsLong() > r.seq()) {
                return Optional.of("it names application " + id + ", but the store's index of the application's"
                        + " records (message_chain_application) does not list it");
            }
            if (found.getAsLong() != r.seq() && !names(found.getAsLong(), id)) {
                return Optional.of("the store's index (message_chain_application) lists record " + found.getAsLong()
                        + " among the records of application " + id + ", but that record does not name it");
            }
            first = found.getAsLong();
            firsts.put(id, first);
        }
        return mismatch(r, id, bound.getAsLong(), first);
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
        return chain.record(seq).map(r -> ChainRecord.applications(r.correlationId()).contains(id)).orElse(false);
    }
}
