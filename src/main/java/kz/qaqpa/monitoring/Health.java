package kz.qaqpa.monitoring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import kz.qaqpa.evidence.ArchiveRuns;
import kz.qaqpa.evidence.HeadStamping;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.store.Store;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.RevocationProbe;
import kz.qaqpa.trust.TrustedRootDates;

/**
 * The state of each part the gateway needs: the store, its signing key, the revocation services of the national PKI
 * (OCSP reachable, the CRLs of the signing key and of its CA certificates current), each state system's endpoint (a
 * TCP connect with a short timeout), the message log's time-stamping, its archive runs and its filter, the outbox and
 * the trusted roots' dates.
 * The report is kept for a few seconds, so a load balancer polling often costs the PKI and the state systems nothing.
 */
public final class Health {
    private final Store store;
    private final Database db;
    private final KeyMaterial gatewayKey;
    private final Set<X509Certificate> trustedRoots;
    private final HeadStamping stamping;
    private final ArchiveRuns archiveRuns;
    private final Duration archiveMaxFailing;
    private final RevocationProbe revocation;
    private final Map<String, String> stateSystems;
    private final Outbox outbox;
    private final Duration timeout;
    private final Duration keepFor;
    private final Duration keyExpiryWarning;
    private final Clock clock;
    private final Supplier<String> calendar;
    private Report last;
    /** The store's parts, each report waiting at most the timeout for them (a hung disk, review53). */
    private final BoundedRead<StoreParts> storeRead = new BoundedRead<>("health-store-read");
    /**
     * OCSP and the CRLs, bounded likewise (hang54): their clients read and write the newest answers' marks in the store,
     * so behind a hung sync of its log the first report after a fetch waited with the store, holding the report's lock,
     * and every /health after it hung for the whole outage.
     */
    private final BoundedRead<Revocation> revocationRead = new BoundedRead<>("health-revocation-read");

    /**
     * @param stateSystems      serviceId to the URL of the state system's endpoint
     * @param archiveMaxFailing how long archive runs may fail before the part is down (qaqpa.log.archive.max-failing)
     * @param trustedRoots      the configured roots (qaqpa.trust.root), judged by their dates
     * @param calendar          what the working-day calendar leaves unconfirmed in the years terms reach (regs62)
     */
    public Health(Store store, KeyMaterial gatewayKey, Set<X509Certificate> trustedRoots, HeadStamping stamping,
                  ArchiveRuns archiveRuns, Duration archiveMaxFailing, RevocationProbe revocation,
                  Map<String, String> stateSystems,
                  Outbox outbox, Duration timeout, Duration keepFor, Duration keyExpiryWarning, Clock clock,
                  Supplier<String> calendar) {
        this.store = store;
        this.db = store.db();
        this.gatewayKey = gatewayKey;
        this.trustedRoots = Set.copyOf(trustedRoots);
        this.stamping = stamping;
        this.archiveRuns = archiveRuns;
        this.archiveMaxFailing = archiveMaxFailing;
        this.revocation = revocation;
        this.stateSystems = Map.copyOf(stateSystems);
        this.outbox = outbox;
        this.timeout = timeout;
        this.keepFor = keepFor;
        this.keyExpiryWarning = keyExpiryWarning;
        this.clock = clock;
        this.calendar = calendar;
    }

    /** @param detail what was found; a part that is down makes the whole gateway unhealthy */
    public record Part(boolean up, String detail) {
    }

    public record Report(Instant checkedAt, Map<String, Part> parts) {
        public boolean up() {
            return parts.values().stream().allMatch(Part::up);
        }
    }

