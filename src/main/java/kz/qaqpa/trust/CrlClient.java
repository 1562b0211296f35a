package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Fetches CRLs over HTTP, checks that the issuer signed them and that they are current, and keeps each one until
 * the earlier of its nextUpdate and the cache TTL (a national CRL is large; downloading it per message is not an option).
 */
final class CrlClient {
    private record Cached(X509CRL crl, Instant until) {
    }

    /**
     * trust27: a list kept is the one read at an address and checked with an issuer's key. Two CAs may bear one name (a
     * re-keyed НУЦ CA keeps its name) and be given one address (a mirror): kept by the address alone and compared by
     * name, one CA's list answered for the other's certificates, whose key never checked it.
     */
    private record Source(URI location, String issuerKey) {
    }

    /** A CRL and its mark: its cRLNumber (null when it carries none), thisUpdate and nextUpdate. */
    private record Numbered(X509CRL crl, RevocationMark mark) {
    }

    /**
     * The CRLs of one issuer's key (its encoding) and one Issuing Distribution Point (none: ""), numbered in one
     * sequence (RFC 5280 5.2.3).
     */
    private record Scope(X500Principal issuer, String key, String distributionPoint) {
        /** What the store's key of the scope's mark is the digest of. */
        String identity() {
            return issuer.getName() + "|" + key + "|" + distributionPoint;
        }
    }

    /**
     * arl28: the lists of one issuer's key that decide its CA certificates, complete lists and ARLs (Issuing
     * Distribution Point: CA certificates only) alike. Each kind is its own scope, numbered in its own sequence; across
     * them only thisUpdate orders.
     */
    private record CaLists(X500Principal issuer, String key) {
        String identity() {
            return issuer.getName() + "|" + key + "|lists deciding CA certificates";
        }
    }

    /** A list without a nextUpdate (RFC 5280 5.1.2.5: a CA must give one) keeps its mark for a day (ours). */
    private static final Duration MARK_WITHOUT_NEXT_UPDATE = Duration.ofDays(1);

    private final Duration timeout;
    private final Duration ttl;
    private final Duration clockSkew;
    private final Map<Source, Cached> cache = new ConcurrentHashMap<>();
    /**
     * The newest complete CRL read of each scope, kept after its cache entry (one per issuing CA and list), and its
     * mark in the store.
     */
    private final NewestAnswers<Scope, Numbered> newest = new NewestAnswers<>("crl", Scope::identity, Numbered::mark,
            new ConcurrentHashMap<>());
    /** arl28: the newest list read of each issuer's key that decided a CA certificate, and its mark (by thisUpdate). */
    private final NewestAnswers<CaLists, Numbered> newestForCas = new NewestAnswers<>("crl", CaLists::identity,
            Numbered::mark, new ConcurrentHashMap<>());

    /** @param clockSkew how far ahead of the gateway's clock a CRL's thisUpdate may lie (qaqpa.trust.timestamp-clock-skew) */
    CrlClient(Duration timeout, Duration ttl, Duration clockSkew) {
        this.timeout = timeout;
        this.ttl = ttl;
        this.clockSkew = clockSkew;
    }

    /** The newest lists' marks are read from and kept in {@code marks} (the store) from now on. */
    void keepMarksIn(RevocationMarks marks) {
        newest.keepMarksIn(marks);
        newestForCas.keepMarksIn(marks);
    }

    RevocationStatus ask(URI location, X509Certificate cert, X509Certificate issuer, Instant now) throws IOException {
        X509CRL crl = crl(location, cert, issuer, now);
        X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
        String source = "CRL " + location;
        Instant until = believedUntil(crl);
        return entry == null ? RevocationStatus.good(source, until)
                : RevocationStatus.revoked(entry.getRevocationDate().toInstant(), source, until);
    }

    /** Until when what the list says is used: its nextUpdate (lacking one, a day after its thisUpdate, as its mark). */
    private static Instant believedUntil(X509CRL crl) {
        return crl.getNextUpdate() != null ? crl.getNextUpdate().toInstant()
                : crl.getThisUpdate().toInstant().plus(MARK_WITHOUT_NEXT_UPDATE);
    }

