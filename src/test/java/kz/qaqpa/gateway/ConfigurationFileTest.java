package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * application.properties against the code that reads it: values in ASCII, every key the gateway (or its embedded
 * mocks) reads by name is in the file with its default, and no key there is left unread.
 */
class ConfigurationFileTest {
    private static final Path FILE = Path.of("src/main/resources/application.properties");
    /**
     * A key read by name: Settings' typed reads (a list's with what an empty value means after the key), or the
     * property functions of the registries and the catalogue.
     */
    private static final Pattern READ = Pattern.compile(
            "\\b(?:get|getOrNull|integer|bool|duration|list|apply)\\(\"(qaqpa\\.[A-Za-z0-9_.-]+)\"[,)]");
    /** A list read with its additive form (Settings.listWithExtra): the key and the key with ".extra" (regs65). */
    private static final Pattern READ_WITH_EXTRA = Pattern.compile(
            "\\blistWithExtra\\(\"(qaqpa\\.[A-Za-z0-9_.-]+)\"[,)]");
    /** The same read through a constant the code names ({@code listWithExtra(DOCUMENTS, ...)}, regs66). */
    private static final Pattern READ_WITH_EXTRA_CONSTANT = Pattern.compile("\\blistWithExtra\\(([A-Z][A-Z_]*)[,)]");
    /** A key read as a Camel placeholder (routes, regulation blocks, other values of the file). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(qaqpa\\.[A-Za-z0-9_.-]+)}}");
    /** A key of one registered sender or service (its id listed in qaqpa.senders / qaqpa.services). */
    private static final Pattern PER_ID = Pattern.compile("qaqpa\\.(sender|service|adapter)\\.([^.]+)\\..+");
    /** A service's signer per locality (the locality listed in its result-signer-localities). */
    private static final Pattern PER_LOCALITY = Pattern.compile("(qaqpa\\.service\\.[^.]+\\.)locality\\.([^.]+)\\..+");

