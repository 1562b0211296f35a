package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route file in routes/ loads, every route names itself and says what it does, a direct: route is called by
 * its id, every regulation step id is the regulation's own number and every norm parses.
 */
class RouteFilesTest {
    /** The regulation's own numbering, as the start checks it (regs64: the pattern moved into RouteConventions). */
    private static final String STEP_ID = kz.qaqpa.regulation.RouteConventions.STEP_ID.pattern();

    /**
     * The numbering rule the start holds every route file to: a text numbering its steps by level (1.2, 8.10) is
     * written with dashes and more than one word may follow (lead, session 64: 1.2 was refused, so a regulation
     * numbered so could not be added); the prefix is any channel's lower-case name (review65 finding 1: a channel of a
     * regulation's own was refused); a step not numbered, a dotted number, a capital or no prefix stay refused.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"con-process-2, true", "con-action-1-2, true",
            "portal-para-8-10-offer-consent, true", "zhao-own-hand-over, true", "arm-condition-3, true",
            "mobile-process-2, true",
            "con-step-2, false", "Con-process-2, false", "process-2, false", "con-process-x, false", "con-process-1.2, false", "con-own, false",
            "con-process-2-, false"})
    void aStepIdIsTheTextsNumbering(String id, boolean numbered) {
        assertThat(kz.qaqpa.regulation.RouteConventions.STEP_ID.matcher(id).matches()).as(id).isEqualTo(numbered);
    }

    @Test
    void everyRouteFileLoadsAndFollowsTheConventions() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Resource> files = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(Path.of("routes"))) {
                paths.filter(p -> p.toString().endsWith(".yaml")).sorted((a, b) -> a.toString().contains("templates")
                        ? -1 : b.toString().contains("templates") ? 1 : a.compareTo(b))
                        .forEach(p -> files.add(ResourceHelper.resolveResource(context, "file:" + p)));
            }
            assertThat(files).hasSizeGreaterThanOrEqualTo(5);
            // the shared blocks the templated routes take their parameters from, as the gateway serves them
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            kz.qaqpa.regulation.RegulationBlocks.register(context);
            PluginHelper.getRoutesLoader(context).loadRoutes(files);
            Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
            // every result.repeats / restsOnAct path names fields its documents' schemas declare (as the start checks)
            kz.qaqpa.regulation.RepeatedFieldPaths.require(kz.qaqpa.catalogue.RouteFlows.readAll(context), new kz.qaqpa.regulation.DocumentSchemas(
                    kz.qaqpa.channel.ContractSchemas.documents(kz.qaqpa.settings.Settings.of(context))));
            // every route asking for the consent check names the organisation's fields (as the start checks)
            kz.qaqpa.regulation.ConsentCheckFields.require(kz.qaqpa.catalogue.RouteFlows.readAll(context));
            // every step's norm, start and unit reads, and no step keeps a placeholder (as the start checks, reg48d)
            kz.qaqpa.regulation.StepTerms.require(kz.qaqpa.catalogue.RouteFlows.readAll(context));
            // every parameter a templated route sets is its template's (as the start checks, regs63)
            kz.qaqpa.regulation.TemplateParameters.require(context);
            // every route's description, step ids and total term, and every chain's status codes (as the start checks,
            // regs64); every step id's prefix a sender's channel, the route's own or the provider's side (review66 8c)
            try (LogLines log = new LogLines()) {
                kz.qaqpa.regulation.RouteConventions.require(context, kz.qaqpa.catalogue.RouteFlows.readAll(context),
                        sendersChannels(context));
                assertThat(log.containing("' begins with '")).as("step ids whose prefix names no channel").isEmpty();
            }
            kz.qaqpa.regulation.ChainStatuses.require(context);

            for (RouteDefinition route : model.getRouteDefinitions()) {
                assertThat(route.getRouteId()).as("route from %s", route.getInput().getUri()).isNotBlank();
                assertThat(route.getDescriptionText()).as("description of %s", route.getRouteId()).isNotBlank();
                String uri = route.getInput().getUri();
                if (uri.startsWith("direct:") && !uri.contains("{{")) {
                    assertThat(uri).isEqualTo("direct:" + route.getRouteId());
                }
            }
            for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
                assertThat(template.getDescriptionText()).as("template %s", template.getId()).isNotBlank();
            }
            // a regulation's own route is written out or, seed 004, made from a template: the service's configured route
            List<String> configured = context.getPropertiesComponent()
                    .loadProperties(key -> key.startsWith("qaqpa.service.") && key.endsWith(".route"))
                    .values().stream().map(String::valueOf).map(String::trim).toList();
            List<RouteDefinition> instances = model.getRouteDefinitions().stream()
                    .filter(r -> r.getTemplateParameters() != null && !r.getTemplateParameters().isEmpty())
                    .filter(r -> !configured.contains(r.getRouteId())).toList();
            // every channel route belongs to a regulation: its id extends the id of a regulation's own route
            List<String> regulations = model.getRouteDefinitions().stream()
                    .filter(r -> r.getTemplateParameters() == null || r.getTemplateParameters().isEmpty()
                            || configured.contains(r.getRouteId()))
                    .map(RouteDefinition::getRouteId).toList();
            assertThat(instances).as("the regulations' channel routes").hasSizeGreaterThanOrEqualTo(8);
            for (RouteDefinition route : instances) {
                assertThat(regulations).as("the regulation of %s", route.getRouteId())
                        .anyMatch(id -> route.getRouteId().startsWith(id + "-"));
            }
            for (RouteDefinition route : instances) {
                Map<String, Object> parameters = new java.util.HashMap<>();
                route.getTemplateParameters().forEach((name, value) -> parameters.put(name,
                        kz.qaqpa.catalogue.RouteFlows.resolve(context, route, String.valueOf(value))));
                parameters.forEach((name, value) -> {
                    if (isStepParameter(name) && switchedOn(parameters, name)) {
                        assertThat(String.valueOf(value)).as("%s of %s", name, route.getRouteId()).matches(STEP_ID);
                    }
                    if (name.endsWith("Norm") && !String.valueOf(value).isBlank()) {
                        // a norm that does not parse would fail the intake after the steps ran (blank: no norm)
                        kz.qaqpa.regulation.Norm.parse(String.valueOf(value));
                    }
                });
            }
        }
    }

    /**
     * review66 8c: any lower-case word was a step id's prefix (review65 finding 1), so a misspelt one loaded unseen.
     * Now a prefix naming no channel a sender may send on, not the route's own and not the provider's side
     * (qaqpa.regulation.provider-step-prefixes) is warned of, naming the route, the step id and the file, with the
     * known prefix nearest to it, once a route and prefix; the start goes on (nothing reads the prefix). Before: no line for
     * {@code prtal}.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"prtal, did you mean portal?", "potral, did you mean portal?",
            "clerk, a typo?", "portal, ", "con, ", "provider, ", "office, "})
    void aStepIdsPrefixNotNamingAChannelIsWarnedOf(String prefix, String warned, @TempDir Path dir) throws Exception {
        Path route = Files.writeString(dir.resolve("prefix.yaml"), """
                - templatedRoute:
                    routeTemplateRef: application-intake
                    routeId: prefix-test-portal
                    parameters:
                      - {name: routeId, value: prefix-test-portal}
                      - {name: block, value: almaty-2015-family-portal}
                      - {name: condition1, value: %s-condition-1}
                      - {name: condition2, value: %s-condition-2}
                """.formatted(prefix, prefix));
        try (DefaultCamelContext context = new DefaultCamelContext(); LogLines log = new LogLines()) {
            loadWithTheTemplates(context, route);
            // the file the line names, found as the gateway finds a templated route's (RouteFileOf)
            context.getPropertiesComponent().addOverrideProperty(kz.qaqpa.regulation.RouteFileOf.ROUTE_FILES,
                    "file:" + route);
            kz.qaqpa.regulation.RouteConventions.require(context, kz.qaqpa.catalogue.RouteFlows.readAll(context),
                    sendersChannels(context));
            List<String> lines = log.containing("route prefix-test-portal's step id '" + prefix + "-condition-1'"
                    + " begins with '" + prefix + "', which names no channel of a sender");
            if (warned == null) {
                assertThat(lines).as(prefix + " names a channel or the provider's side").isEmpty();
            } else {
                assertThat(lines).singleElement().asString().contains(warned)
                        .endsWith("(file file:" + route + ")");
            }
            // one line a route and prefix, not one a step (review67b G1)
            assertThat(log.containing("begins with '" + prefix + "', which names no channel")).as("lines for "
                    + prefix).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** The channels the shipped configuration's senders may send on, as the start passes them to RouteConventions. */
    static java.util.Set<String> sendersChannels(org.apache.camel.CamelContext context) {
        return kz.qaqpa.registry.SenderRegistry.fromProperties(kz.qaqpa.settings.Settings.of(context)::getOrNull)
                .channels();
    }

