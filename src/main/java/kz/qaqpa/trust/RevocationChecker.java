package kz.qaqpa.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Revocation status of a certificate (an end entity's, or a CA certificate of its path): OCSP first (URL from the AIA
 * extension), the CRL from the CRL Distribution Points as fallback, fail closed (UNKNOWN) when neither answers.
 *
 * <p>Definitive answers (GOOD, REVOKED) are cached for the TTL per issuer's name, key and serial, so a busy sender costs one
 * OCSP round trip per TTL; never past the answer's own nextUpdate (attack57). UNKNOWN is not cached: the next message
 * asks again. An OCSP "unknown" is definitive for this message (the CA does not know the serial) and is not overridden
 * by a CRL that merely does not list it.
 */
public final class RevocationChecker {
    private record Cached(RevocationStatus status, Instant until) {
    }

    /**
     * trust27: what a cached answer is about: the serial and its issuer's key ({@link IssuerKeyId}). Two trusted CAs may
     * bear one name (a re-keyed НУЦ CA keeps its name): keyed by the name, a certificate of one was answered from the
     * status of the same serial under the other. trust28: and its issuer's name, as OCSP's CertID names the issuer by
     * both (RFC 6960 4.1.1): a CA renamed with its key kept is another issuer, its serials another sequence; keyed by
     * the key alone, a certificate of one was answered from the status of the same serial under the other.
     */
    private record Asked(X500Principal issuerName, String issuerKey, BigInteger serial) {
    }

    /** Bounds {@link #issuerKeys}: the issuers are the configured CAs (and the gateway's own chain). */
    private static final int MAX_ISSUERS = 1_000;

    private final Duration cacheTtl;
    private final URI ocspOverride;
    private final URI crlOverride;
    private final Clock clock;
    private final OcspClient ocsp;
    private final CrlClient crls;
    /**
     * One entry per signer certificate seen within the TTL: every citizen who signs adds one, so without a bound
     * the map grew with the number of citizens for as long as the gateway ran. Entries leave after the TTL (the
     * clock check below still decides freshness) or, beyond the bound, least used first. The cache's upkeep runs
     * on the calling thread, so an entry beyond the bound has left when the call that added it returns.
     */
    private final Cache<Asked, Cached> cache;
    /** Each issuer's key digest, computed once (a digest per message would cost as much as the rest of a cache hit). */
    private final Cache<X509Certificate, String> issuerKeys = Caffeine.newBuilder().maximumSize(MAX_ISSUERS)
            .executor(Runnable::run).build();

    /**
     * @param cacheTtl     how long a definitive answer is reused (qaqpa.trust.revocation-cache)
     * @param cacheSize    how many certificates' answers are kept at most (qaqpa.trust.revocation-cache-size)
     * @param ocspOverride when not null, used instead of an end entity's OCSP URL (e.g. an internal mirror of the
     *                     issuing CA's responder; a CA certificate is asked at its own addresses, carev26, ours)
     * @param crlOverride  when not null, used instead of an end entity's CRL distribution points (likewise)
     * @param clockSkew    how far ahead of the clock an OCSP answer's or a CRL's thisUpdate may lie
     *                     (qaqpa.trust.timestamp-clock-skew)
     */
    public RevocationChecker(Duration cacheTtl, int cacheSize, Duration httpTimeout, URI ocspOverride, URI crlOverride,
                             Duration clockSkew, Clock clock) {
        this.cacheTtl = cacheTtl;
        this.ocspOverride = ocspOverride;
        this.crlOverride = crlOverride;
        this.clock = clock;
        this.ocsp = new OcspClient(httpTimeout, clockSkew, cacheSize);
        this.crls = new CrlClient(httpTimeout, cacheTtl, clockSkew);
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheTtl).executor(Runnable::run)
                .build();
    }

    /**
     * revstate26: the newest CRL of each scope and OCSP answer about each certificate leave their marks in
     * {@code marks} (the store), read back after a restart (until then: in memory only).
     */
    public void keepMarksIn(RevocationMarks marks) {
        ocsp.keepMarksIn(marks);
        crls.keepMarksIn(marks);
    }

    public RevocationStatus check(X509Certificate cert, X509Certificate issuer) {
        Asked key = new Asked(issuer.getSubjectX500Principal(), issuerKeys.get(issuer, IssuerKeyId::of),
                cert.getSerialNumber());
        Instant now = clock.instant();
        Cached cached = cache.getIfPresent(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.status();
        }
        RevocationStatus status = ask(cert, issuer, now);
        if (status.state() != RevocationStatus.State.UNKNOWN) {
            cache.put(key, new Cached(status, cachedUntil(status, now)));
        }
        return status;
    }

    /**
     * attack57: for the TTL, but a "good" never past the answer's own nextUpdate (RFC 6960 2.4, RFC 5280 6.3.3 (a)):
     * before, a "good" whose nextUpdate came within the TTL was still used after it, and a certificate revoked meanwhile
     * accepted until the TTL ended. A "revoked" keeps the TTL (review57b: shortened, a CRL not yet listing it could
     * make it good again while OCSP is down).
     */
    private Instant cachedUntil(RevocationStatus status, Instant now) {
        Instant ttlEnd = now.plus(cacheTtl);
        boolean good = status.state() == RevocationStatus.State.GOOD; // a revocation is final (RFC 5280 5.3.1): kept
        return good && status.until() != null && status.until().isBefore(ttlEnd) ? status.until() : ttlEnd;
    }

    private RevocationStatus ask(X509Certificate cert, X509Certificate issuer, Instant now) {
        List<String> failures = new ArrayList<>();
        boolean ca = cert.getBasicConstraints() >= 0;
        for (URI responder : ocspOverride != null && !ca ? List.of(ocspOverride) : CertificateUrls.ocsp(cert)) {
            try {
                return ocsp.ask(responder, cert, issuer, now);
            } catch (IOException | RuntimeException e) {
                failures.add("OCSP " + responder + ": " + e.getMessage());
            }
        }
        for (URI location : crlOverride != null && !ca ? List.of(crlOverride) : CertificateUrls.crl(cert)) {
            try {
                return crls.ask(location, cert, issuer, now);
            } catch (IOException | RuntimeException e) {
                failures.add("CRL " + location + ": " + e.getMessage());
            }
        }
        return RevocationStatus.unknown(failures.isEmpty()
                ? "the certificate names no OCSP responder and no CRL" : String.join("; ", failures));
    }
}
