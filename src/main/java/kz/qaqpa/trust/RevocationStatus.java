package kz.qaqpa.trust;

import java.time.Instant;

/**
 * Answer of {@link RevocationChecker}.
 *
 * @param revokedAt set only for {@link State#REVOKED}
 * @param source    where the answer came from, e.g. "OCSP http://.../ocsp" or "CRL http://.../x.crl"
 * @param detail    why the status is unknown (or empty)
 */
public record RevocationStatus(State state, Instant revokedAt, String source, String detail) {

    public enum State { GOOD, REVOKED, UNKNOWN }

    public static RevocationStatus good(String source) {
        return new RevocationStatus(State.GOOD, null, source, "");
    }

    public static RevocationStatus revoked(Instant at, String source) {
        return new RevocationStatus(State.REVOKED, at, source, "");
    }

    public static RevocationStatus unknown(String detail) {
        return new RevocationStatus(State.UNKNOWN, null, "", detail);
    }
}
