package kz.qaqpa.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kz.qaqpa.trust.IdentificationNumber;
import org.apache.camel.CamelContext;

/** Typed reads of the configuration (application.properties with environment overrides). */
public record Settings(Function<String, String> source) {

    /**
     * The configuration outside Camel (command-line tools): application.properties from the classpath, overridden by
     * an environment variable (QAQPA_DATA_DIR for qaqpa.data-dir), then by -Dkey=value, then by {@code overrides}.
     */
    public static Settings standalone(Map<String, String> overrides) {
        Properties file = shipped();
        Function<String, String> raw = key -> {
            String env = System.getenv(environmentName(key));
            return overrides.getOrDefault(key, System.getProperty(key, env != null ? env : file.getProperty(key)));
        };
        return resolving(raw);
    }

    /** The settings {@code raw} gives, each value's {{placeholders}} resolved as Camel resolves them for the gateway. */
    public static Settings resolving(Function<String, String> raw) {
        return new Settings(key -> placeholders(raw.apply(key), raw));
    }

    /** The configuration as Camel resolves it for the gateway: a key's value with its nested {{placeholders}}, or null. */
    public static Settings of(CamelContext context) {
        return new Settings(key -> context.getPropertiesComponent().resolveProperty(key).isPresent()
                ? context.resolvePropertyPlaceholders("{{" + key + "}}") : null);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    /**
     * {@code value} with each {@code {{key}}} replaced by that key's value, as Camel resolves them for the gateway
     * (qaqpa.log.archive.dir = {{qaqpa.data-dir}}/archive: the tools must find the same directory); null stays null.
     */
    static String placeholders(String value, Function<String, String> raw) {
        if (value == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String key = m.group(1).trim();
            String inner = placeholders(raw.apply(key), raw);
            if (inner == null) {
                throw new IllegalStateException("configuration key '" + key + "' is missing (named in " + value + ")");
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(inner));
        }
        return m.appendTail(resolved).toString();
    }

    /** The environment variable that overrides {@code key}: QAQPA_DATA_DIR for qaqpa.data-dir. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** application.properties as Qaqpa ships it (the demo's defaults), without any override. */
    public static Properties shipped() {
        Properties file = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public String get(String key) {
        String value = source.apply(key);
        if (value == null) {
            throw new IllegalStateException("configuration key '" + key + "' is missing");
        }
        return value.trim();
    }

    public String getOrNull(String key) {
        String value = source.apply(key);
        return value == null ? null : value.trim();
    }

    // A value that does not parse is refused naming its key and the form expected (review40b), never read as a
    // default: "yes" for a boolean would have been false, silently.

    public int integer(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " = '" + value + "' is not a whole number");
        }
    }

    /** The highest TCP port. */
    private static final int MAX_PORT = 65_535;

