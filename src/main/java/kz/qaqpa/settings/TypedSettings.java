package kz.qaqpa.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.camel.converter.DurationConverter;

/**
 * Every typed setting of the gateway read once, before anything is made in the data directory (ops61, walk60's
 * Left): a value that does not parse is refused on one line naming its key, as the part that reads it later would
 * refuse it, but before the test PKI, the console's token or the store are made there (a malformed qaqpa.http.port was
 * refused only after the store was created and migrated). The parts still read their settings themselves; this list
 * only brings the refusal forward, and ConfigurationFileTest holds it to every key the code and the routes read typed.
 */
public final class TypedSettings {
    /** How a setting is written, and the read that refuses it otherwise (the same as the part's own). */
    public enum Form {
        INTEGER(Settings::integer),
        WHOLE_NUMBER(Settings::wholeNumber),
        PORT(Settings::port),
        DURATION(Settings::duration),
        BOOLEAN(Settings::bool),
        ADDRESS((s, key) -> Settings.url(key, s.get(key))),
        /**
         * A route timer's period as Camel's timer reads it (milliseconds, its time pattern 5s, 1m30s, 1d, or an
         * ISO-8601 duration PT5M: {@code DurationConverter}), which must come to a positive time: Camel reads text that
         * is no period as 0, a timer that fires once (review61b: a pattern of ours refused 1d; review62: camel-util's
         * TimeUtils, which session 61 read it with, gives 0 for PT5M, which the timer takes).
         */
        PERIOD((s, key) -> {
            String value = s.get(key);
            if (periodMillis(value) <= 0) {
                throw new IllegalStateException(key + " = '" + value + "' is not a period (milliseconds such as 300,"
                        + " or 5s, 1m30s, 1d, PT5M)");
            }
        }),
        /** An address, or empty for none (the time-stamping authority). */
        ADDRESS_OR_NONE((s, key) -> {
            String value = s.getOrNull(key);
            if (value != null && !value.isBlank()) {
                Settings.url(key, value);
            }
        });

        private final BiConsumer<Settings, String> read;

        Form(BiConsumer<Settings, String> read) {
            this.read = read;
        }
    }

