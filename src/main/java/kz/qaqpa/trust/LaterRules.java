package kz.qaqpa.trust;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import kz.qaqpa.fault.ShepException;

/**
 * The rules the gateway added after it had logged messages they refuse, as one check applies them: a message or
 * document arriving is refused by each ({@link #refusing}); one the message log holds was taken by the gateway of its
 * time, which may have had no such rule, so the message log's checks note what each refuses and go on with the rest of
 * the check ({@link #noting}): the signature is still verified with the same key, every other rule still refuses.
 * No record says which version took it, so the verdict names such records; the store notes from which record on it
 * ran each rule ({@code store.RulesInForce}), and a record after that the rule refuses was taken by no gateway.
 */
public final class LaterRules {
    /** Each rule, by the session that added it. */
    public enum Rule {
        /** session 39 (chain28, review39b): the transport KeyInfo holds the sender's certificate alone, as written */
        KEY_INFO,
        /** session 65 (attack65): no other element carries an id the transport signature references */
        ID_CARRIERS,
        /** session 66 (attack66): a document's SignatureMethod is of its signer key's family ({@link KeyFamily}) */
        KEY_FAMILY,
        /** session 67 (attack67): a signer's certificate was not issued for another purpose only (its EKU) */
        PURPOSE,
        /** session 68 (purpose68, review68b 1): nor is a message signer's a TLS server's naming clientAuth too */
        TLS_SERVER,
        /** session 69 (attack69, review69b 7): a signer's certificate names one ИИН and one БИН at most */
        ONE_SIGNER
    }

    /** Null when refusing: nothing is noted. */
    private final Map<Rule, String> refused;

    private LaterRules(Map<Rule, String> refused) {
        this.refused = refused;
    }

    /** Each rule refuses, as for whatever arrives. */
    public static LaterRules refusing() {
        return new LaterRules(null);
    }

    /** Each rule's refusal is noted (a logged record's check): one for one record. */
    public static LaterRules noting() {
        return new LaterRules(new EnumMap<>(Rule.class));
    }

    /** Runs {@code check}, which throws only for {@code rule}: its refusal thrown, or noted when noting. */
    void apply(Rule rule, Runnable check) {
        try {
            check.run();
        } catch (ShepException e) {
            if (refused == null) {
                throw e;
            }
            refused.put(rule, e.getMessage());
        }
    }

    /** {@code rule} refused what an earlier reading took, in {@code words} ({@link TokenReference#loggedSigner}). */
    void note(Rule rule, String words) {
        if (refused == null) {
            throw new IllegalStateException("a refusing check takes nothing by an earlier rule");
        }
        refused.put(rule, words);
    }

    /** What each rule refused, in today's words (empty when refusing, or when none did). */
    public Map<Rule, String> refused() {
        return refused == null ? Map.of() : Collections.unmodifiableMap(refused);
    }
}