    /**
     * A TCP port to listen on (0: any free one). ops61: a port past 65535 was the HTTP server's exception, after the
     * store was made; now refused naming the key, as a value that is no number is.
     */
    public int port(String key) {
        int port = integer(key);
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalStateException(key + " = '" + port + "' is not a TCP port (0 to " + MAX_PORT + ")");
        }
        return port;
    }

    /**
     * A whole number too large for {@link #integer} (a count of bytes or faults); walk60: these were read with a bare
     * Long.parseLong, so "512MB" stopped the start with NumberFormatException's trace naming no key.
     */
    public long wholeNumber(String key) {
        String value = get(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(key + " = '" + value + "' is not a whole number");
        }
    }

    public boolean bool(String key) {
        String value = get(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalStateException(key + " = '" + value + "' is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    public Duration duration(String key) {
        String value = get(key);
        try {
            return Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException(key + " = '" + value + "' is not an ISO-8601 duration (PT15M, PT1H, P2D)");
        }
    }

    /** The schemes an address the gateway calls may have (a state system, a callback, the time-stamping authority). */
    private static final Set<String> WEB_SCHEMES = Set.of("http", "https");

    /**
     * {@code value}, the address setting {@code key}, trimmed, when it is an absolute http or https URL with a host;
     * otherwise the start is refused naming the key (review40b: 'not a url' or an ftp:// address started, and failed
     * at the first call, or at the first stamp, as that system's outage).
     */
    public static String url(String key, String value) {
        String trimmed = value.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || !WEB_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new IllegalStateException(key + " = '" + trimmed + "' is not an http or https address"
                    + " (such as http://host:8080/path)");
        }
        return trimmed;
    }

    /**
     * What a list setting written with no item (an empty value, or only commas) means. Left out, each list means what
     * README's Configuration table says (none, all, or the shipped default). Written empty, it means none where none
     * is something an operator can mean, and is refused at start, naming the key, where "none" would read as the
     * setting left out (all localities, any signer) or leave the gateway unable to work (no service, no algorithm).
     */
    public enum Empty {
        /** No item: the same as the setting left out, which means none too (observers, a sender's grants). */
        NONE,
        /** Refused at start naming the key: the operator wrote the setting and meant some items. */
        REFUSED
    }

    /**
     * The single setting {@code key}, its {@code value} (read by the caller), trimmed; null when absent. Written empty
     * (or blank), as {@code empty} says: NONE, the same as left out, where README's Configuration table gives an
     * empty value a meaning (no callback, the system clock); REFUSED at start, naming the key, where an operator who
     * writes the key means a value and "none" would silently mean something else (a signer's БИН: every result refused,
     * or the service's signer in place of a provider's own).
     */
    public static String single(String key, String value, Empty empty) {
        String trimmed = value == null ? null : value.trim();
        if (trimmed != null && trimmed.isEmpty()) {
            if (empty == Empty.REFUSED) {
                throw new IllegalStateException(key + " is written empty: give its value, or leave the setting out"
                        + " where README's Configuration table says what that means");
            }
            return null;
        }
        return trimmed;
    }

    /**
     * The БИНs or ИИНs of the comma-separated setting {@code key}, read as {@link #list(String, String, Empty)} does,
     * each refused at start naming the key unless 12 digits with a valid check digit: a typo in a signer's number
     * would otherwise start a gateway that refuses every result (no employee of a БИН nobody has).
     */
    public static List<String> identificationNumbers(String key, String value, Empty empty) {
        List<String> numbers = list(key, value, empty);
        numbers.forEach(n -> requireIdentificationNumber(key, n));
        return numbers;
    }

    /** The single БИН or ИИН {@code key}, read as {@link #single(String, String, Empty)} does, checked as above. */
    public static String identificationNumber(String key, String value, Empty empty) {
        String number = single(key, value, empty);
        if (number != null) {
            requireIdentificationNumber(key, number);
        }
        return number;
    }

    private static void requireIdentificationNumber(String key, String number) {
        if (!IdentificationNumber.isValid(number)) {
            throw new IllegalStateException(key + ": " + number + " is no БИН or ИИН (12 digits, the last a check"
                    + " digit)");
        }
    }

    /** The items of the comma-separated setting {@code key}, trimmed; none when absent; empty as {@code empty} says. */
    public List<String> list(String key, Empty empty) {
        return list(key, getOrNull(key), empty);
    }

    /**
     * The items of {@code value}, the comma-separated setting {@code key} (read by the caller, e.g. through a property
     * function), trimmed; none for null; a value with no item as {@code empty} says.
     */
    public static List<String> list(String key, String value, Empty empty) {
        List<String> items = value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        if (value != null && items.isEmpty() && empty == Empty.REFUSED) {
            throw new IllegalStateException(key + " is written with no item (an empty value, or only commas): name at"
                    + " least one, or leave the setting out where README's Configuration table says what that means");
        }
        return items;
    }

    /**
     * The suffix of a list's additive form (regs65): {@code qaqpa.services.extra} adds to {@code qaqpa.services}, so a
     * deployment that adds a service names it once instead of writing the shipped list again (a copy that an upgrade
     * adding a service would leave behind).
     */
    public static final String EXTRA = ".extra";

    /** The items of the list setting {@code key} and then those of its additive form ({@link #listWithExtra}). */
    public List<String> listWithExtra(String key, Empty empty) {
        return listWithExtra(key, this::getOrNull, empty);
    }

    /**
     * The items of the comma-separated setting {@code key}, read as {@link #list(String, String, Empty)} does, then
     * those of {@code key.extra} (none when absent or empty). An additive item the list has already, or one it names
     * twice, is taken once: after an upgrade that ships the item it is the deployment's copy to remove, and refusing
     * the start for it would stop a gateway the upgrade left able to serve (lead, session 65); the start warns of it
     * once ({@link #repeatedAdditions}), not every reader of the list.
     */
    public static List<String> listWithExtra(String key, Function<String, String> property, Empty empty) {
        List<String> items = list(key, property.apply(key), empty);
        List<String> added = list(key + EXTRA, property.apply(key + EXTRA), Empty.NONE).stream()
                .filter(item -> !items.contains(item)).distinct().toList();
        return Stream.concat(items.stream(), added.stream()).toList();
    }

    /** What {@link #listWithExtra} takes once of {@code key.extra}: each item the list has already or it names twice. */
    public static List<String> repeatedAdditions(String key, Function<String, String> property) {
        List<String> items = list(key, property.apply(key), Empty.NONE);
        List<String> extra = list(key + EXTRA, property.apply(key + EXTRA), Empty.NONE);
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < extra.size(); i++) {
            String item = extra.get(i);
            if (items.contains(item) || extra.subList(0, i).contains(item)) {
                repeated.add(key + EXTRA + " names " + item + ", which " + (items.contains(item) ? key
                        + " lists already" : "it names twice") + ": taken once; the additive form names only what it"
                        + " adds (README, Configuration)");
            }
        }
        return repeated;
    }
}
