package kz.qaqpa.trust;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What orders the revocation answers of one CRL scope or about one certificate, and until when that counts: kept in the
 * store (revstate26) so that a restart forgets no newer answer read before it.
 *
 * @param number     the CRL's cRLNumber; null for an OCSP answer, or a CRL that carries none
 * @param thisUpdate the CRL's or the OCSP answer's thisUpdate
 * @param producedAt the OCSP answer's producedAt; null for a CRL
 * @param validUntil the answer's nextUpdate (or what stands for one); once past, the mark may go
 */
public record RevocationMark(BigInteger number, Instant thisUpdate, Instant producedAt, Instant validUntil) {
    /**
     * Lower-numbered where both are numbered (RFC 5280 5.2.3); else issued earlier, or produced earlier where both
     * say when (RFC 6960 4.2.1).
     */
    boolean olderThan(RevocationMark other) {
        if (number != null && other.number != null) {
            return number.compareTo(other.number) < 0;
        }
        return thisUpdate.isBefore(other.thisUpdate)
                || producedAt != null && other.producedAt != null && producedAt.isBefore(other.producedAt);
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(validUntil);
    }

    /** "number 8, thisUpdate …", "thisUpdate …, producedAt …": for a refusal's text. */
    String describe() {
        return (number == null ? "" : "number " + number + ", ") + "thisUpdate " + Certificates.format(thisUpdate)
                + (producedAt == null ? "" : ", producedAt " + Certificates.format(producedAt));
    }
}
