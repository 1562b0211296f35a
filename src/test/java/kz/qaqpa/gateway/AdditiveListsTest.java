package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kz.qaqpa.regulation.AddedRouteFiles;
import kz.qaqpa.regulation.RegulationBlocks;
import kz.qaqpa.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * regs65 (regs64's Left): a deployment adds a service, a sender's grant or provision, or a route file by the list's
 * additive form (qaqpa.services.extra, qaqpa.sender.<id>.services.extra, .receives.extra, qaqpa.routes.extra) instead
 * of writing the shipped list again; regs66: a regulation's own schemas and block files likewise
 * (qaqpa.documents.schemas.extra, qaqpa.regulation.blocks.extra). Before, those keys were no settings: the start warned of each as unknown and
 * ignored it. What an additive form names that cannot be served refuses the start on one line naming the key
 * (VariantRegulationTest applies to a service added this way over HTTP).
 */
class AdditiveListsTest {
    private static final String ADDED = "TEST_ADDED_SERVICE";
    @TempDir
    Path dataDir;

    @Test
    void theAdditiveFormFollowsTheListAndNamesOnlyWhatItAdds() {
        Map<String, String> settings = Map.of("k", "a, b", "k.extra", " c ,d,");
        assertThat(Settings.listWithExtra("k", settings::get, Settings.Empty.REFUSED))
                .containsExactly("a", "b", "c", "d");
        assertThat(Settings.listWithExtra("k", Map.of("k", "a")::get, Settings.Empty.REFUSED)).containsExactly("a");
        assertThat(Settings.listWithExtra("k", Map.of("k.extra", "c")::get, Settings.Empty.NONE)).containsExactly("c");
        // an item the list has (an upgrade shipped it) or named twice: taken once, with a WARN (lead, session 65)
        assertThat(Settings.listWithExtra("k", Map.of("k", "a,b", "k.extra", "c,b")::get, Settings.Empty.NONE))
                .containsExactly("a", "b", "c");
        assertThat(Settings.listWithExtra("k", Map.of("k", "a", "k.extra", "c,c")::get, Settings.Empty.NONE))
                .containsExactly("a", "c");
        // said once, by the start (Registries), not by each reader of the list
        assertThat(Settings.repeatedAdditions("k", Map.of("k", "a,b", "k.extra", "c,b,c")::get)).containsExactly(
                "k.extra names b, which k lists already: taken once; the additive form names only what it adds"
                        + " (README, Configuration)",
                "k.extra names c, which it names twice: taken once; the additive form names only what it adds"
                        + " (README, Configuration)");
        assertThat(Settings.repeatedAdditions("k", Map.of("k", "a", "k.extra", "c")::get)).isEmpty();
    }

    /**
     * review65b: Camel Main takes a pattern ending {@code ?optional=true} finding no file (it strips the suffix before
     * it looks); the added pattern's check looked with the suffix and refused the start for a file that was there.
     */
    @Test
    void anOptionalAddedPatternIsTakenAsCamelTakesIt() throws Exception {
        for (String pattern : List.of("classpath:routes-variant/*.yaml?optional=true",
                "classpath:routes-none/*.yaml?optional=true")) {
            try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
                context.getPropertiesComponent().addOverrideProperty(AddedRouteFiles.EXTRA, pattern);
                context.getPropertiesComponent().addOverrideProperty("camel.main.routes-include-pattern",
                        "classpath:routes/*.yaml," + pattern);
                AddedRouteFiles.require(context);
            }
        }
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.getPropertiesComponent().addOverrideProperty(AddedRouteFiles.EXTRA, "classpath:routes-none/*.yaml");
            context.getPropertiesComponent().addOverrideProperty("camel.main.routes-include-pattern",
                    "classpath:routes/*.yaml,classpath:routes-none/*.yaml");
            assertThatThrownBy(() -> AddedRouteFiles.require(context)).hasMessage(AddedRouteFiles.EXTRA
                    + " names classpath:routes-none/*.yaml, which finds no route file");
        }
    }

    /** Each refused before anything is made in the data directory or a route is loaded. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "qaqpa.services.extra | " + ADDED + " | service " + ADDED + " has no route: qaqpa.service." + ADDED
                    + ".route is not set",
            "qaqpa.sender.CON.services.extra | ALMATY_2015_GUARDIANSHIP_CERTIFICATE | qaqpa.sender.CON.services.extra"
                    + " names ALMATY_2015_GUARDIANSHIP_CERTIFICATE, which is no service of qaqpa.services",
            "qaqpa.sender.ALMATY_EDU.receives.extra | " + ADDED + " | qaqpa.sender.ALMATY_EDU.receives.extra names "
                    + ADDED + ", which is no service of qaqpa.services",
            "qaqpa.routes.extra | classpath:routes-varaint/*.yaml | qaqpa.routes.extra names"
                    + " classpath:routes-varaint/*.yaml, which finds no route file",
            "qaqpa.routes.extra | classpath:routes/*.yaml | qaqpa.routes.extra names classpath:routes/*.yaml, which"
                    + " camel.main.routes-include-pattern loads already",
            "qaqpa.routes.extra | \"classpath:routes-variant/*.yaml, classpath:routes-test/*.yaml\" |"
                    + " qaqpa.routes.extra writes ' classpath:routes-test/*.yaml' with spaces",
            // regs66: a regulation's own schemas and block files
            "qaqpa.documents.schemas.extra | xsd-variant/test-variant-pased.xsd | schema"
                    + " xsd-variant/test-variant-pased.xsd is not on the classpath (qaqpa.documents.schemas or its"
                    + " qaqpa.documents.schemas.extra names it",
            "qaqpa.documents.schemas.extra | xsd-variant/own/person.xsd | qaqpa.documents.schemas (with its .extra)"
                    + " names xsd-variant/own/person.xsd and xsd/person.xsd, one file name",
            "qaqpa.regulation.blocks.extra | classpath:blocks-varaint/*.yaml | no regulation block file"
                    + " classpath:blocks-varaint/*.yaml (qaqpa.regulation.blocks.extra)",
            "qaqpa.regulation.blocks.extra | classpath:blocks-clash/*.yaml | blocks-clash/almaty-2015-family-con.yaml:"
                    + " block almaty-2015-family-con is defined in "})
    void anAdditionThatCannotBeServedIsRefusedAtStart(String key, String value, String refusal) {
        assertThat(refusedStart(Map.of(key, value))).contains(refusal);
    }

    /**
     * review66b R2: an added block pattern finding a file the shipped patterns load (after an upgrade that ships the
     * deployment's block file under its name) is taken once with a WARN naming both keys' patterns, as an additive
     * list's repeated item is (lead, session 65); its blocks are read once, not "defined twice". Before: the start was
     * refused ("... a file qaqpa.regulation.blocks loads already: the additive form names only what it adds").
     */
    @Test
    void anAddedBlockPatternFindingAFileLoadedAlreadyIsTakenOnce() throws Exception {
        String added = "classpath:regulation-blocks/almaty-2015-family.yaml";
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext();
             LogLines log = new LogLines()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            context.getPropertiesComponent().addOverrideProperty(RegulationBlocks.FILES + Settings.EXTRA, added);
            RegulationBlocks.register(context);
            assertThat(context.resolvePropertyPlaceholders("{{block.almaty-2015-family-con.channel}}"))
                    .as("the file's blocks, served").isEqualTo("CON");
            assertThat(log.containing(RegulationBlocks.FILES + Settings.EXTRA + " names " + added + ", which finds "))
                    .singleElement().asString().contains("almaty-2015-family.yaml, a file " + RegulationBlocks.FILES
                            + "'s classpath:regulation-blocks/*.yaml loads already: taken once; the additive form"
                            + " names only what it adds");
        }
    }

    /**
     * review66 3: an added service without its channel, or with a word no channel is: refused naming the key (the
     * first stopped the start with a bare NullPointerException; the second registered a service nothing serves).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "| has no channel: qaqpa.service." + ADDED + ".channel is not set; give sync",
            "mobile | qaqpa.service." + ADDED + ".channel = 'mobile' is no channel; give sync"})
    void anAddedServiceWithoutAChannelItsServedOnIsRefused(String channel, String refusal) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("qaqpa.services.extra", ADDED,
                "qaqpa.service." + ADDED + ".route", "test-variant-certificates"));
        if (channel != null) {
            settings.put("qaqpa.service." + ADDED + ".channel", channel);
        }
        assertThat(refusedStart(settings)).contains(refusal);
    }

    /**
     * The shipped routes' setting written whole, without its placeholder: the added file would not be loaded, and the
     * service it serves would refuse each application as unknown.
     */
    @Test
    void anAddedRouteFileTheRoutesSettingDoesNotLoadIsRefused() {
        assertThat(refusedStart(Map.of("camel.main.routes-include-pattern",
                "classpath:routes/templates/*.yaml,classpath:routes/*.yaml", "qaqpa.routes.extra",
                "classpath:routes-variant/*.yaml")))
                .contains("qaqpa.routes.extra names classpath:routes-variant/*.yaml, which"
                        + " camel.main.routes-include-pattern does not load: written whole, it must keep"
                        + " {{qaqpa.routes.extra}}");
    }

    /**
     * Lead, session 68 (regs67's Left): an added pattern finding a shipped route file again under another location (a
     * deployment's copy of it): Camel loaded the file twice and stopped on its duplicate route id, a message naming no
     * setting. Now refused before the routes load, naming both patterns and the file.
     */
    @Test
    void anAddedPatternFindingAShippedFileAgainIsRefused() {
        String copy = "file:" + Path.of("routes").toAbsolutePath() + "/almaty-2015-fam*.yaml";
        assertThat(refusedStart(Map.of(AddedRouteFiles.EXTRA, copy))).contains(AddedRouteFiles.EXTRA + "'s " + copy
                + " finds almaty-2015-family.yaml, which camel.main.routes-include-pattern's classpath:routes/*.yaml"
                + " loads already");
    }

    /**
     * start69 (the lead's note of session 68): an added pattern naming one file, without a wildcard
     * ({@code file:/etc/qaqpa/routes/one.yaml}), as Camel's own routes setting takes it, loads that file and its route
     * runs, as the documented directory pattern's would.
     */
    @Test
    void anAddedPatternNamingOneFileLoadsIt() throws Exception {
        Path own = ownRouteFile("one.yaml", "own-one");
        assertThat(answerOfAStartWith("file:" + own, "own-one")).isEqualTo("own-one answered");
    }

    /**
     * start69 (review68b 7): a shipped file's copy edited and renamed, whose routes keep the shipped ids, is refused
     * naming both patterns, both files and the route id: Camel would stop on "Duplicate route ids detected", naming no
     * setting. Before, only a file of a shipped file's name was refused, so this copy reached Camel's message.
     */
    @Test
    void aCopyKeepingAShippedFilesRouteIdsIsRefusedWhateverItsName() throws Exception {
        Path copy = java.nio.file.Files.createDirectories(dataDir.resolve("own-routes")).resolve("family-copy.yaml");
        java.nio.file.Files.writeString(copy, "# the deployment's edit\n"
                + java.nio.file.Files.readString(Path.of("routes", "almaty-2015-family.yaml")));
        assertThat(refusedStart(Map.of(AddedRouteFiles.EXTRA, "file:" + copy))).contains(AddedRouteFiles.EXTRA
                + "'s file:" + copy + " finds family-copy.yaml, whose route id almaty-2015-family-fields is also one"
                + " of almaty-2015-family.yaml's, which camel.main.routes-include-pattern's classpath:routes/*.yaml"
                + " loads");
    }

    /**
     * start69 (review68b 7): a deployment's own route file under a shipped file's name, its routes with ids of their
     * own, loads and its route runs (Camel loads both files). Before, the name alone refused the start ("... which
     * camel.main.routes-include-pattern's classpath:routes/*.yaml loads already").
     */
    @Test
    void aDeploymentsOwnFileUnderAShippedFilesNameLoads() throws Exception {
        Path own = ownRouteFile("almaty-2015-family.yaml", "own-family");
        assertThat(answerOfAStartWith("file:" + own, "own-family")).isEqualTo("own-family answered");
    }

    /** A service added with its settings but its route file left out: refused once the routes are loaded. */
    @Test
    void anAddedServiceWhoseRouteIsNotLoadedIsRefused() {
        String service = "qaqpa.service." + VariantRegulationTest.SERVICE;
        assertThat(refusedStart(Map.of("qaqpa.services.extra", VariantRegulationTest.SERVICE,
                service + ".route", "test-variant-certificates", service + ".channel", "async",
                service + ".result-signer-bin", "{{qaqpa.almaty-education.bin}}")))
                .contains(service + ".route = 'test-variant-certificates' is no route the gateway loaded");
    }

    /**
     * review66 8d: the start walked the senders' lists in the order of a Map.copyOf's keys, which changes from one JVM
     * to the next, so which sender a refusal or WARN named first varied between starts of the same file (PORTAL in one
     * run, ALMATY_EDU in the next). Now the senders' sorted order: every sender's grants repeating a service give its
     * WARNs, the senders in that order (before: the map's order, one of 8! for the shipped senders).
     */
    @Test
    void theSendersListsAreWalkedInTheSendersSortedOrder() {
        try (GatewayHarness gateway = new GatewayHarness(dataDir); LogLines log = new LogLines()) {
            List<String> senders = gateway.settings().list("qaqpa.senders", Settings.Empty.REFUSED);
            String service = gateway.settings().list("qaqpa.services", Settings.Empty.REFUSED).get(0);
            senders.forEach(sender -> gateway.with("qaqpa.sender." + sender + ".services.extra", service + ","
                    + service));
            kz.qaqpa.registry.Registries.fromSettings(gateway.settings());
            // a sender whose list has the service is told so ("lists already"), the others "names twice"
            String warned = ".services.extra names " + service + ", which ";
            assertThat(log.containing(warned).stream().map(line -> line.substring("qaqpa.sender.".length(),
                    line.indexOf(warned))).distinct()).as("the senders warned of, in order")
                    .containsExactlyElementsOf(senders.stream().sorted().toList());
        }
    }

    /**
     * A deployment's own route file {@code name} in a directory of its own, route {@code id} at direct:{@code id}
     * answering "{@code id} answered".
     */
    private Path ownRouteFile(String name, String id) throws java.io.IOException {
        Path dir = java.nio.file.Files.createDirectories(dataDir.resolve("own-routes"));
        return java.nio.file.Files.writeString(dir.resolve(name), """
                - route:
                    id: %s
                    description: A deployment's own route of the test's
                    from:
                      uri: direct:%s
                      steps:
                        - setBody: {constant: "%s answered"}
                """.formatted(id, id, id));
    }

    /** A gateway started with {@code added} as {@value AddedRouteFiles#EXTRA}: the answer of the route {@code id}. */
    private String answerOfAStartWith(String added, String id) {
        IssuedTestPki.copyInto(dataDir);
        try (GatewayHarness gateway = new GatewayHarness(dataDir).with(AddedRouteFiles.EXTRA, added).start()) {
            return gateway.camelContext().createProducerTemplate().requestBody("direct:" + id, "", String.class);
        }
    }

    /** The message of the start's refusal (the root cause's). */
    private String refusedStart(Map<String, String> settings) {
        IssuedTestPki.copyInto(dataDir); // a start refused before anyone calls needs no PKI of its own
        GatewayHarness refused = new GatewayHarness(dataDir);
        settings.forEach(refused::with);
        try (refused) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(refused::start);
            assertThat(failure).as("the start refused").hasMessageContaining("gateway did not start");
            Throwable root = failure;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage();
        }
    }
}