    /**
     * regs63: a templated route setting a parameter its template does not declare (a checker's misspelt {@code
     * inWorkNrom}) loaded, and the block's norm stood in for the one the file meant. Now the check the start makes
     * refuses it naming the route, the parameter and the declared name nearest to it; spelt right, it loads.
     */
    @Test
    void aTemplatedRouteSettingAParameterItsTemplateLacksDoesNotLoad(@TempDir Path dir) throws Exception {
        Path route = dir.resolve("misspelt.yaml");
        Files.writeString(route, progressRoute("inWorkNrom"));
        assertThatThrownBy(() -> loadWithTheTemplates(route)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route misspelt-test-con-progress sets parameter"
                        + " 'inWorkNrom', which its template application-progress does not declare: did you mean"
                        + " inWorkNorm?");
        Files.writeString(route, progressRoute("inWorkNorm"));
        loadWithTheTemplates(route);
    }

    /**
     * review64: a value naming a route parameter in any form Camel resolves ({@code {{receiptForm:3}}}, the form the
     * templates use for their own block keys; {@code {{receiptForm:}}}, {@code {{?receiptForm}}},
     * {@code {{ receiptForm }}}) is a parameter the route sets for its value, as {@code {{receiptForm}}} is. The check
     * read only the bare form, so such a route was refused at the start as setting a parameter its template lacks.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{{receiptForm}}", "{{receiptForm:3}}",
            "{{receiptForm:}}", "{{?receiptForm}}", "{{ receiptForm }}"})
    void aParameterAValueNamesWithADefaultIsTheRoutesOwn(String named, @TempDir Path dir) throws Exception {
        Path route = Files.writeString(dir.resolve("named.yaml"), """
                - templatedRoute:
                    routeTemplateRef: application-intake
                    routeId: named-test-con
                    parameters:
                      - {name: routeId, value: named-test-con}
                      - {name: block, value: almaty-2015-family-con}
                      - {name: requiredDocuments, value: "identityDocument,guardianshipOrder"}
                      - {name: packageRefusalMessage, value: "refused: the receipt by Appendix %s"}
                      - {name: receiptForm, value: "4"}
                """.formatted(named));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            loadWithTheTemplates(context, route);
            RouteDefinition loaded = context.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteDefinition("named-test-con");
            assertThat(kz.qaqpa.catalogue.RouteFlows.resolve(context, loaded, "{{packageRefusalMessage}}"))
                    .as("the text as Camel resolves it").isEqualTo("refused: the receipt by Appendix 4");
            kz.qaqpa.regulation.TemplateParameters.require(context);
        }
    }

    /**
     * A chain step's status code a letter from its block's (EXAMINE for EXAMINED) is taken for a typo and refused;
     * two letters apart (REEXAMINED) is another code the text may name, and loads (lead, session 64: regs64's rule
     * refused it, stopping the whole gateway).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} refused: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"EXAMINE, true", "REEXAMINED, false", "EXAMINED, false"})
    void aChainCodeALetterFromItsBlocksIsATypo(String code, boolean refused, @TempDir Path dir) throws Exception {
        Path route = Files.writeString(dir.resolve("chain.yaml"), progressRoute("inWorkNorm")
                + "      - {name: chain1Status, value: %s}\n".formatted(code));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            loadWithTheTemplates(context, route);
            if (refused) {
                assertThatThrownBy(() -> kz.qaqpa.regulation.ChainStatuses.require(context))
                        .hasMessageContaining("chain1Status = '" + code + "' is 1 letter(s) from 'EXAMINED'");
            } else {
                kz.qaqpa.regulation.ChainStatuses.require(context);
            }
        }
    }

    /** A ЦОН progress route on seed 004's chain block setting its head's resolution norm under {@code name}. */
    private static String progressRoute(String name) {
        return ProgressRouteFile.text("misspelt-test-con-progress", name, true);
    }

