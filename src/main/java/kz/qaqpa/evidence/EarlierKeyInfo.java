package kz.qaqpa.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records of one walk over the log whose transport KeyInfo today's rule refuses and the rule before session 39
 * took ({@code EnvelopeVerifier.verifyLogged}): counted, the first few named with today's words, for the verdict's
 * note. No record says which version took it (no migration marks them), so the verdict says which were judged so.
 */
final class EarlierKeyInfo {
    /** How many records the note names; the rest are counted (what a walk remembers does not grow with the log). */
    private static final int NAMED = 5;
    private final List<String> named = new ArrayList<>();
    private long count;

    /** Record {@code seq} judged by the earlier rule; {@code refusedToday}: why today's rule refuses its KeyInfo. */
    void judged(long seq, String refusedToday) {
        count++;
        if (named.size() < NAMED) {
            named.add("record " + seq + " (today: " + Verdict.printable(refusedToday) + ")");
        }
    }

    /** What the verdict says of them, or empty when there were none. */
    Optional<String> note() {
        return count == 0 ? Optional.empty() : Optional.of(count + " record(s) judged by the transport KeyInfo rule"
                + " before session 39, which took them (the first certificate, read as then, is the one logged and"
                + " verifies the signature; today's rule refuses the KeyInfo): " + String.join(", ", named)
                + (count > named.size() ? " and " + (count - named.size()) + " more" : ""));
    }
}
