package kz.qaqpa.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Fetches CRLs over HTTP, checks that the issuer signed them and that they are current, and keeps each one until
 * the earlier of its nextUpdate and the cache TTL (a national CRL is large; downloading it per message is not an option).
 */
final class CrlClient {
    private record Cached(X509CRL crl, Instant until) {
    }

    private final Duration timeout;
    private final Duration ttl;
    private final Duration clockSkew;
    private final Map<URI, Cached> cache = new ConcurrentHashMap<>();

    /** @param clockSkew how far ahead of the gateway's clock a CRL's thisUpdate may lie (qaqpa.trust.timestamp-clock-skew) */
    CrlClient(Duration timeout, Duration ttl, Duration clockSkew) {
        this.timeout = timeout;
        this.ttl = ttl;
        this.clockSkew = clockSkew;
    }

    RevocationStatus ask(URI location, X509Certificate cert, X509Certificate issuer, Instant now) throws IOException {
        X509CRL crl = crl(location, issuer, now);
        X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
        String source = "CRL " + location;
        return entry == null ? RevocationStatus.good(source) : RevocationStatus.revoked(entry.getRevocationDate().toInstant(), source);
    }

    private X509CRL crl(URI location, X509Certificate issuer, Instant now) throws IOException {
        Cached cached = cache.get(location);
        if (cached != null && now.isBefore(cached.until()) && cached.crl().getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return cached.crl();
        }
        X509CRL crl = download(location, issuer, now);
        Instant until = now.plus(ttl);
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(until)) {
            until = crl.getNextUpdate().toInstant();
        }
        cache.put(location, new Cached(crl, until));
        return crl;
    }

    /** The CRL as the CA publishes it now (not the cached one), checked for issuer, signature and currency. */
    X509CRL download(URI location, X509Certificate issuer, Instant now) throws IOException {
        try {
            byte[] der = Http.get(location, timeout);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new IOException("CRL at " + location + " is issued by " + crl.getIssuerX500Principal().getName()
                        + ", not by " + Certificates.describe(issuer));
            }
            crl.verify(issuer.getPublicKey());
            requireComplete(crl, location);
            requireCurrent(crl, location, now);
            return crl;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("CRL at " + location + " is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Within its validity (RFC 5280 6.3.3 (a)): before its nextUpdate, and not dated in the future. crl24, ours for the
     * tolerance: a thisUpdate ahead of the gateway's clock by more than the skew allowed a signer's clock is a list
     * not yet valid; a copy kept by someone on the path would outlive the revocations made before its date.
     */
    private void requireCurrent(X509CRL crl, URI location, Instant now) throws IOException {
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
            throw new IOException("CRL at " + location + " is out of date (nextUpdate " + Certificates.format(crl.getNextUpdate()) + ")");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(clockSkew))) {
            throw new IOException("CRL at " + location + " is not yet valid (thisUpdate " + Certificates.format(crl.getThisUpdate())
                    + ", more than " + clockSkew + " ahead of the gateway's time " + now + ")");
        }
    }

    /**
     * attack23: the CA signs more than its complete list, e.g. a delta CRL of what changed since the last one (НУЦ РК
     * publishes one beside each full CRL) or a list of its CA certificates, some reasons or another issuer's certificates
     * (an Issuing Distribution Point). Served at the complete list's address by anyone on the path, such a CRL does not
     * list a certificate revoked before it, and would make it good (RFC 5280 5.2.4, 5.2.5): it is not used. An Issuing
     * Distribution Point naming only end entities' certificates, or only its distribution point, covers them whole.
     */
    private static void requireComplete(X509CRL crl, URI location) throws IOException {
        if (crl.getExtensionValue(Extension.deltaCRLIndicator.getId()) != null) {
            throw new IOException("CRL at " + location + " is a delta CRL, not the complete list");
        }
        byte[] idp = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        if (idp == null) {
            return;
        }
        IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(idp));
        if (point.onlyContainsCACerts() || point.onlyContainsAttributeCerts() || point.getOnlySomeReasons() != null
                || point.isIndirectCRL()) {
            throw new IOException("CRL at " + location + " is not the complete list of its issuer's certificates"
                    + " (Issuing Distribution Point: " + (point.onlyContainsCACerts() ? "CA certificates only"
                    : point.onlyContainsAttributeCerts() ? "attribute certificates only"
                    : point.getOnlySomeReasons() != null ? "some reasons only" : "indirect") + ")");
        }
    }
}
