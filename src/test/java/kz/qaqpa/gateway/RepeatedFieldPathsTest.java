package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.regulation.DocumentSchemas;
import kz.qaqpa.regulation.RepeatedFieldPaths;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session 31 (answers17): a route's {@code result.repeats.<result>} pair whose path no document of its service can
 * match (a misspelt element, the other document's field, a name without the prefix {@code d}, a second prefix, a path
 * that is no XPath) refuses the start, naming the route, the variable and the path. Such a pair compared nothing with
 * nothing and passed every result: before, the gateway started with it, and the regulation's check was off. The
 * shipped routes pass the same check (RouteFilesTest). Its pairs' syntax is RepeatedField's (ResultRequirements).
 * Session 32 (console18): so does a path whose names the document may hold but whose steps do not nest as the schema
 * nests them (a step skipped, out of its parent, in the wrong order): it found nothing either, and the gateway started.
 * Session 33 (nesting21): each step follows the declaration in its context, not every element of its name (the
 * application's {@code adopter} holds no {@code iin}, though a result's {@code adopter} does).
 * Session 36 (pairs25): a list's rows compared by leaves ({@code d:minor{d:name/d:lastName;d:birthDate}*=...}): each
 * leaf is checked below its element's path, on its side.
 */
class RepeatedFieldPathsTest {
    private static final String NAMESPACE = "http://qaqpa.kz/services/almaty-child-welfare/v1";

    @TempDir
    Path dir;

    /** The start itself refuses such a route, in one line naming it (one case: a start takes half a minute). */
    @Test
    void aMisspeltPathRefusesTheStart() throws IOException {
        Path route = typoRoute("d:carer/d:iim=d:applicant/d:iin");
        try (GatewayHarness refused = new GatewayHarness(dir.resolve("data")).with("camel.main.routes-include-pattern",
                "classpath:routes/templates/*.yaml,classpath:routes/*.yaml,file:" + route)) {
            assertThatThrownBy(refused::start).hasMessageContaining("gateway did not start").rootCause()
                    .hasMessageContaining("route typo-progress-fields sets result.repeats.patronageContract with")
                    .hasMessageContaining("d:iim the schema does not declare inside <patronageContract>");
        }
    }

    /** Each kind of path that can match nothing, checked as the start checks the loaded routes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "a misspelt element of the result  ; d:carer/d:iim=d:applicant/d:iin                ; d:iim the schema does not declare inside <patronageContract>",
            "a misspelt element of the application ; d:carer/d:iin=d:aplicant/d:iin             ; d:aplicant the schema does not declare inside <application>",
            "the result's field on the application's side ; d:carer/d:iin=d:carer/d:iin         ; d:carer the schema does not declare inside <application>",
            "a name without the prefix         ; d:carer/iin=d:applicant/d:iin                  ; 'iin' has no prefix d",
            "another prefix                    ; d:carer/x:iin=d:applicant/d:iin                ; does not compile as XPath with the prefix d alone",
            "no XPath                          ; d:carer[/d:iin=d:applicant/d:iin               ; does not compile as XPath with the prefix d alone",
            "no operator                       ; d:carer/d:iin                                  ; has no '=' or '~'",
            "a count of a misspelt list        ; count(d:carer)=count(d:applicant | d:adoptr)   ; d:adoptr the schema does not declare inside <application>",
            "a list of a misspelt element      ; d:child/d:iin*=d:chlid/d:iin                   ; d:chlid the schema does not declare inside <application>",
            "the result's step out of its parent ; d:iin=d:applicant/d:iin                      ; d:iin the schema does not let the document <patronageContract> hold as a child",
            "a step skipped in the application ; d:carer/d:iin=d:applicant/d:lastName          ; d:lastName the schema does not let its parent d:applicant hold as a child",
            "steps in the wrong order          ; d:carer/d:iin=d:applicant/d:iin/d:name           ; d:name the schema does not let its parent d:iin hold as a child",
            "a predicate's path from its step  ; d:carer[d:name/d:iin]/d:iin=d:applicant/d:iin  ; d:iin the schema does not let its parent d:name hold as a child",
            "a count of steps that do not nest ; count(d:child)=count(d:child/d:name/d:iin)     ; d:iin the schema does not let its parent d:name hold as a child",
            "a name of another context's type  ; d:carer/d:iin=d:adopter/d:iin                  ; d:iin the schema does not let its parent d:adopter hold as a child",
            "a misspelt leaf of the result's rows ; d:carer{d:iim}*=d:applicant                 ; d:iim the schema does not declare inside <patronageContract>",
            "a misspelt leaf of the application's rows ; d:carer{d:iin}*=d:applicant{d:iim}     ; d:iim the schema does not declare inside <application>",
            "a leaf that does not nest         ; d:carer{d:lastName}*=d:applicant               ; d:lastName the schema does not let its parent d:carer hold as a child",
            "leaves without a list             ; d:carer{d:iin}=d:applicant                     ; gives leaves in braces without '*'",
            "leaves on the application's side alone ; d:carer*=d:applicant{d:iin}               ; gives leaves in braces without '*' or on the application's side alone"})
    void aPairNoDocumentCanMatchIsRefused(String name, String pair, String why) throws Exception {
        assertThatThrownBy(() -> check(typoRoute(pair))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route typo-progress-fields sets result.repeats.patronageContract with")
                .hasMessageContaining(why);
    }

    /** The same route with the shipped pair of S7's contract passes (the check refuses typos, not the route). */
    @Test
    void theShippedPairPasses() throws Exception {
        check(typoRoute("d:carer/d:iin=d:applicant/d:iin"));
    }

