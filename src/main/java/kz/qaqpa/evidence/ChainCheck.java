package kz.qaqpa.evidence;

import java.util.List;
import java.util.Optional;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;

/** Walks the whole message chain in order, checking every record and every link, and then the head. */
final class ChainCheck {
    private static final int PAGE = 200;
    private final MessageChain chain;
    private final RecordCheck records;

    ChainCheck(MessageChain chain, RecordCheck records) {
        this.chain = chain;
        this.records = records;
    }

    Verdict run() {
        long expected = 1;
        String prevHash = ChainRecord.GENESIS;
        for (List<ChainRecord> page = chain.page(0, PAGE); !page.isEmpty();
             page = chain.page(page.get(page.size() - 1).seq(), PAGE)) {
            for (ChainRecord r : page) {
                Optional<String> problem = linkProblem(r, expected, prevHash)
                        .or(() -> records.problem(r, chain.certificate(r.certificateSha256()).orElse(null)));
                if (problem.isPresent()) {
                    return Verdict.bad(expected - 1, r.seq(), problem.get());
                }
                prevHash = r.hash();
                expected++;
            }
        }
        MessageChain.Head head = chain.head();
        if (head.seq() != expected - 1 || !head.hash().equals(prevHash)) {
            return Verdict.bad(expected - 1, expected, "missing: the head names record " + head.seq() + " with hash "
                    + head.hash() + ", but the chain ends at record " + (expected - 1) + " with hash " + prevHash);
        }
        return Verdict.good(expected - 1, head.seq(), head.hash());
    }

    private static Optional<String> linkProblem(ChainRecord r, long expected, String prevHash) {
        if (r.seq() != expected) {
            return Optional.of("expected record " + expected + " here: " + (r.seq() > expected
                    ? "record " + expected + (r.seq() - expected > 1 ? " to " + (r.seq() - 1) : "") + " is missing"
                    : "records are out of order"));
        }
        if (!r.prevHash().equals(prevHash)) {
            return Optional.of("its prevHash " + r.prevHash() + " is not the hash of the record before it (" + prevHash
                    + "): a record before it was changed, removed, inserted or reordered");
        }
        if (!r.hash().equals(r.expectedHash())) {
            return Optional.of("its hash does not match its content: the record was changed");
        }
        return Optional.empty();
    }
}
