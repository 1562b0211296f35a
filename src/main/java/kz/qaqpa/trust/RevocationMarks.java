package kz.qaqpa.trust;

import java.util.Optional;

/**
 * Where the marks of the newest revocation answers outlive the gateway (revstate26): the store's
 * {@code revocation_mark} (V25). Read when a key is first met since the start, written only when its mark advances.
 * Keys are a kind ({@code crl}: a CRL scope, {@code ocsp}: a certificate) and a SHA-256 of what the kind names.
 */
public interface RevocationMarks {
    /** Nothing outlives the gateway: the health probe's clients, a checker without a store. */
    RevocationMarks NONE = new RevocationMarks() {
        @Override
        public Optional<RevocationMark> find(String kind, String key) {
            return Optional.empty();
        }

        @Override
        public void keep(String kind, String key, RevocationMark mark) {
            // in memory only
        }
    };

    Optional<RevocationMark> find(String kind, String key);

    /**
     * Keeps {@code mark} for the key in place of the one kept before, unless that one is newer
     * ({@code RevocationMark.olderThan}): monotonic whatever order writers come in (trust27).
     */
    void keep(String kind, String key, RevocationMark mark);
}