    public synchronized Report report() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.checkedAt().plus(keepFor))) {
            last = check(now);
        }
        return last;
    }


    /**
     * The store takes changes: it answers, no failed sync of its log is waiting for a proven checkpoint, and its disk has
     * the space kept free ({@link Store#outage}: else new applications are refused, and health must not say UP).
     */
    private static Part store(Optional<String> outage) {
        return outage.map(why -> new Part(false, why + ": new applications are refused (SCE912)"))
                .orElseGet(() -> new Part(true, "answers"));
    }

    /** What /health reads from the store: whether it answers, the log's stamps and the outbox. */
    private record StoreParts(Part store, Part logTimestamps, Part outbox) {
        static StoreParts down(String why) {
            Part unknown = new Part(false, "unknown: the store " + why);
            return new StoreParts(new Part(false, why + ": new applications are refused (SCE912)"), unknown, unknown);
        }
    }

    private StoreParts readStore() {
        Optional<String> outage = store.outage();
        boolean store = outage.isEmpty() || db.reachable(); // no outage: it answered the outage's own query
        return new StoreParts(store(outage), store ? stamp(stamping.state())
                : new Part(false, "unknown: the store cannot be reached"),
                store ? outbox(() -> outbox.backlog(), () -> outbox.stoppedCount())
                : new Part(false, "unknown: the store cannot be reached"));
    }

    /**
     * The store's parts: down without asking the database while its log's sync is stalled (hang53), and down when the
     * database does not answer within the health timeout (a read still under way is not started again).
     */
    private StoreParts storeParts() {
        long stalled = db.syncStalledFor();
        if (stalled >= 0) {
            long seconds = stalled / 1_000_000_000;
            return StoreParts.down(db.syncStallHeldBy().map(what -> "held by " + what + " " + seconds
                    + " s (ours, on purpose)").orElse("log sync hung " + seconds + " s (a dead disk?)"));
        }
        return storeRead.get(this::readStore, timeout, StoreParts::down);
    }

    /** The revocation parts: OCSP reachable, the CRLs of the signing key's path current. */
    private record Revocation(Part ocsp, Part crl) {
        static Revocation down(String why) {
            Part down = new Part(false, why);
            return new Revocation(down, down);
        }
    }

    private Revocation revocation() {
        X509Certificate issuer = gatewayKey.issuerChain().isEmpty() ? null : gatewayKey.issuerChain().get(0);
        if (issuer == null) {
            Part none = new Part(false, "the signing key has no issuer chain to ask about");
            return new Revocation(none, none);
        }
        return revocationRead.get(() -> new Revocation(finding(revocation.ocsp(gatewayKey.certificate(), issuer)),
                finding(revocation.crlsOfPath(gatewayKey.certificate(), gatewayKey.issuerChain()))), timeout,
                Revocation::down);
    }

    private Report check(Instant now) {
        Map<String, Part> parts = new LinkedHashMap<>();
        StoreParts store = storeParts();
        parts.put("store", store.store());
        parts.put("signingKey", signingKey(now));
        parts.put("trustedRoots", trustedRoots(now));
        Revocation revoked = revocation();
        parts.put("ocsp", revoked.ocsp());
        parts.put("crl", revoked.crl());
        stateSystems.forEach((serviceId, url) -> parts.put("stateSystem." + serviceId, reachable(url)));
        parts.put("logTimestamps", store.logTimestamps());
        ArchiveRuns.State archive = archiveRuns.state(archiveMaxFailing);
        parts.put("logArchive", new Part(archive.up(), archive.detail()));
        parts.put("outbox", store.outbox());
        // reported, not judged (leak69): while the filter is not filled every replay check reads the log, which answers
        // right, only slower; a load balancer must not take out a gateway that still serves
        parts.put("messageLogFilter", new Part(true, this.store.messageLog().filter().condition()));
        // reported, not judged: an estimated holiday is no outage, and a load balancer must not take the gateway out
        parts.put("calendar", new Part(true, calendar.get()));
        return new Report(now, Map.copyOf(parts));
    }

    private Part signingKey(Instant now) {
        Instant notAfter = gatewayKey.certificate().getNotAfter().toInstant();
        Instant notBefore = gatewayKey.certificate().getNotBefore().toInstant();
        if (now.isAfter(notAfter) || now.isBefore(notBefore)) {
            return new Part(false, "certificate valid only from " + notBefore + " to " + notAfter);
        }
        long days = Duration.between(now, notAfter).toDays();
        String detail = "certificate expires " + notAfter + " (in " + days + " days)";
        return new Part(true, now.plus(keyExpiryWarning).isAfter(notAfter) ? detail + ": renew it soon" : detail);
    }

    /** roots56: each configured root's end; down when none the gateway's own chain needs is within its dates. */
    private Part trustedRoots(Instant now) {
        X509Certificate top = gatewayKey.issuerChain().isEmpty() ? gatewayKey.certificate()
                : gatewayKey.issuerChain().get(gatewayKey.issuerChain().size() - 1);
        TrustedRootDates.State state = TrustedRootDates.state(trustedRoots, top, now, keyExpiryWarning);
        return new Part(state.up(), state.detail());
    }

    private static Part stamp(HeadStamping.State state) {
        return new Part(state.up(), state.detail());
    }

    private static Part finding(RevocationProbe.Finding f) {
        return new Part(f.up(), f.detail());
    }

    private Part reachable(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            return new Part(true, url + " accepts connections");
        } catch (IOException | IllegalArgumentException e) {
            return new Part(false, url + " cannot be reached: " + e.getMessage());
        }
    }

    /** The outbox is reported, not judged: a backlog or stopped callbacks need the operator, not a restart. */
    private static Part outbox(Supplier<Long> backlog, Supplier<Long> stopped) {
        return new Part(true, backlog.get() + " callbacks owed, " + stopped.get() + " stopped");
    }

    /**
     * The report as JSON: {"status":"UP|DOWN","checkedAt":...,"parts":{"store":{"status":..,"detail":..},..}}; without
     * {@code details} each part has its status only. The details name internal addresses (state systems, OCSP, CRL)
     * and what a failing service answered, for the operator, not for whoever reaches the monitoring port.
     */
    public static String json(Report report, boolean details) {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(report.up() ? "UP" : "DOWN")
                .append("\",\"checkedAt\":\"").append(report.checkedAt()).append("\",\"parts\":{");
        String separator = "";
        for (Map.Entry<String, Part> p : new TreeMap<>(report.parts()).entrySet()) {
            json.append(separator).append(quote(p.getKey())).append(":{\"status\":\"")
                    .append(p.getValue().up() ? "UP" : "DOWN").append('"');
            if (details) {
                json.append(",\"detail\":").append(quote(p.getValue().detail()));
            }
            json.append('}');
            separator = ",";
        }
        return json.append("}}").toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