    /** {@code route} loaded with the shipped templates and blocks, then the start's check of template parameters. */
    private static void loadWithTheTemplates(Path route) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            loadWithTheTemplates(context, route);
            kz.qaqpa.regulation.TemplateParameters.require(context);
        }
    }

    /**
     * depth42: a route that asks for a result to follow the consumer's consent ({@code consentBefore}) while no route of
     * its regulation says which field of the result names the organisation does not load: the check would not run
     * (seeds41's route). The same regulation with the fields set loads. Before: nothing checked it at load.
     */
    @Test
    void aConsentCheckWithoutTheOrganisationsFieldDoesNotLoad(@TempDir Path dir) throws Exception {
        Path route = dir.resolve("consent.yaml");
        Files.writeString(route, consentRoutes(""));
        assertThatThrownBy(() -> loadAndCheckConsent(route)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route consent-test-portal-progress sets consentBefore 'referral' but no route"
                        + " of consent-test sets result.kindergartenCode");
        Files.writeString(route, consentRoutes("""
                              - {name: result.kindergartenCode, constant: "d:kindergartenCode"}
                              - {name: consent.kindergartenCode, constant: "d:kindergartenCode"}
                """));
        loadAndCheckConsent(route);
    }

    /**
     * A hand-over step whose rule of who may collect the result is mistyped stops the start naming the route and the
     * step (handover43's rule, ours); a known rule loads. Before: the route loaded and the first hand-over failed.
     */
    @Test
    void aMistypedRuleOfWhoCollectsTheResultDoesNotLoad(@TempDir Path dir) throws Exception {
        Path route = dir.resolve("hand-over.yaml");
        Files.writeString(route, handOverRoute("applicant-only"));
        assertThatThrownBy(() -> loadAndCheckCollector(route)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route hand-over-test step handOver sets handOverCollector 'applicant-only'");
        Files.writeString(route, handOverRoute("applicant-or-notarised-representative"));
        loadAndCheckCollector(route);
    }

    private static String handOverRoute(String rule) {
        return """
                - route:
                    id: hand-over-test
                    description: A hand-over step with a rule of who may collect the result
                    from:
                      uri: direct:hand-over-test
                      steps:
                        - step:
                            id: handOver
                            description: The result is handed over
                            steps:
                              - setVariable: {name: handOverCollector, constant: "%s"}
                """.formatted(rule);
    }

    /**
     * reg48d: each term a step writes that the plan, the hand-over or an extension could not read (a start misspelt
     * counted silently from the due time before; the others failed the application) stops the start naming the route,
     * the step and the text; the same step with the value spelt right loads.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "normFrom, acceptence, acceptance, 'is none of acceptance, arrival, previous, previous-start, refusal'",
            "refusalHandOverNormFrom, refusals, refusal, is none of acceptance",
            "refusalHandOverNorm, 1 working-dya, 1 working-day, minutes|hours|calendar-days|working-days|months",
            "termExtensionMaximum, P1Y, 6 months, Text cannot be parsed to a Duration",
            "termExtensionUnit, weeks, calendar-days, 1 weeks"})
    void aStepsTermThatCannotBeReadDoesNotLoad(String name, String wrong, String right, String reason,
                                               @TempDir Path dir) throws Exception {
        Path route = dir.resolve("terms.yaml");
        Files.writeString(route, termRoute(name, wrong));
        assertThatThrownBy(() -> loadAndCheckTerms(route)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route terms-test's step con-process-3: " + name + " = '" + wrong
                        + "' cannot be read: ").hasMessageContaining(reason);
        Files.writeString(route, termRoute(name, right));
        loadAndCheckTerms(route);
    }

    private static String termRoute(String name, String value) {
        return """
                - route:
                    id: terms-test
                    description: A step with a norm and one more term
                    from:
                      uri: direct:terms-test
                      steps:
                        - step:
                            id: con-process-3
                            steps:
                              - setVariable: {name: norm, constant: "1 working-days"}
                              - setVariable: {name: %s, constant: "%s"}
                """.formatted(name, value);
    }

    private static void loadAndCheckTerms(Path route) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + route));
            kz.qaqpa.regulation.StepTerms.require(kz.qaqpa.catalogue.RouteFlows.readAll(context));
        }
    }

    private static void loadAndCheckCollector(Path route) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + route));
            kz.qaqpa.regulation.ResultCollector.requireKnownRules(kz.qaqpa.catalogue.RouteFlows.readAll(context));
        }
    }

    /** A regulation's own route setting {@code fields}, and its portal's progress route asking for the consent check. */
    private static String consentRoutes(String fields) {
        return """
                - route:
                    id: consent-test
                    description: A regulation's route that sets the result's fields
                    from:
                      uri: direct:consent-test
                      steps:
                        - setVariables:
                            variables:
                              - {name: document, constant: "{urn:test}application"}
                %s        - to: direct:consent-test-portal-progress
                - route:
                    id: consent-test-portal-progress
                    description: The portal's progress, a referral after the consent
                    from:
                      uri: direct:consent-test-portal-progress
                      steps:
                        - setVariables:
                            variables:
                              - {name: consentBefore, constant: "referral"}
                """.formatted(fields);
    }

    private static void loadAndCheckConsent(Path route) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + route));
            kz.qaqpa.regulation.ConsentCheckFields.require(kz.qaqpa.catalogue.RouteFlows.readAll(context));
        }
    }

    /** A switched-off step keeps its template's default id: it is not part of the regulation. */
    private static boolean switchedOn(Map<String, Object> parameters, String step) {
        String switchName = step.startsWith("stateDatabase") ? "noStateDatabaseCondition"
                : step.equals("offer") || step.equals("consent") ? "noConsentOffer"
                : step.equals("handOver") ? "noHandOver" : step.equals("questionnaire") ? "noQuestionnaire"
                : step.startsWith("package") ? "noPackageCondition"
                : step.matches("chain\\d") ? "noC" + step.substring(1)
                : step.equals("refusal") ? "noRefusalBranch" : step.equals("termExtension") ? "noTermExtension"
                : step.equals("homeVisit") ? "noHomeVisit" : null;
        if (step.equals("inWork")) {
            return !"true".equals(String.valueOf(parameters.get("noInWork")));   // on unless switched off
        }
        return switchName == null || "false".equals(String.valueOf(parameters.get(switchName)));
    }

    private static boolean isStepParameter(String name) {
        return name.matches("condition\\d|refusal\\d|form|forward|registered|inWork|decision|result|offer|consent"
                + "|handOver|questionnaire|stateDatabaseCondition|stateDatabaseRefusal|refusal|termExtension"
                + "|packageCondition|packageRefusal|chain\\d|homeVisit");
    }

    /** {@code route} loaded into {@code context} with the shipped templates and blocks, as the start loads them. */
    static void loadWithTheTemplates(DefaultCamelContext context, Path route) throws Exception {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        kz.qaqpa.regulation.RegulationBlocks.register(context);
        List<Resource> files = new ArrayList<>();
        try (Stream<Path> templates = Files.list(Path.of("routes/templates"))) {
            templates.sorted().forEach(p -> files.add(ResourceHelper.resolveResource(context, "file:" + p)));
        }
        files.add(ResourceHelper.resolveResource(context, "file:" + route));
        PluginHelper.getRoutesLoader(context).loadRoutes(files);
    }
}
