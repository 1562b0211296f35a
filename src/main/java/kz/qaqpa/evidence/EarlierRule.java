package kz.qaqpa.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.qaqpa.trust.LaterRules;

/**
 * The records of one walk over the log that a rule of today refuses and an earlier rule took
 * ({@code EnvelopeVerifier.verifyLogged}): counted, the first few named with today's words, for the verdict's note.
 * No record says which version took it, so the verdict says which were judged so; only records logged (and archive
 * files sealed) before the store ran the rule are, where the store is at hand ({@link RecordCheck#boundedBy}).
 */
final class EarlierRule {
    /** How many records the note names; the rest are counted (what a walk remembers does not grow with the log). */
    private static final int NAMED = 5;
    /** What the note says of the rule and why such a record is taken: after "N record(s) judged by ". */
    private final String rule;
    private final List<String> named = new ArrayList<>();
    private long records;
    /** Archive files sealed with a certificate the rule refuses (a gateway's own, before the rule). */
    private long seals;

    private EarlierRule(String rule) {
        this.rule = rule;
    }

    /** The records a walk finds refused by {@code later} alone, which the gateway took before that rule. */
    static EarlierRule before(LaterRules.Rule later) {
        return new EarlierRule(switch (later) {
            // records whose transport KeyInfo today's rule refuses (chain28, review39b)
            case KEY_INFO -> "the transport KeyInfo rule before session 39, which took them (the first certificate,"
                    + " read as then, is the one logged and verifies the signature; today's rule refuses the KeyInfo)";
            // attack66 (review65b attack65 2): a second element carrying an id the transport signature references
            case ID_CARRIERS -> "the referenced-id rule before session 65, which took them (accepted then, refused by"
                    + " today's rule: the signature verifies over the Body it names; today's rule refuses another"
                    + " element carrying its id)";
            // earlier68 (review67 3): a passed-on document's SignatureMethod of another family than its key (attack66)
            case KEY_FAMILY -> "the document signature rule before session 66, which took them (accepted then, refused"
                    + " by today's rule: the document's signature verifies with its certificate's key; today's rule"
                    + " refuses a SignatureMethod of another family than that key)";
            // earlier68 (attack67's Left): a signer's certificate whose extended key usage names only another purpose
            case PURPOSE -> "the certificate purpose rule before session 67, which took them (accepted then, refused by"
                    + " today's rule: the signature verifies and the certificate chains to a trusted root; today's rule"
                    + " refuses a certificate issued for another purpose only)";
            // review68b 1: a message signer's TLS server certificate naming clientAuth too, which session 67 took
            case TLS_SERVER -> "the certificate purpose rule before session 68, which took them (accepted then, refused"
                    + " by today's rule: the signature verifies and the certificate chains to a trusted root; today's"
                    + " rule refuses a TLS server's certificate naming clientAuth too as a message's signer)";
            // review69b 7: a signer's certificate naming two different ИИН or БИН (attack69)
            case ONE_SIGNER -> "the one-signer rule before session 69, which took them (accepted then, refused by"
                    + " today's rule: the signature verifies and the certificate chains to a trusted root; today's rule"
                    + " refuses a certificate naming two different ИИН or БИН)";
        });
    }

    /** Record {@code seq} judged by the earlier rule; {@code refusedToday}: why today's rule refuses it. */
    void judged(long seq, String refusedToday) {
        records++;
        name("record " + seq, refusedToday);
    }

    /** Archive file {@code file}'s seal judged by the earlier rule; {@code refusedToday}: why today's rule refuses it. */
    void judgedSeal(String file, String refusedToday) {
        seals++;
        name("the seal of archive file " + file, refusedToday);
    }

    private void name(String what, String refusedToday) {
        if (named.size() < NAMED) {
            named.add(what + " (today: " + Verdict.printable(refusedToday) + ")");
        }
    }

    /** What the verdict says of them, or empty when there were none. */
    Optional<String> note() {
        long count = records + seals;
        String judged = (records == 0 ? "" : records + " record(s)") + (records > 0 && seals > 0 ? " and " : "")
                + (seals == 0 ? "" : seals + " archive seal(s)");
        return count == 0 ? Optional.empty() : Optional.of(judged + " judged by " + rule + ": "
                + String.join(", ", named) + (count > named.size() ? " and " + (count - named.size()) + " more" : ""));
    }
}
