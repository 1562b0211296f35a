package kz.qaqpa.trust;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest revocation answer read for each key (attack25: a CRL scope in {@link CrlClient}, a certificate in
 * {@link OcspClient}), so that an older one is not used in its place; and its mark, kept in the store (revstate26), so
 * that a restart does not forget it. A key first met since the start is looked up in the store once; a mark is written
 * only when it advances (an answer fetched anew after the cache time, the same as before, writes nothing). trust27: it
 * is written outside any lock (a write waits for the store's group commit; fetches of other keys no longer queue behind
 * it), and the store's write is monotonic itself ({@link RevocationMarks#keep}), so a late writer of an older mark does
 * not replace a newer one. The store failing is logged and changes nothing here: what was read since the start still
 * holds.
 *
 * @param <K> what an answer is about
 * @param <A> the answer
 */
final class NewestAnswers<K, A> {
    private static final Logger LOG = LoggerFactory.getLogger(NewestAnswers.class);

    /**
     * The newest known for a key: its mark, and the answer itself where read since the start (null: the mark only, as
     * the store kept it); {@code stored} once the store holds that mark.
     */
    record Known<A>(RevocationMark mark, A answer, boolean stored) {
    }

    private final String kind;
    private final Function<K, String> identity;
    private final Function<A, RevocationMark> markOf;
    private final Map<K, Known<A>> newest;
    private volatile RevocationMarks store = RevocationMarks.NONE;

    /**
     * @param kind     the store's name for the kind of key (crl, ocsp)
     * @param identity what the key names, as text (its SHA-256 is the stored key)
     * @param newest   the map the answers are kept in (bounded or not)
     */
    NewestAnswers(String kind, Function<K, String> identity, Function<A, RevocationMark> markOf, Map<K, Known<A>> newest) {
        this.kind = kind;
        this.identity = identity;
        this.markOf = markOf;
        this.newest = newest;
    }

    /** From now on the marks are read from and kept in {@code marks} (the gateway's store, once open). */
    void keepMarksIn(RevocationMarks marks) {
        this.store = marks;
    }

    /**
     * What stands for {@code fresh}: itself (with the mark it has) when it is no older than the newest known, else that
     * one, whose answer is null where only its mark is known (read before the start).
     */
    Known<A> newestOf(K key, A fresh) {
        Known<A> offered = new Known<>(markOf.apply(fresh), fresh, false);
        String stored = storedKey(key);
        if (!newest.containsKey(key)) {
            find(stored).ifPresent(mark -> newest.putIfAbsent(key, new Known<>(mark, null, true)));
        }
        Known<A> kept = newest.merge(key, offered, (before, candidate) -> candidate.mark().olderThan(before.mark()) ? before
                : candidate.mark().equals(before.mark()) ? new Known<>(before.mark(), fresh, before.stored()) : candidate);
        keepAdvanced(key, stored);
        return kept;
    }

    /**
     * The newest mark known for {@code key} (read since the start, else kept in the store) where {@code mark} is older
     * than it; nothing is kept or written.
     */
    Optional<RevocationMark> newerThan(K key, RevocationMark mark) {
        Known<A> known = newest.get(key);
        return (known != null ? Optional.of(known.mark()) : find(storedKey(key))).filter(mark::olderThan);
    }

    /**
     * Takes {@code fresh} as the newest, whatever was known before (an OCSP answer echoing this request's nonce); its
     * mark is written only where {@code markAfter} holds for the answer known before it (null: none since the start, or
     * only its mark). Left unwritten, it is written once an older answer meets it ({@link #newestOf}).
     */
    A take(K key, A fresh, Predicate<A> markAfter) {
        Known<A> before = newest.put(key, new Known<>(markOf.apply(fresh), fresh, false));
        if (markAfter.test(before == null ? null : before.answer())) {
            keepAdvanced(key, storedKey(key));
        }
        return fresh;
    }

    /**
     * Writes the key's newest mark unless the store holds it. Writers of one key may overlap and finish in either order:
     * the store keeps the newer mark ({@link RevocationMarks#keep}), and a mark is noted stored only while it is still
     * the newest known.
     */
    private void keepAdvanced(K key, String stored) {
        Known<A> current = newest.get(key);
        if (current == null || current.stored()) {
            return;
        }
        try {
            store.keep(kind, stored, current.mark());
            newest.replace(key, current, new Known<>(current.mark(), current.answer(), true));
        } catch (RuntimeException e) {
            LOG.warn("the newest {} answer's mark ({}) is not kept in the store: {}", kind, current.mark().describe(),
                    e.getMessage());
        }
    }

    private Optional<RevocationMark> find(String stored) {
        try {
            return store.find(kind, stored);
        } catch (RuntimeException e) {
            LOG.warn("the newest {} answer's mark is not read from the store: {}", kind, e.getMessage());
            return Optional.empty();
        }
    }

    private String storedKey(K key) {
        return Sha256.hex(identity.apply(key).getBytes(StandardCharsets.UTF_8));
    }
}