    /**
     * Session 32 (console18): steps the check cannot follow in the schema ({@code //}, {@code ..}, an axis, a
     * position) are not refused, and a name of a type's base (the applicant's {@code iin}, from Person) nests.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "d:carer/d:iin=d:applicant//d:iin",
            "d:carer/d:iin=d:adopter/d:spouse/d:iin",
            "d:carer/d:iin=d:child[1]/d:iin",
            "d:carer/d:iin=d:child[last()]/../d:applicant/d:iin",
            "d:carer/d:name/d:lastName~d:applicant/child::d:name/d:lastName",
            "count(d:child)=count(d:child[d:name/d:lastName != ''])",
            "d:carer{d:iin;d:name/d:lastName}*=d:applicant",
            "d:carer{d:iin}*=d:applicant{d:iin}"})
    void stepsThatNestOrThatTheCheckCannotFollowPass(String pair) throws Exception {
        check(typoRoute(pair));
    }

    /**
     * Session 33 (nesting21): each step follows its parent's declaration through a group, a reference and an xs:any of
     * the namespace (an element it lets in read by its global declaration), and a name declared twice takes the
     * children of the declaration in its context alone (schemas-test/nesting.xsd).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "a group                ; d:holder/d:name/d:lastName=d:applicant/d:name/d:lastName ; ",
            "a reference            ; d:holder/d:iin=d:note/d:text                             ; ",
            "an xs:any's element    ; d:holder/d:iin=d:extra/d:note/d:text                     ; ",
            "the other name's child ; d:holder/d:iin=d:name/d:lastName                         ; d:lastName the schema does not let its parent d:name hold",
            "an xs:any's element's  ; d:holder/d:iin=d:extra/d:note/d:iin                      ; d:iin the schema does not let its parent d:note hold"})
    void stepsFollowTheDeclarationInTheirContext(String name, String pair, String why) throws Exception {
        Path route = route("{urn:qaqpa:test:nesting}application", "result", pair);
        List<String> schema = List.of("schemas-test/nesting.xsd");
        if (why == null) {
            check(route, schema);
        } else {
            assertThatThrownBy(() -> check(route, schema)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(why);
        }
    }

    /** The route file loaded alone, checked against the shipped schemas (qaqpa.documents.schemas). */
    private static void check(Path route) throws Exception {
        check(route, null);
    }

    /** The route file loaded alone, checked against {@code schemas} (null: the shipped ones). */
    private static void check(Path route, List<String> schemas) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + route));
            RepeatedFieldPaths.require(kz.qaqpa.catalogue.RouteFlows.readAll(context), new DocumentSchemas(schemas != null ? schemas
                    : kz.qaqpa.channel.ContractSchemas.documents(Settings.of(context))));
        }
    }

    /** A progress route's fields, as routes/almaty-2015-child-welfare.yaml gives them, with {@code pair} for S7's contract. */
    private Path typoRoute(String pair) throws IOException {
        return route("{" + NAMESPACE + "}application", "patronageContract", pair);
    }

    /** A route of application {@code document} whose {@code result} repeats {@code pair}. */
    private Path route(String document, String result, String pair) throws IOException {
        Path route = dir.resolve("typo.yaml");
        Files.writeString(route, """
                - route:
                    id: typo-progress-fields
                    description: A progress route's fields with a typo
                    from:
                      uri: direct:typo-progress-fields
                      steps:
                        - setVariables:
                            variables:
                              - {name: document, constant: "%s"}
                              - {name: result.repeats.%s, constant: "%s"}
                """.formatted(document, result, pair));
        return route;
    }
}