    private static final Map<String, Form> GATEWAY = forms(
            Form.PORT, List.of("qaqpa.http.port", "qaqpa.operator.port", "qaqpa.monitoring.port",
                    "qaqpa.test-pki.port"),
            Form.INTEGER, List.of("qaqpa.adapter.max-calls-at-once", "qaqpa.db.cache-rows",
                    "qaqpa.db.checkpoint-log-mb", "qaqpa.db.checkpoint-quiet-log-mb", "qaqpa.db.pool-size",
                    "qaqpa.http.io-threads", "qaqpa.http.linger-bytes", "qaqpa.http.max-connections",
                    "qaqpa.http.max-connections-per-address", "qaqpa.http.max-head-bytes", "qaqpa.http.worker-threads",
                    "qaqpa.log.archive.max-records", "qaqpa.max-message-bytes", "qaqpa.message-date.max-remembered",
                    "qaqpa.message-log.filter-bits-per-entry", "qaqpa.message-log.filter-rebuild-share",
                    "qaqpa.operator.page-size", "qaqpa.outbox.batch", "qaqpa.outbox.max-attempts",
                    "qaqpa.outbox.parallel", "qaqpa.overdue.batch", "qaqpa.retention.batch",
                    "qaqpa.retention.max-batches", "qaqpa.trust.max-key-info-certificates",
                    "qaqpa.trust.min-rsa-key-bits", "qaqpa.trust.revocation-cache-size", "qaqpa.xml.max-attributes",
                    "qaqpa.xml.max-depth", "qaqpa.xml.max-document-attributes", "qaqpa.xml.max-namespaces-in-scope",
                    "qaqpa.xml.max-tags"),
            Form.WHOLE_NUMBER, List.of("qaqpa.http.max-buffered-bytes", "qaqpa.http.max-buffered-bytes-per-address",
                    "qaqpa.log.unknown-sender-faults-per-hour", "qaqpa.log.unknown-sender-faults-per-hour-in-all",
                    "qaqpa.message-log.filter-entries", "qaqpa.store.min-free-bytes"),
            // read by Camel as the routes are built (routes/shep-channels.yaml), after the store opens
            Form.PERIOD, List.of("qaqpa.outbox.interval", "qaqpa.log.archive.interval", "qaqpa.log.timestamp.interval",
                    "qaqpa.overdue.interval", "qaqpa.retention.interval"),
            Form.DURATION, List.of("qaqpa.adapter.call-wait", "qaqpa.arrival.clock-skew", "qaqpa.arrival.max-age",
                    "qaqpa.db.checkpoint-quiet", "qaqpa.db.sync-stall", "qaqpa.events.lock-wait", "qaqpa.health.cache",
                    "qaqpa.health.key-expiry-warning", "qaqpa.health.timeout", "qaqpa.http.client-timeout",
                    "qaqpa.http.idle-timeout", "qaqpa.http.linger-time", "qaqpa.http.read-timeout",
                    "qaqpa.http.request-timeout", "qaqpa.http.write-timeout", "qaqpa.log.archive.after",
                    "qaqpa.log.archive.max-failing", "qaqpa.log.timestamp.max-delay", "qaqpa.log.timestamp.timeout",
                    "qaqpa.message-date.max-skew", "qaqpa.message-log.filter-rebuild-wait",
                    "qaqpa.message-log.filter-fill-retry", "qaqpa.message-log.filter-fill-retry-max",
                    "qaqpa.monitoring.gc-pause-log", "qaqpa.monitoring.write-timeout",
                    "qaqpa.operator.write-timeout", "qaqpa.outbox.first-retry-pause", "qaqpa.outbox.max-retry-pause",
                    "qaqpa.provider.redelivery-after", "qaqpa.retention.closed-request-body",
                    "qaqpa.retention.message-log", "qaqpa.retention.outbox-delivered", "qaqpa.retention.provider-queue",
                    "qaqpa.trust.revocation-cache", "qaqpa.trust.timestamp-clock-skew"),
            Form.BOOLEAN, List.of("qaqpa.db.nio-data-file", "qaqpa.mocks.enabled", "qaqpa.test-pki.enabled",
                    "qaqpa.store.backup-before-upgrade", "qaqpa.bench.echo-enabled", "qaqpa.eastana.check-revocation"),
            Form.ADDRESS, List.of("qaqpa.public-url"),
            Form.ADDRESS_OR_NONE, List.of("qaqpa.log.timestamp.url"));

    /** The embedded mocks' (the demo jar's), read only when they run. */
    private static final Map<String, Form> MOCKS = forms(
            Form.PORT, List.of("qaqpa.mocks.gbdfl.port", "qaqpa.mocks.enis.port", "qaqpa.mocks.portal.port",
                    "qaqpa.mocks.con.port", "qaqpa.mocks.eastana.port", "qaqpa.mocks.gbdul.port",
                    "qaqpa.mocks.archive.port"),
            Form.INTEGER, List.of("qaqpa.mocks.provider.workers"),
            Form.DURATION, List.of("qaqpa.mocks.provider.poll-interval"),
            Form.BOOLEAN, List.of("qaqpa.mocks.provider-offices.enabled"));

    private TypedSettings() {
    }

    private static long periodMillis(String value) {
        try {
            return DurationConverter.toDuration(value).toMillis();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Reads every typed setting (the mocks' when qaqpa.mocks.enabled); the first that does not parse is refused. */
    public static void requireReadable(Settings s) {
        GATEWAY.forEach((key, form) -> form.read.accept(s, key));
        if (s.bool("qaqpa.mocks.enabled")) {
            MOCKS.forEach((key, form) -> form.read.accept(s, key));
        }
    }

    /** The keys read here, by form (for ConfigurationFileTest). */
    public static Map<String, Form> checked() {
        Map<String, Form> all = new TreeMap<>(GATEWAY);
        all.putAll(MOCKS);
        return all;
    }

    /** Keys by form, in the order given (form, keys, form, keys, …). */
    private static Map<String, Form> forms(Object... formsAndKeys) {
        Map<String, Form> forms = new LinkedHashMap<>();
        for (int i = 0; i < formsAndKeys.length; i += 2) {
            Form form = (Form) formsAndKeys[i];
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) formsAndKeys[i + 1];
            keys.forEach(key -> forms.put(key, form));
        }
        return Collections.unmodifiableMap(forms);
    }
}
