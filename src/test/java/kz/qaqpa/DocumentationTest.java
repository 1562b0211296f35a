package kz.qaqpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.settings.DemoDefaults;
import kz.qaqpa.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * What an outsider reads against what the build has: README's and docs/operations.md's configuration tables against
 * application.properties (every key in a table, every key a table names in the file, the defaults they show), the
 * fault code table against {@link FaultCode}, every link, repository path and jar the documents name, and README's
 * map of the tests against the test classes there are.
 */
class DocumentationTest {
    /** Where the settings are documented: a file and the heading its table follows. */
    private static final List<String[]> CONFIGURATION_TABLES = List.of(
            new String[] {"README.md", "## Configuration"}, new String[] {"docs/operations.md", "## Configuration"});
    private static final List<Path> DOCUMENTS = documents();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** A repository path in backticks, from a directory the repository has (no placeholders or wildcards). */
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("`((?:routes|xsd|wsdl|docs|src|mocks)/[A-Za-z0-9_./-]+)`");
    private static final Pattern JAR = Pattern.compile("java (?:-cp|-jar) (\\S+\\.jar)");

    @Test
    void everyKeyOfApplicationPropertiesIsInAConfigurationTable() {
        List<String> documented = tableRows().stream().flatMap(row -> row.keys().stream()).toList();
        List<String> undocumented = file().stringPropertyNames().stream().filter(key -> key.startsWith("qaqpa."))
                .filter(key -> documented.stream().noneMatch(named -> matches(named, key))).sorted().toList();
        assertThat(documented).as("keys the tables name").isNotEmpty();
        assertThat(undocumented).as("keys of application.properties in no configuration table").isEmpty();
    }

    @Test
    void everyKeyATableNamesIsInApplicationProperties() {
        Set<String> keys = file().stringPropertyNames();
        List<String> missing = tableRows().stream().flatMap(row -> row.keys().stream())
                .filter(named -> keys.stream().noneMatch(key -> matches(named, key))).toList();
        assertThat(missing).as("keys the tables name that application.properties does not have").isEmpty();
    }

