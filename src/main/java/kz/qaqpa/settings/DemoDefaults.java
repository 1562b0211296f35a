package kz.qaqpa.settings;

import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import kz.qaqpa.TrustSetup;

/**
 * The settings production may not leave at the demo's values, which are published with Qaqpa in its
 * application.properties: checked at start when the test PKI is off, each refusal naming the setting and its
 * environment variable, as a demo key or trust root is refused ({@link TrustSetup}).
 */
public final class DemoDefaults {
    /** A shipped value naming one of these settings points at a demo system: a mock or the test PKI. */
    private static final Pattern DEMO_ADDRESS = Pattern.compile("\\{\\{(qaqpa\\.(?:mocks|test-pki)\\.[^{}]+)}}");

    private DemoDefaults() {
    }

    /** Refuses (IllegalStateException) the first setting of {@code settings} still at a demo value of {@code shipped}. */
    public static void refuseIn(Function<String, String> settings, Properties shipped) {
        refuseDemoPasswords(settings, shipped);
        refuseDemoAddresses(settings, shipped);
    }

    /** A sender's password left at the demo's: anyone who read Qaqpa's source could send as that system. */
    private static void refuseDemoPasswords(Function<String, String> settings, Properties shipped) {
        for (String id : Settings.list("qaqpa.senders", settings.apply("qaqpa.senders"), Settings.Empty.REFUSED)) {
            String key = "qaqpa.sender." + id + ".password";
            String demo = shipped.getProperty(key);
            if (demo != null && demo.trim().equals(trimmed(settings.apply(key)))) {
                throw refusal(key + " is the demo's password, published with Qaqpa: with qaqpa.test-pki.enabled=false "
                        + "give sender " + id + " its own", key);
            }
        }
    }

    /**
     * An address (a state system's, a sender's callback, the time-stamp authority's) left at the demo's, which names a
     * mock's or the test PKI's port on this machine: the gateway would call whatever listens there with citizens'
     * data. Compared after the placeholders are resolved with the settings given, so a moved mock port is no way out.
     */
    private static void refuseDemoAddresses(Function<String, String> settings, Properties shipped) {
        for (String key : shipped.stringPropertyNames().stream().sorted().toList()) {
            String demo = shipped.getProperty(key);
            if (key.startsWith("qaqpa.mocks.") || key.startsWith("qaqpa.test-pki.") || !DEMO_ADDRESS.matcher(demo).find()) {
                continue;
            }
            String given = trimmed(settings.apply(key));
            if (given.equals(Settings.placeholders(demo.trim(), settings))) {
                throw refusal(key + " is the demo's address " + given + " (a mock or the test PKI): with "
                        + "qaqpa.test-pki.enabled=false give the real system's address", key);
            }
        }
    }

    private static IllegalStateException refusal(String why, String key) {
        return new IllegalStateException(why + " (environment: " + Settings.environmentName(key)
                + "; docs/production.md)");
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