    /** The CRL at {@code location} that covers {@code cert}: the cached one while it is kept, else read afresh. */
    private X509CRL crl(URI location, X509Certificate cert, X509Certificate issuer, Instant now) throws IOException {
        Source source = new Source(location, IssuerKeyId.of(issuer));
        Cached cached = cache.get(source);
        if (cached != null && now.isBefore(cached.until()) && cached.crl().getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return covering(cached.crl(), cert, location);
        }
        X509CRL crl = covering(newestOf(download(location, cert, issuer, now), cert, location, issuer, now), cert, location);
        Instant believed = believedUntil(crl);
        cache.put(source, new Cached(crl, believed.isBefore(now.plus(ttl)) ? believed : now.plus(ttl)));
        return crl;
    }

    /**
     * attack25: a CRL issuer numbers the CRLs of one scope in increasing order (RFC 5280 5.2.3, cRLNumber). Someone on the
     * plain-HTTP path to the НУЦ can keep an older list the CA really signed and serve it, still before its nextUpdate,
     * after a newer one that lists a certificate revoked since: read alone, it makes that certificate good again. Ours:
     * the newest complete CRL read of each scope is kept, and a lower-numbered one (or, where either lacks a number, an
     * earlier thisUpdate) is not used in its place. The newer one answers instead while it is current (the replay gains
     * nothing, and checking goes on); once past its nextUpdate, an older list is refused and the status is unavailable
     * until the CA's next one arrives. revstate26: the newest list's mark (number, thisUpdate, nextUpdate) is kept in
     * the store too, so after a restart a list older than it is refused until its nextUpdate (the newer list itself is
     * not at hand to answer), as once the newer is out of date. arl28: a list deciding a CA certificate is also
     * compared with the newest of every kind that decides one (complete list or ARL, each its own scope) by thisUpdate
     * alone: an older ARL replayed after a newer complete list listed the CA revoked, or the reverse, is not used in its
     * place either.
     */
    private X509CRL newestOf(X509CRL read, X509Certificate cert, URI location, X509Certificate issuer, Instant now)
            throws IOException {
        X509CRL ofScope = newestIn(newest, scope(read, issuer), new Numbered(read, mark(read)), location, issuer, now);
        if (!decidesCa(cert)) {
            return ofScope;
        }
        return newestIn(newestForCas, caLists(issuer), new Numbered(ofScope, byTime(ofScope)), location, issuer, now);
    }

    /** arl28: whether the lists deciding {@code cert} are also ordered across the kinds (it is a CA certificate). */
    private static boolean decidesCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    private static CaLists caLists(X509Certificate issuer) {
        return new CaLists(issuer.getSubjectX500Principal(), storedKeyForm(issuer));
    }

    /** The list's mark without its cRLNumber: across the kinds, each numbered in its own sequence, thisUpdate orders. */
    private static RevocationMark byTime(X509CRL crl) throws IOException {
        RevocationMark mark = mark(crl);
        return new RevocationMark(null, mark.thisUpdate(), null, mark.validUntil());
    }

    /** {@code fresh}'s list where it is no older than the newest known of {@code key}, else that one while current. */
    private static <K> X509CRL newestIn(NewestAnswers<K, Numbered> answers, K key, Numbered fresh, URI location,
            X509Certificate issuer, Instant now) throws IOException {
        NewestAnswers.Known<Numbered> kept = answers.newestOf(key, fresh);
        if (kept.answer() == fresh) {
            return fresh.crl();
        }
        if (kept.answer() == null || kept.mark().expiredAt(now)) {
            throw new IOException("CRL at " + location + " (" + fresh.mark().describe() + ") is older than the one already"
                    + " read from " + Certificates.describe(issuer) + " (" + kept.mark().describe() + "), which is "
                    + (kept.answer() == null ? "not at hand (read before the gateway started)" : "out of date")
                    + ": a superseded list is not used");
        }
        return kept.answer().crl();
    }