    /** Where a row's default cell lists one value per key (`value` or empty), each is the file's. */
    @Test
    void theDefaultsTheTablesShowAreTheFilesValues() {
        Properties file = file();
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Row row : tableRows()) {
            List<String> values = row.defaults();
            for (int i = 0; i < row.keys().size() && values.size() == row.keys().size(); i++) {
                String key = row.keys().get(i);
                if (values.get(i) == null || !file.containsKey(key)) {
                    continue;
                }
                compared++;
                String value = file.getProperty(key).replaceAll("\\s+", " ").strip();
                if (!value.equals(values.get(i))) {
                    wrong.add(key + ": the table says '" + values.get(i) + "', the file '" + value + "'");
                }
            }
        }
        assertThat(compared).as("defaults compared").isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theFaultCodeTableIsFaultCode() {
        String table = section(read(Path.of("README.md")), "### Fault codes");
        Set<String> documented = new TreeSet<>(found(Pattern.compile("(?m)^\\| (SCE\\d{3}) \\|"), table));
        Set<String> codes = Stream.of(FaultCode.values()).map(FaultCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(codes);
        Set<String> named = new TreeSet<>();
        DOCUMENTS.forEach(document -> named.addAll(found(Pattern.compile("\\b(SCE\\d{3})\\b"), read(document))));
        assertThat(named).as("codes the documents name").isSubsetOf(codes);
    }

    @Test
    void everyLinkAndRepositoryPathTheDocumentsNameExists() {
        List<String> broken = new ArrayList<>();
        for (Path document : DOCUMENTS) {
            String text = read(document);
            for (String target : found(LINK, text)) {
                if (!target.startsWith("http") && !linkResolves(document, target)) {
                    broken.add(document + ": link " + target);
                }
            }
            for (String path : found(REPOSITORY_PATH, text)) {
                if (!path.contains("...") && !pathExists(document, path)) {
                    broken.add(document + ": path " + path);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    /** A command the documents give runs a jar the build makes (the pom's artifactId and version). */
    @Test
    void everyJarACommandRunsIsOneTheBuildMakes() {
        Matcher pom = Pattern.compile("<artifactId>(qaqpa)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(Path.of("pom.xml")));
        assertThat(pom.find()).as("the pom's own coordinates").isTrue();
        String prefix = "target/" + pom.group(1) + "-" + pom.group(2);
        Set<String> built = Set.of(prefix + "-all.jar", prefix + "-gateway.jar");
        List<String> unknown = new ArrayList<>();
        for (Path document : DOCUMENTS) {
            found(JAR, read(document)).stream().filter(jar -> !built.contains(jar))
                    .forEach(jar -> unknown.add(document + ": " + jar));
        }
        assertThat(unknown).as("jars the build does not make (%s)", built).isEmpty();
    }

    /** README's "## Tests" has a table row for every test class, and each test class it names is one there is. */
    @Test
    void theTestsSectionNamesEveryTestClassAndNoOther() {
        String tests = section(read(Path.of("README.md")), "## Tests");
        Set<String> rows = new TreeSet<>(found(Pattern.compile("(?m)^\\| `(\\w+)` \\|"), tests));
        // an IT class ends in a lower-case letter then IT, so `LIMIT` or `COMMIT` is no class name (review67b J1)
        Set<String> named = new TreeSet<>(found(Pattern.compile("`(\\w+(?:Test|[a-z]IT))`"), tests));
        Set<String> classes = testClasses();
        List<String> wrong = new ArrayList<>();
        classes.stream().filter(name -> !rows.contains(name)).forEach(name -> wrong.add("no row: " + name));
        named.stream().filter(name -> !classes.contains(name)).forEach(name -> wrong.add("no such class: " + name));
        assertThat(wrong).as("README's Tests section against the *Test.java and *IT.java classes under src/test/java")
                .isEmpty();
    }

    /**
     * ops43: docs/production.md's command, its {@code export}s taken as written, names only settings the gateway reads
     * and leaves none of the demo's values the start refuses with the test PKI off ({@link DemoDefaults}, the check
     * {@code GatewayAssembly} runs). Until ops43 it set the passwords of four of the eight {@code qaqpa.senders} only,
     * so a gateway started as documented stopped at once: "qaqpa.sender.MZH_EDU.password is the demo's password".
     */
    @Test
    void theProductionCommandSetsWhatAProductionStartAsksFor() {
        Properties file = file();
        Map<String, String> given = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        // the first sh block after the heading (section() would stop at the block's first "# comment" line)
        ProductionCommand.read().exports().forEach((name, value) -> file.stringPropertyNames().stream()
                .filter(k -> Settings.environmentName(k).equals(name)).findFirst()
                .ifPresentOrElse(k -> given.put(k, value), () -> unknown.add(name)));
        assertThat(unknown).as("exported variables naming no setting").isEmpty();
        assertThat(given).as("the command's settings").containsEntry("qaqpa.test-pki.enabled", "false");
        Settings production = Settings.standalone(given);

        assertThatCode(() -> DemoDefaults.refuseIn(production::getOrNull, Settings.shipped()))
                .as("the start's refusal of the demo's values (given %s)", given).doesNotThrowAnyException();
    }

    /** The simple names of the *Test.java (surefire's) and *IT.java (failsafe's) classes under src/test/java. */
    private static Set<String> testClasses() {
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("Test.java") || name.endsWith("IT.java"))
                    .map(name -> name.substring(0, name.length() - ".java".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row of a configuration table: the keys its first cell names (patterns included) and its default cell. */
    private record Row(List<String> keys, String defaultCell) {
        /** One value per key where the cell lists them: `value` (a unit may follow) or "empty"; null if unclear. */
        List<String> defaults() {
            List<String> values = new ArrayList<>();
            for (String part : defaultCell.split(",\\s+(?=`|empty)")) {
                Matcher value = Pattern.compile("`([^`]*)`(?:\\s*\\(?ms\\)?)?").matcher(part.strip());
                if (value.matches()) {
                    values.add(value.group(1));
                } else {
                    values.add(part.strip().startsWith("empty") ? "" : null);
                }
            }
            return values.size() == 1 && "".equals(values.get(0)) ? keys.stream().map(key -> "").toList() : values;
        }
    }

    private static List<Row> tableRows() {
        List<Row> rows = new ArrayList<>();
        for (String[] table : CONFIGURATION_TABLES) {
            for (String line : section(read(Path.of(table[0])), table[1]).split("\n")) {
                if (line.startsWith("| `")) {
                    String[] cells = line.split("\\|");
                    rows.add(new Row(keys(cells[1]), cells[2].strip()));
                }
            }
        }
        return rows;
    }

    /** The keys of a first cell: `a.b.c`, `.d` (a.b.d: the last full key's prefix), `a.<id>.e`, `a.{x,y}.f`, `a.*`. */
    private static List<String> keys(String cell) {
        List<String> keys = new ArrayList<>();
        String prefix = "";
        for (String named : found(Pattern.compile("`([^`]+)`"), cell)) {
            if (named.startsWith(".")) {
                keys.add(prefix + named);
            } else if (named.startsWith("qaqpa.")) {
                keys.add(named);
                int brace = named.indexOf('{');
                prefix = named.substring(0, named.lastIndexOf('.', brace < 0 ? named.length() : brace));
            }
        }
        return keys;
    }

    /** Whether a key named in a table (a pattern where it has `<...>`, `{a,b}` or `*`) names this key of the file. */
    private static boolean matches(String named, String key) {
        StringBuilder regex = new StringBuilder();
        Matcher part = Pattern.compile("<[^>]+>|\\{([^}]+)}|\\*|[^<{*]+").matcher(named);
        while (part.find()) {
            String token = part.group();
            if (token.startsWith("<")) {
                regex.append("[^.]+");
            } else if (token.startsWith("{")) {
                regex.append(Arrays.stream(part.group(1).split(",")).map(Pattern::quote)
                        .collect(Collectors.joining("|", "(?:", ")")));
            } else if (token.equals("*")) {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(token));
            }
        }
        return key.matches(regex.toString());
    }

    /** A path from the repository's root or from the document's directory. */
    private static boolean pathExists(Path document, String path) {
        return Files.exists(Path.of(path)) || Files.exists(document.resolveSibling(path));
    }

    private static boolean linkResolves(Path document, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? document : document.resolveSibling(path).normalize();
        if (!Files.exists(file)) {
            return false;
        }
        return hash < 0 || Files.isDirectory(file) || anchors(read(file)).contains(target.substring(hash + 1));
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(String markdown) {
        return found(Pattern.compile("(?m)^#+ (.+)$"), markdown).stream()
                .map(heading -> heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    /** The text from a heading to the next heading of the same or a higher level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading);
        assertThat(start).as("heading %s", heading).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        Matcher next = Pattern.compile("(?m)^#{1," + (level.length() - 1) + "} ").matcher(markdown);
        int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
        return markdown.substring(start, end);
    }

    private static List<String> found(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Path> documents() {
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("mocks/README.md")));
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties file() {
        return TestResources.properties("application.properties");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
