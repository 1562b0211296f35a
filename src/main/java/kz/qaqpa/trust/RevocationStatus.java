package kz.qaqpa.trust;

import java.time.Instant;

/**
 * Answer of {@link RevocationChecker}.
 *
 * @param revokedAt set only for {@link State#REVOKED}
 * @param source    where the answer came from, e.g. "OCSP http://.../ocsp" or "CRL http://.../x.crl"
 * @param detail    why the status is unknown (or empty)
 * @param until     until when the answer it was read from may be used (its nextUpdate, RFC 6960 2.4 and RFC 5280
 *                  5.1.2.5; null for UNKNOWN): attack57, no cache keeps it longer
 */
public record RevocationStatus(State state, Instant revokedAt, String source, String detail, Instant until) {

    public enum State { GOOD, REVOKED, UNKNOWN }

    public static RevocationStatus good(String source, Instant until) {
        return new RevocationStatus(State.GOOD, null, source, "", until);
    }

    public static RevocationStatus revoked(Instant at, String source, Instant until) {
        return new RevocationStatus(State.REVOKED, at, source, "", until);
    }

    public static RevocationStatus unknown(String detail) {
        return new RevocationStatus(State.UNKNOWN, null, "", detail, null);
    }
}
