package kz.qaqpa.trust;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * roots56: the configured trusted roots' dates as the operator watches them (/health's {@code trustedRoots}), worded
 * as the signing key's part is. Down only when no root the gateway's own chain needs is within its dates: then every
 * signer of that НУЦ is refused and the gateway's own signature does not verify for anyone trusting the same root. An
 * expired root beside a renewed copy is named, but the gateway still works.
 */
public final class TrustedRootDates {
    private TrustedRootDates() {
    }

    /** @param up whether a root the gateway's own chain needs is valid now; detail names every root's subject and end */
    public record State(boolean up, String detail) {
    }

    /**
     * @param gatewayTop the last certificate of the gateway's issuer chain: a root trusted for it has its issuer's name
     * @param soon       qaqpa.health.key-expiry-warning
     */
    public static State state(Set<X509Certificate> roots, X509Certificate gatewayTop, Instant now, Duration soon) {
        X500Principal needed = gatewayTop.getIssuerX500Principal();
        List<X509Certificate> sorted = roots.stream()
                .sorted(Comparator.comparing(TrustedRootDates::label).thenComparing(X509Certificate::getNotAfter))
                .toList();
        boolean served = sorted.stream().anyMatch(r -> signed(gatewayTop, r) && validAt(r, now));
        StringBuilder detail = new StringBuilder();
        if (!served) {
            detail.append("no trusted root for the gateway's own chain (").append(needed.getName())
                    .append(") is within its dates: its signers are refused; ");
        }
        String separator = "";
        for (X509Certificate root : sorted) {
            detail.append(separator).append(root(root, now, soon));
            separator = "; ";
        }
        return new State(served, detail.toString());
    }

    /** The root's subject, as refusals and the start's WARN name it: the metric's label. */
    public static String label(X509Certificate root) {
        return Certificates.describe(root);
    }

    private static String root(X509Certificate root, Instant now, Duration soon) {
        Instant notAfter = root.getNotAfter().toInstant();
        String which = "root " + label(root) + " ";
        if (!validAt(root, now)) {
            return which + "valid only from " + Certificates.format(root.getNotBefore()) + " to "
                    + Certificates.format(notAfter) + ": signers chaining only to it are refused";
        }
        String detail = which + "expires " + Certificates.format(notAfter) + " (in "
                + Duration.between(now, notAfter).toDays() + " days)";
        return now.plus(soon).isAfter(notAfter) ? detail + ": renew it soon" : detail;
    }

    /**
     * Whether {@code root} issued {@code top}: its name and its key (review56b: a root renewed with a new key under the
     * same name was counted as serving a chain the old key signed).
     */
    private static boolean signed(X509Certificate top, X509Certificate root) {
        if (!root.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
            return false;
        }
        try {
            top.verify(root.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean validAt(X509Certificate root, Instant now) {
        return !now.isAfter(root.getNotAfter().toInstant()) && !now.isBefore(root.getNotBefore().toInstant());
    }

    /**
     * gost55: what an operator is told at start about the configured roots: each one that is not valid at {@code now}
     * (every signer chaining only to it is refused) or ends within {@code soon} (qaqpa.health.key-expiry-warning).
     */
    public static List<String> startWarnings(Set<X509Certificate> roots, Instant now, Duration soon) {
        List<String> warnings = new ArrayList<>();
        for (X509Certificate root : roots) {
            String which = "trusted root " + Certificates.describe(root) + " (qaqpa.trust.root)";
            if (root.getNotAfter().toInstant().isBefore(now)) {
                warnings.add(which + " expired " + Certificates.format(root.getNotAfter()) + ": signers chaining only to"
                        + " it are refused; configure its renewal");
            } else if (root.getNotBefore().toInstant().isAfter(now)) {
                warnings.add(which + " is not valid before " + Certificates.format(root.getNotBefore()) + ": signers"
                        + " chaining only to it are refused until then");
            } else if (root.getNotAfter().toInstant().isBefore(now.plus(soon))) {
                warnings.add(which + " expires " + Certificates.format(root.getNotAfter()) + ": configure its renewal"
                        + " beside it before then");
            }
        }
        return warnings;
    }
}
