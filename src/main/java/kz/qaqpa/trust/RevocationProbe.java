package kz.qaqpa.trust;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Asks the revocation services of a certificate directly, bypassing every cache, to tell whether they serve now:
 * the OCSP responders of its AIA extension answer with a signed response, and the CRLs of its distribution points
 * can be fetched, are signed by the issuer and are current (before their nextUpdate), and are no older than a list the
 * gateway already read that the checker would use in their place (revstate26: its mark in the store; read only, the
 * probe keeps nothing; trust28: for a CA certificate, across complete lists and ARLs, as arl28's checker).
 */
public final class RevocationProbe {
    private final OcspClient ocsp;
    private final CrlClient crls;
    private final Clock clock;

    /**
     * @param timeout   connect and read timeout of each question
     * @param clockSkew how far ahead of the clock an answer's thisUpdate may lie (qaqpa.trust.timestamp-clock-skew)
     * @param marks     the newest lists' marks the gateway keeps (the store), read only: a list older than one the
     *                  gateway read is not the service up
     */
    public RevocationProbe(Duration timeout, Duration clockSkew, Clock clock, RevocationMarks marks) {
        this.ocsp = new OcspClient(timeout, clockSkew, 0);
        this.crls = new CrlClient(timeout, Duration.ZERO, clockSkew);
        this.crls.keepMarksIn(marks);
        this.clock = clock;
    }

    /** @param up whether the service works; detail says what was found */
    public record Finding(boolean up, String detail) {
    }

    public Finding ocsp(X509Certificate cert, X509Certificate issuer) {
        List<URI> responders = CertificateUrls.ocsp(cert);
        List<String> failures = new ArrayList<>();
        for (URI responder : responders) {
            try {
                RevocationStatus status = ocsp.ask(responder, cert, issuer, clock.instant());
                return new Finding(true, responder + " answered " + status.state());
            } catch (IOException | RuntimeException e) {
                failures.add(responder + ": " + e.getMessage());
            }
        }
        return new Finding(false, responders.isEmpty() ? "the certificate names no OCSP responder"
                : "no OCSP responder answered: " + String.join("; ", failures));
    }

    /**
     * The CRL of {@code cert} and those of the CA certificates of {@code issuers} (issuer first) that name one, each
     * checked against the certificate above it (carev26: the root's CRL, which tells whether the issuing CA was revoked):
     * up when every one is.
     */
    public Finding crlsOfPath(X509Certificate cert, List<X509Certificate> issuers) {
        List<Finding> findings = new ArrayList<>();
        findings.add(crl(cert, issuers.get(0)));
        for (int i = 0; i + 1 < issuers.size(); i++) {
            if (!CertificateUrls.crl(issuers.get(i)).isEmpty()) {
                findings.add(crl(issuers.get(i), issuers.get(i + 1)));
            }
        }
        return new Finding(findings.stream().allMatch(Finding::up),
                findings.stream().map(Finding::detail).collect(Collectors.joining("; ")));
    }

    public Finding crl(X509Certificate cert, X509Certificate issuer) {
        List<URI> locations = CertificateUrls.crl(cert);
        List<String> failures = new ArrayList<>();
        for (URI location : locations) {
            try {
                Instant now = clock.instant();
                X509CRL crl = crls.download(location, cert, issuer, now);
                Optional<RevocationMark> newer = crls.newerThan(crl, cert, issuer);
                if (newer.isPresent()) {
                    failures.add(location + " serves a list (" + CrlClient.mark(crl).describe() + ") older than one the gateway"
                            + " already read (" + newer.get().describe() + "): a superseded list, replayed or stale");
                    continue;
                }
                return new Finding(true, location + " is current, next update "
                        + (crl.getNextUpdate() == null ? "not announced" : Certificates.format(crl.getNextUpdate())));
            } catch (IOException | RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        return new Finding(false, locations.isEmpty() ? "the certificate names no CRL"
                : "no current CRL: " + String.join("; ", failures));
    }
}