    /**
     * java.util.Properties reads the file as ISO-8859-1: any non-Latin text outside comments would reach the channels
     * garbled, so values must use \\u escapes.
     */
    @Test
    void valuesAreAsciiOnly() throws Exception {
        List<String> offending = Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.stripLeading().startsWith("#"))
                .filter(line -> line.chars().anyMatch(c -> c > 127))
                .toList();
        assertThat(offending).as("lines with non-ASCII values").isEmpty();
    }

    @Test
    void everyKeyTheCodeReadsByNameIsInTheFile() {
        Set<String> read = new TreeSet<>(matches(READ, text("src/main/java", "mocks/java")));
        read.addAll(readWithExtra(text("src/main/java", "mocks/java")));
        read.addAll(matches(PLACEHOLDER, text("routes", "src/main/resources")));
        assertThat(read).as("keys read by name").isNotEmpty();
        read.removeAll(file().stringPropertyNames());
        assertThat(read).as("keys read but not in application.properties").isEmpty();
    }

    /**
     * ops61: every key the code reads typed (a number, a port, a duration, a boolean) and every route timer's period
     * is read at the start before anything is made in the data directory ({@code TypedSettings}), in the form the
     * code reads it: a key added to a part built after the store opens, and left out of that list, would again be
     * refused only after the store was made (walk60's Left).
     */
    @Test
    void everyKeyReadTypedIsCheckedBeforeTheDataDirectoryIsUsed() {
        java.util.Map<String, kz.qaqpa.settings.TypedSettings.Form> checked = kz.qaqpa.settings.TypedSettings.checked();
        Matcher read = TYPED_READ.matcher(text("src/main/java", "mocks/java"));
        java.util.Map<String, String> missing = new java.util.TreeMap<>();
        while (read.find()) {
            kz.qaqpa.settings.TypedSettings.Form form = kz.qaqpa.settings.TypedSettings.Form.valueOf(switch (read.group(1)) {
                case "integer" -> "INTEGER";
                case "wholeNumber" -> "WHOLE_NUMBER";
                case "port" -> "PORT";
                case "duration" -> "DURATION";
                default -> "BOOLEAN";
            });
            if (checked.get(read.group(2)) != form) {
                missing.put(read.group(2), form + ", checked as " + checked.get(read.group(2)));
            }
        }
        Matcher period = TIMER_PERIOD.matcher(text("routes"));
        while (period.find()) {
            if (checked.get(period.group(1)) != kz.qaqpa.settings.TypedSettings.Form.PERIOD) {
                missing.put(period.group(1), "PERIOD, checked as " + checked.get(period.group(1)));
            }
        }
        assertThat(missing).as("keys read typed but not checked before the data directory is used").isEmpty();
        assertThat(checked.keySet()).as("checked keys that are settings").isSubsetOf(file().stringPropertyNames());
    }

    /** Settings' typed reads of a key named in the code. */
    private static final Pattern TYPED_READ = Pattern.compile(
            "\\b(integer|wholeNumber|port|duration|bool)\\(\"(qaqpa\\.[A-Za-z0-9_.-]+)\"\\)");
    /** A Camel timer's period (or delay) given by a setting in a route file. */
    private static final Pattern TIMER_PERIOD = Pattern.compile(
            "timer:[^\"]*?(?:period|delay)=\\{\\{(qaqpa\\.[A-Za-z0-9_.-]+)}}");

    /** Camel's own keys (camel.*) are read by Camel Main; every qaqpa.* key must be read by us. */
    @Test
    void everyKeyInTheFileIsRead() {
        Properties file = file();
        String code = text("src/main/java", "mocks/java");
        Set<String> placeholders = matches(PLACEHOLDER, text("routes", "src/main/resources"));
        placeholders.addAll(readWithExtra(code));
        List<String> unread = file.stringPropertyNames().stream().filter(key -> key.startsWith("qaqpa."))
                .filter(key -> !code.contains("\"" + key + "\"") && !placeholders.contains(key)
                        && !readPerId(key, file, code))
                .sorted().toList();
        assertThat(unread).as("keys of application.properties nothing reads").isEmpty();
    }

    /** The lists the code reads with their additive form, each with its ".extra" key. */
    private static Set<String> readWithExtra(String code) {
        Set<String> keys = new TreeSet<>();
        Set<String> read = matches(READ_WITH_EXTRA, code);
        for (String constant : matches(READ_WITH_EXTRA_CONSTANT, code)) {
            read.addAll(matches(Pattern.compile("\\bString " + constant + " = \"(qaqpa\\.[A-Za-z0-9_.-]+)\";"), code));
        }
        read.forEach(key -> keys.addAll(List.of(key, key + ".extra")));
        return keys;
    }

    /**
     * A key the code builds from a prefix it names ("qaqpa.sender." + id + ".bin"): the prefix is in the code, the
     * id is registered, and the key's last part is a string the code names (bin, .route, DELIVERED).
     */
    private static boolean readPerId(String key, Properties file, String code) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        boolean prefixAndLast = Stream.of("qaqpa.sender.", "qaqpa.service.", "qaqpa.adapter.", "qaqpa.status-text.")
                .anyMatch(prefix -> key.startsWith(prefix) && code.contains("\"" + prefix + "\""))
                && (code.contains("\"" + last + "\"") || code.contains("\"." + last + "\""));
        Matcher perId = PER_ID.matcher(key);
        if (perId.matches()) {
            String list = perId.group(1).equals("sender") ? "qaqpa.senders" : "qaqpa.services";
            prefixAndLast &= listed(file, list, perId.group(2));
        }
        Matcher perLocality = PER_LOCALITY.matcher(key);
        if (perLocality.matches()) {
            prefixAndLast &= listed(file, perLocality.group(1) + "result-signer-localities", perLocality.group(2));
        }
        return prefixAndLast;
    }

    private static boolean listed(Properties file, String listKey, String id) {
        return Stream.of(file.getProperty(listKey, "").split(",")).map(String::trim).anyMatch(id::equals);
    }

    private static Properties file() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(FILE)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Every text file below the directories, one string (the file's own lines included: its values name keys). */
    private static String text(String... directories) {
        return Stream.of(directories).map(Path::of).flatMap(ConfigurationFileTest::files).map(ConfigurationFileTest::read)
                .collect(Collectors.joining("\n"));
    }

    private static Stream<Path> files(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