    /**
     * The mark of a list newer than {@code crl}, read before (since the start, or kept in the store), that the checker
     * would use in its place for {@code cert} ({@link #newestOf}): one of its scope; for a CA certificate, also one of the
     * lists deciding CA certificates of the issuer's key, by thisUpdate (trust28: the health probe compared the scope only).
     */
    Optional<RevocationMark> newerThan(X509CRL crl, X509Certificate cert, X509Certificate issuer) throws IOException {
        Optional<RevocationMark> ofScope = newest.newerThan(scope(crl, issuer), mark(crl));
        if (ofScope.isPresent() || !decidesCa(cert)) {
            return ofScope;
        }
        return newestForCas.newerThan(caLists(issuer), byTime(crl));
    }

    /** Its cRLNumber, thisUpdate and nextUpdate (lacking one, a day after its thisUpdate). */
    static RevocationMark mark(X509CRL crl) throws IOException {
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        return new RevocationMark(number(crl), thisUpdate, null, crl.getNextUpdate() != null
                ? crl.getNextUpdate().toInstant() : thisUpdate.plus(MARK_WITHOUT_NEXT_UPDATE));
    }

    private static Scope scope(X509CRL crl, X509Certificate issuer) {
        byte[] point = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        return new Scope(issuer.getSubjectX500Principal(), storedKeyForm(issuer), point == null ? "" : HexFormat.of().formatHex(point));
    }

    /**
     * The issuer's public key, its whole encoding in hex: what the scopes' identities hold, whose SHA-256 is the store's
     * key of their marks since V25. Not {@link IssuerKeyId} (trust28): the marks kept before an upgrade must still be
     * found, or the replay protection they give (revstate26) is lost on the first start after it.
     */
    private static String storedKeyForm(X509Certificate issuer) {
        return HexFormat.of().formatHex(issuer.getPublicKey().getEncoded());
    }

    /** The CRL's cRLNumber, or null when it carries none. */
    private static BigInteger number(X509CRL crl) throws IOException {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        return value == null ? null : CRLNumber.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getCRLNumber();
    }

