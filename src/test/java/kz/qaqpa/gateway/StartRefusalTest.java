package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import kz.qaqpa.Main;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start the gateway refuses (a setting, a key, a file) is told on one line that names what to fix, and the JVM
 * exits; before, the message was the head of a stack trace ({@code Exception in thread "main"}, 30 lines of frames)
 * and the JVM lingered on Camel's threads.
 */
class StartRefusalTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedStartPrintsOneLineNamingWhatToFixAndExits() {
        Path missing = dir.resolve("no-such-key.p12");
        GatewayProcess gateway = onFreePorts()
                .with("qaqpa.mocks.enabled", "false")
                .with("qaqpa.keystore.path", missing.toString());

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "qaqpa.keystore.path = '" + missing + "'")
                .contains("cannot read PKCS#12 key store " + missing);
    }

    /**
     * ops41 (review40b's leftovers): a keystore missing or unreadable with the test PKI off, as with it on, and a
     * qaqpa.data-dir the gateway cannot keep its data in (a file; a directory below a file) are refused on one line
     * naming the setting and its value, without a stack trace (the data directory's were a trace from the test PKI's
     * files naming no setting).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"keystore-missing", "keystore-unreadable",
            "data-dir-a-file", "data-dir-below-a-file"})
    void aKeystoreOrDataDirectoryThatCannotBeUsedIsRefusedByName(String fault) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "not a key store, not a directory");
        GatewayProcess gateway = onFreePorts();
        String key;
        String value;
        switch (fault) {
            case "keystore-missing", "keystore-unreadable" -> {
                key = "qaqpa.keystore.path";
                value = fault.equals("keystore-missing") ? dir.resolve("no-such-key.p12").toString() : file.toString();
                gateway.with("qaqpa.test-pki.enabled", "false").with("qaqpa.mocks.enabled", "false");
            }
            case "data-dir-a-file" -> {
                key = "qaqpa.data-dir";
                value = file.toString();
            }
            default -> {
                key = "qaqpa.data-dir";
                value = file.resolve("data").toString();
            }
        }
        gateway.with(key, value);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + key + " = '" + value + "'");
    }

    /**
     * ops41: an address the gateway calls written in a form that is no http(s) URL (a state system's, a sender's
     * callback, the time-stamping authority's) or the public URL the catalogue and the WSDL give, started to "Qaqpa
     * ready" and failed at the first call (or, 'not a url' for the authority, was a stack trace). Now refused by name.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "qaqpa.adapter.GBDFL_PERSON.url, not a url",
            "qaqpa.sender.PORTAL.callback, ftp://portal.example/callback",
            "qaqpa.log.timestamp.url, not a url",
            "qaqpa.public-url, localhost:8080"})
    void anAddressThatIsNoHttpUrlIsRefusedByName(String key, String value) {
        GatewayProcess gateway = onFreePorts().with(key, value);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + key + " = '" + value + "' is not an http or"
                + " https address");
    }

    /**
     * ops41: qaqpa.mocks.enabled was read only once the channels served, so a value that does not parse was refused
     * after "Qaqpa ready" (and raced a readiness check). Now it is read while the gateway is assembled.
     */
    @Test
    void aMocksSwitchThatDoesNotParseIsRefusedBeforeTheGatewayIsReady() {
        GatewayProcess gateway = onFreePorts()
                .with("qaqpa.mocks.enabled", "yes");

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "qaqpa.mocks.enabled = 'yes' is neither true"
                + " nor false");
    }

    /**
     * ops41: a misspelt key, in a -D option or the environment, was silently ignored. The gateway still starts (an
     * operator's older file must), warning once for each, naming the nearest key it reads; no key of the test's own
     * configuration (application-test.properties, every key passed as -D) is warned of, nor a per-sender key.
     */
    @Test
    void aMisspeltKeyIsWarnedOfNamingTheNearestKnownOne() {
        // suite66: started, it serves a copy of the JVM's issued test PKI (its JVM issued its own)
        try (GatewayProcess gateway = onFreePorts().withIssuedTestPki()
                .with("qaqpa.mocks.enabled", "false").with("qaqpa.outbox.max-atempts", "5")
                .with("qaqpa.sender.PORTAL.callback", "http://localhost:1/cb")
                .environment("QAQPA_HEALTH_TIMEUT", "PT1S")) {
            gateway.start();
            String log = gateway.logOnceItHolds("Qaqpa ready", java.time.Duration.ofSeconds(30));
            assertThat(log.lines().filter(line -> line.contains("is ignored")).toList()).as("the warnings").hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains(" WARN ").endsWith("(README, Configuration)"))
                    .anySatisfy(line -> assertThat(line).contains("qaqpa.outbox.max-atempts is not a setting the"
                            + " gateway reads and is ignored: did you mean qaqpa.outbox.max-attempts?"))
                    .anySatisfy(line -> assertThat(line).contains("environment variable QAQPA_HEALTH_TIMEUT names no"
                            + " setting the gateway reads and is ignored: did you mean QAQPA_HEALTH_TIMEOUT"
                            + " (qaqpa.health.timeout)?"));
            assertThat(log).contains("Qaqpa ready");
        }
    }

    /**
     * Starts {@code gateway} and expects the start refused; the tail of its log, which holds no stack trace (no frame,
     * no uncaught exception) and no "Qaqpa ready", for the case to read the one line it names. Its data directory
     * holds an issued test PKI (suite53: issuing one was most of each refused start's time).
     */
    private String refusedStart(GatewayProcess gateway) {
        if (gateway.property("qaqpa.data-dir").equals(dir.resolve("gateway").toString()) // not a data-dir case's
                && !java.nio.file.Files.exists(dir.resolve("gateway").resolve("pki"))) {
            IssuedTestPki.copyInto(dir.resolve("gateway"));
        }
        assertThatThrownBy(gateway::start).hasMessageContaining("gateway did not start");
        String tail = gateway.logTail();
        assertThat(tail).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("Qaqpa ready");
        return tail;
    }

    /** A gateway process in this test's directory, its ports free ones. */
    private GatewayProcess onFreePorts() {
        return new GatewayProcess(dir.resolve("gateway")).with("qaqpa.http.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.test-pki.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.operator.port", String.valueOf(PkiServer.freePort()))
                .with("qaqpa.monitoring.port", String.valueOf(PkiServer.freePort()));
    }

    /**
     * A route file in this test's directory: route {@code id}, called at direct:{@code id}, doing {@code steps} (YAML
     * at the steps' indentation) and then logging a line no start reaches.
     */
    private Path routeFile(String id, String steps) throws java.io.IOException {
        return java.nio.file.Files.writeString(dir.resolve(id + ".yaml"), """
                - route:
                    id: %s
                    description: A route of the test's
                    from:
                      uri: direct:%s
                      steps:
                %s        - log: "never reached"
                """.formatted(id, id, steps.indent(8)));
    }

    /** A gateway on free ports, its state systems not mocked, that loads the shipped routes and {@code route}. */
    private GatewayProcess withRouteFile(Path route) {
        return onFreePorts().with("qaqpa.mocks.enabled", "false").with("camel.main.routes-include-pattern",
                "classpath:routes/templates/*.yaml,classpath:routes/*.yaml,file:" + route);
    }

    /**
     * review40b: a setting written in a form it does not parse (a duration as "15min", a boolean as "yes") was a
     * stack trace naming no setting ("Text cannot be parsed to a Duration"), and a boolean other than true read as
     * false, silently. Now the start is refused on one line naming the key, its value and the form expected.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "qaqpa.health.timeout, 15min, is not an ISO-8601 duration",
            "qaqpa.test-pki.enabled, yes, is neither true nor false",
            "qaqpa.operator.port, 80a, is not a whole number",
            // walk60: a count of bytes read with a bare Long.parseLong was NumberFormatException's trace, no key named
            "qaqpa.store.min-free-bytes, 512MB, is not a whole number",
            "qaqpa.http.max-buffered-bytes, 128MB, is not a whole number",
            // terms41: was a DateTimeException's stack trace (KazakhstanZoneRules)
            "qaqpa.time-zone, Asia/Almat, is not a time-zone id this JDK knows"})
    void aSettingThatDoesNotParseIsRefusedByName(String key, String value, String expected) {
        GatewayProcess gateway = onFreePorts()
                .with(key, value);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START).contains(key + " = '" + value + "' " + expected);
    }

    /**
     * ops61 (walk60's Left): a setting read only while the parts are built (the channels' port, the outbox's, the
     * period of a route's timer) was refused by name, but only after the store was created and migrated in the data
     * directory (minutes of a first start, and a store made by a typo). Now every typed setting is read before
     * anything is made there: the data directory holds afterwards what it held before (here the issued test PKI and
     * the process's log), no store, no console token. A port out of TCP's range is refused so too (it was an
     * exception of the HTTP server's).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "qaqpa.http.port, 80a, is not a whole number",
            "qaqpa.monitoring.port, 70000, is not a TCP port (0 to 65535)",
            "qaqpa.outbox.max-attempts, many, is not a whole number",
            "qaqpa.outbox.interval, five, is not a period",
            "qaqpa.adapter.GBDFL_PERSON.url, not a url, is not an http or https address"})
    void aSettingReadLateIsRefusedBeforeTheStoreIsMade(String key, String value, String expected) throws Exception {
        Path dataDir = dir.resolve("gateway");
        IssuedTestPki.copyInto(dataDir);
        java.util.Set<String> before = filesIn(dataDir);

        try (GatewayProcess gateway = onFreePorts().with(key, value)) {
            assertThat(refusedStart(gateway)).contains(Main.CANNOT_START)
                    .contains(key + " = '" + value + "' " + expected);
        }
        java.util.Set<String> after = filesIn(dataDir);
        after.remove("gateway.log");
        assertThat(after).as("the data directory, as it was before the start").isEqualTo(before);
    }

    /** The paths below {@code dir}, relative to it. */
    private static java.util.Set<String> filesIn(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /**
     * zone46: a regulation's zone is route data (regulation.timeZone, docs/deadlines.md "A zone per regulation"), checked
     * at the start as qaqpa.time-zone is: a zone this JDK does not know (Mangystau's misspelt) refuses the start on one
     * line naming the route, before any term is counted in it. The Mangystau S1 service is pointed at a route of this
     * test's that names it.
     */
    @Test
    void aRoutesZoneThatIsNoTimeZoneIsRefusedNamingTheRoute() throws Exception {
        Path route = routeFile("zone-typo", """
                - setVariables:
                    variables:
                      - {name: regulation.timeZone, constant: "Asia/Mangystau"}
                """);
        GatewayProcess gateway = withRouteFile(route)
                .with("qaqpa.service.MANGYSTAU_PRESCHOOL_QUEUE_2012.route", "zone-typo");

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "route zone-typo's regulation.timeZone ="
                + " 'Asia/Mangystau' is not a time-zone id this JDK knows");
    }

    /**
     * reg48d: a step's norm the plan cannot read (a unit misspelt) started to "Qaqpa ready" and failed every application
     * of the route at its intake. Now every step's norm is read at the start: refused on one line naming the route,
     * the step and the text. The route serves no service: every loaded route's steps are read.
     */
    @Test
    void aStepsNormThatCannotBeReadIsRefusedNamingTheRouteAndTheStep() throws Exception {
        Path route = routeFile("norm-typo", """
                - step:
                    id: con-process-2
                    steps:
                      - setVariable: {name: norm, constant: "2 workin-days"}
                """);
        GatewayProcess gateway = withRouteFile(route);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "route norm-typo's step con-process-2: norm ="
                + " '2 workin-days' cannot be read: norm '2 workin-days' is not '<n> minutes|hours|");
    }

    /**
     * regs63: a regulation file whose templated route sets a parameter its template does not declare (a checker's
     * misspelt {@code inWorkNrom}) started to "Qaqpa ready", the block's norm in force instead of the file's; one that
     * leaves to its block a parameter the block does not give ({@code resultDocuments}) was refused with Camel's dump
     * of the whole route and a stack trace. Now each start is refused on one line naming the route (the id the file
     * gives its templatedRoute: Camel keeps no file for it) and the parameter (misspelt: the declared name nearest).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "inWorkNrom | true | sets parameter 'inWorkNrom', which its template application-progress does"
                    + " not declare: did you mean inWorkNorm?",
            "inWorkNorm | false | does not set parameter 'resultDocuments', and its block"
                    + " almaty-2015-family-chain-con gives none"})
    void aTemplateParameterMisspeltOrMissingIsRefusedNamingTheRouteAndTheParameter(String norm,
            boolean results, String expected) throws Exception {
        Path route = java.nio.file.Files.writeString(dir.resolve("parameters.yaml"),
                ProgressRouteFile.text("parameters-con-progress", norm, results));
        GatewayProcess gateway = withRouteFile(route);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "route parameters-con-progress " + expected);
    }

    /**
     * regs64 (regs63's Left): what RouteFilesTest held routes/ to, and what nothing checked, for a regulation file
     * loaded from anywhere (here a deployment's {@code file:} pattern): a step id outside the regulation's numbering,
     * a route without a description, a misspelt key inside a block file, a chain's status code a letter from
     * its block's, a total term in an unknown unit. Each started to "Qaqpa ready" on main; now the start is refused
     * on one line naming the route (or the block), the field, what is allowed and the file.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"step id", "description", "block key", "status code",
            "total term"})
    void aRouteFileBreakingTheGuidesConventionsIsRefusedNamingTheRouteAndTheFile(String fault) throws Exception {
        Path blocks = java.nio.file.Files.writeString(dir.resolve("own-blocks.yaml"), """
                own-chain-con:
                  extends: almaty-2015-family-chain-con
                  %s: "1 working-days"
                """.formatted(fault.equals("block key") ? "inWorkNrom" : "inWorkNorm"));
        Path route = java.nio.file.Files.writeString(dir.resolve("conventions.yaml"), switch (fault) {
            case "step id" -> stepRoute("description: A route of the test's", "con-step-2", "");
            case "description" -> stepRoute("", "con-process-2", "");
            case "total term" -> stepRoute("description: A route of the test's", "con-process-2",
                    "3 workin-days and 30 minutes");
            default -> """
                    - templatedRoute:
                        routeTemplateRef: application-progress
                        routeId: conventions-con-progress
                        parameters:
                          - {name: routeId, value: conventions-con-progress}
                          - {name: block, value: own-chain-con}
                          - {name: chain1Status, value: %s}
                          - {name: resultNorm, value: "1 working-days"}
                          - {name: resultDocuments, value: "guardianshipCertificate,documentRefusal"}
                    """.formatted(fault.equals("status code") ? "EXAMIND" : "EXAMINED");
        });
        GatewayProcess gateway = withRouteFile(route)
                .with("qaqpa.regulation.blocks", "classpath:regulation-blocks/*.yaml,file:" + blocks);
        String expected = switch (fault) {
            case "step id" -> "route conventions's step id 'con-step-2' is not the regulation's numbering:"
                    + " <channel>-(condition|process|action|appendix|para)-<n>[-<n>...][-word...]";
            case "description" -> "route conventions has no description";
            case "block key" -> "block own-chain-con (file file:" + blocks + ") sets 'inWorkNrom', which no template"
                    + " declares (route conventions-con-progress names the block): did you mean inWorkNorm?";
            case "status code" -> "route conventions-con-progress's chain1Status = 'EXAMIND' is 1 letter(s) from"
                    + " 'EXAMINED', which its block own-chain-con names for a chain step";
            default -> "route conventions's totalTerm = '3 workin-days and 30 minutes' cannot be read: norm"
                    + " '3 workin-days' is not";
        };

        String refused = refusedStart(gateway);
        assertThat(refused).contains(Main.CANNOT_START + expected);
        if (!fault.equals("block key")) {
            assertThat(refused).contains("(file file:" + route + ")");
        }
    }

    /** A route {@code conventions} written out, its one step {@code stepId}, stating {@code totalTerm} (blank: none). */
    private static String stepRoute(String description, String stepId, String totalTerm) {
        return """
                - route:
                    id: conventions
                    %s
                    from:
                      uri: direct:conventions
                      steps:
                        - setVariables:
                            variables:
                              - {name: catalogue.totalTerm, constant: "%s"}
                        - step:
                            id: %s
                            steps:
                              - setVariable: {name: norm, constant: "15 minutes"}
                        - log: "never reached"
                """.formatted(description, totalTerm, stepId);
    }

    /**
     * reg48d: a step's text a regulation block gives that names a route parameter the route does not set
     * ({@code {{chainTerm}}}) is left as written where the catalogue and the plan read the route: refused at the start
     * naming the route, the step and the text, as any placeholder left in a step (a block value naming a parameter the
     * route sets is read with its value: RegulationBlocksTest).
     */
    @Test
    void aPlaceholderLeftInAStepFromABlockIsRefusedNamingTheRouteAndTheStep() throws Exception {
        Path blocks = dir.resolve("blocks.yaml");
        java.nio.file.Files.writeString(blocks, """
                block-text-test-chain:
                  stepText: "Examined within {{chainTerm}}"
                """);
        Path route = dir.resolve("block-text.yaml");
        java.nio.file.Files.writeString(route, """
                - routeTemplate:
                    id: block-text-template
                    parameters:
                      - name: routeId
                      - name: block
                      - name: stepText
                        defaultValue: "{{block.{{block}}.stepText:}}"
                    route:
                      description: A step whose description a block gives
                      from:
                        uri: "direct:{{routeId}}"
                        steps:
                          - step:
                              id: provider-action-2
                              description: "{{stepText}}"
                              steps:
                                - setVariable: {name: norm, constant: "2 working-days"}
                                - log: "never reached"
                - templatedRoute:
                    routeTemplateRef: block-text-template
                    routeId: block-text
                    parameters:
                      - {name: routeId, value: block-text}
                      - {name: block, value: block-text-test-chain}
                """);
        GatewayProcess gateway = withRouteFile(route)
                .with("qaqpa.regulation.blocks", "classpath:regulation-blocks/*.yaml,file:" + blocks);

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "route block-text's step provider-action-2:"
                + " description = 'Examined within {{chainTerm}}' keeps a placeholder nothing resolves");
    }

    /**
     * ops42: an existing directory the gateway may not write (here /proc, where no file can be made, root or not: a
     * read-only mount's case; a file or a path below one is aKeystoreOrDataDirectoryThatCannotBeUsedIsRefusedByName's)
     * refuses the start on one line naming qaqpa.data-dir and its value, before the test PKI or the store is made there.
     */
    @Test
    void anExistingDataDirectoryThatCannotBeWrittenIsRefusedByName() {
        Path readOnly = Path.of("/proc");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(readOnly), "a Linux /proc");
        GatewayProcess gateway = onFreePorts().with("qaqpa.data-dir", readOnly.toString());

        assertThat(refusedStart(gateway)).contains(Main.CANNOT_START + "qaqpa.data-dir = '/proc' cannot be written");
    }
}