    /**
     * The CRL as the CA publishes it now (not the cached one), checked for issuer, signature and currency, and that it
     * is a complete list of the kind of {@code cert} (a CA's or an end entity's certificate).
     */
    X509CRL download(URI location, X509Certificate cert, X509Certificate issuer, Instant now) throws IOException {
        try {
            byte[] der = RevocationFetch.get(location, timeout);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new IOException("CRL at " + location + " is issued by " + crl.getIssuerX500Principal().getName()
                        + ", not by " + Certificates.describe(issuer));
            }
            crl.verify(issuer.getPublicKey());
            requireComplete(crl, location);
            requireKindCovered(issuingPoint(crl), cert, location);
            requireCurrent(crl, location, now);
            return crl;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("CRL at " + location + " is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Within its validity (RFC 5280 6.3.3 (a)): before its nextUpdate (lacking one, review58: within a day of its
     * thisUpdate, as {@link #believedUntil}), and not dated in the future. crl24, ours for the
     * tolerance: a thisUpdate ahead of the gateway's clock by more than the skew allowed a signer's clock is a list
     * not yet valid; a copy kept by someone on the path would outlive the revocations made before its date.
     */
    private void requireCurrent(X509CRL crl, URI location, Instant now) throws IOException {
        if (believedUntil(crl).isBefore(now)) {
            throw new IOException("CRL at " + location + " is out of date (" + (crl.getNextUpdate() != null
                    ? "nextUpdate " + Certificates.format(crl.getNextUpdate())
                    : "no nextUpdate, thisUpdate " + Certificates.format(crl.getThisUpdate()) + " more than "
                    + MARK_WITHOUT_NEXT_UPDATE.toDays() + " day ago") + ")");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(clockSkew))) {
            throw new IOException("CRL at " + location + " is not yet valid (thisUpdate " + Certificates.format(crl.getThisUpdate())
                    + ", more than " + clockSkew + " ahead of the gateway's time " + now + ")");
        }
    }

    /**
     * crl25: a CA may partition its list (RFC 5280 5.2.5): a CRL whose Issuing Distribution Point names a distribution
     * point lists only the certificates that name that point, and covers no other (RFC 5280 6.3.3 (b)(2)(i): one of
     * the IDP's names must match one of the certificate's CRL Distribution Points'). Served at a certificate's CRL address
     * by anyone on the plain-HTTP path, the CA's really-signed list of another point would not list it: not used, and
     * not cached, so the next message reads the address again. Names relative to the CRL issuer are compared as written
     * (CRL and certificate have the one issuer: indirect CRLs are not used); full names by one name in common, as
     * written (ours: no URI normalisation). A certificate naming no distribution point is covered by no partition.
     */
    private static X509CRL covering(X509CRL crl, X509Certificate cert, URI location) throws IOException {
        IssuingDistributionPoint scope = issuingPoint(crl);
        requireKindCovered(scope, cert, location);
        DistributionPointName named = scope == null ? null : scope.getDistributionPoint();
        if (named == null || CertificateUrls.crlPoints(cert).stream().anyMatch(point -> sameName(named, point))) {
            return crl;
        }
        throw new IOException("CRL at " + location + " is the list of another distribution point: its Issuing Distribution"
                + " Point names none of the CRL Distribution Points of " + Certificates.describe(cert));
    }

    /** The CRL's Issuing Distribution Point; null when it has none. */
    private static IssuingDistributionPoint issuingPoint(X509CRL crl) throws IOException {
        byte[] idp = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        return idp == null ? null : IssuingDistributionPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(idp));
    }

    /**
     * carev26: a CRL whose Issuing Distribution Point says it lists end entities' certificates only does not cover a CA
     * certificate (RFC 5280 6.3.3 (b)(2)(ii)): served at a CA certificate's CRL address, the root's really-signed list of
     * user certificates would never list the revoked CA. Not used, and not cached (as above). trust27: one that says CA
     * certificates only (an authority revocation list, ARL) decides a CA certificate (RFC 5280 6.3.3 (b)(2)(iii)), and
     * never an end entity's, which it does not list (attack23: served at an end entity's address, it would make a
     * revoked certificate good).
     */
    private static void requireKindCovered(IssuingDistributionPoint point, X509Certificate cert, URI location)
            throws IOException {
        boolean ca = decidesCa(cert);
        if (point != null && point.onlyContainsUserCerts() && ca) {
            throw new IOException("CRL at " + location + " lists end entities' certificates only (Issuing Distribution"
                    + " Point), not the CA certificate of " + Certificates.describe(cert));
        }
        if (point != null && point.onlyContainsCACerts() && !ca) {
            throw new IOException("CRL at " + location + " is not the complete list of its issuer's certificates"
                    + " (Issuing Distribution Point: CA certificates only), not the list of " + Certificates.describe(cert));
        }
    }

    private static boolean sameName(DistributionPointName one, DistributionPointName other) {
        if (one.getType() != DistributionPointName.FULL_NAME || other.getType() != DistributionPointName.FULL_NAME) {
            return one.equals(other);
        }
        return !Collections.disjoint(List.of(GeneralNames.getInstance(one.getName()).getNames()),
                List.of(GeneralNames.getInstance(other.getName()).getNames()));
    }

    /**
     * attack23: the CA signs more than its complete list, e.g. a delta CRL of what changed since the last one (НУЦ РК
     * publishes one beside each full CRL) or a list of some reasons or another issuer's certificates (an Issuing
     * Distribution Point). Served at the complete list's address by anyone on the path, such a CRL does not list a
     * certificate revoked before it, and would make it good (RFC 5280 5.2.4, 5.2.5): it is not used. An Issuing
     * Distribution Point naming only end entities' or only CA certificates, or only its distribution point, covers them
     * whole ({@link #requireKindCovered}, {@link #covering}).
     */
    private static void requireComplete(X509CRL crl, URI location) throws IOException {
        if (crl.getExtensionValue(Extension.deltaCRLIndicator.getId()) != null) {
            throw new IOException("CRL at " + location + " is a delta CRL, not the complete list");
        }
        IssuingDistributionPoint point = issuingPoint(crl);
        if (point != null && (point.onlyContainsAttributeCerts() || point.getOnlySomeReasons() != null
                || point.isIndirectCRL())) {
            throw new IOException("CRL at " + location + " is not the complete list of its issuer's certificates"
                    + " (Issuing Distribution Point: " + (point.onlyContainsAttributeCerts() ? "attribute certificates only"
                    : point.getOnlySomeReasons() != null ? "some reasons only" : "indirect") + ")");
        }
    }
}
