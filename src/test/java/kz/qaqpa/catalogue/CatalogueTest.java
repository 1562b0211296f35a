package kz.qaqpa.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.SchemaFactory;
import kz.qaqpa.TestResources;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.GatewayHarness;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.regulation.Norm;
import kz.qaqpa.store.StatusHistory;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The catalogue metaservice over real HTTP on a running gateway: it lists the registered services from the loaded
 * routes, describes the kindergarten regulation with the steps an application really goes through, links a schema
 * an integrator can generate classes from and validate the application with; the console serves the diagram.
 */
@SuppressWarnings("unchecked")
class CatalogueTest {
    private static final String SERVICE = "ASTANA_KINDERGARTEN_2012";
    /** qaqpa.sender.<id>.channels of application.properties */
    private static final Map<String, String> SUBMITTED_BY = Map.of("ZHAO", "EASTANA", "CON", "CON", "PORTAL", "PORTAL",
            "EASTANA", "EASTANA");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    @TempDir
    static Path xjcOutput;

    @Test
    void listsEveryRegisteredServiceWithItsKindAndChannels() throws Exception {
        JsonObject catalogue = json(get(publicUrl("/catalogue"), 200));
        JsonArray services = (JsonArray) catalogue.get("services");
        assertThat(services).extracting(s -> ((JsonObject) s).getString("serviceId"))
                .startsWith("GBDFL_PERSON", "ENIS_POWER_OF_ATTORNEY", SERVICE)
                .contains("MANGYSTAU_PRESCHOOL_QUEUE_2012", "MANGYSTAU_GUARDIANSHIP_2012", "MANGYSTAU_MINOR_DEPOSITS_2012",
                        "MANGYSTAU_MINOR_PROPERTY_2012")
                .contains("ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON", "ASTANA_ARCHIVE_CERTIFICATE_2012_ENTITY")
                .contains("NKO_MZH_GUARDIANSHIP_CERTIFICATE_2012", "NKO_MZH_MINORS_DEPOSITS_INHERITANCE_2012",
                        "NKO_MZH_MINORS_PROPERTY_TRANSACTIONS_2012")
                .contains("ALMATY_2015_GUARDIANSHIP_CERTIFICATES", "ALMATY_2015_GUARDIANSHIP",
                        "ALMATY_2015_MINORS_PROPERTY_CERTIFICATES", "ALMATY_2015_MINORS_TRANSACTION_CERTIFICATES",
                        "ALMATY_2015_GUARDIAN_ALLOWANCE")
                .contains("ALMATY_SCHOOL_MEALS_2015", "ALMATY_PATRONAGE_2015", "ALMATY_PATRONAGE_UPKEEP_2015",
                        "ALMATY_ADOPTERS_2015", "ALMATY_ADOPTION_PAYMENT_2015", "ALMATY_CAMP_REFERRAL_2015");
        JsonObject kindergarten = find(services, "serviceId", SERVICE);
        assertThat(kindergarten.getString("kind")).isEqualTo("async");
        assertThat((List<Object>) kindergarten.get("channels")).containsExactly("ZHAO", "CON", "PORTAL", "EASTANA");
        assertThat(kindergarten.getString("link")).isEqualTo(publicUrl("/catalogue/" + SERVICE));
        assertThat(find(services, "serviceId", "GBDFL_PERSON").getString("kind")).isEqualTo("sync");
    }

    /**
     * Seed 004 S2: a term in calendar days (para 5: 15 min + 1 cd + 28 cd + 1 cd; the regulation states no total, notes
     * §5 item 10) is shown as the route's fact, kept unparsed because a sum of units is not one norm.
     */
    @Test
    void showsTheTotalTermOfACalendarDayService() throws Exception {
        JsonObject service = json(get(publicUrl("/catalogue/ALMATY_2015_GUARDIANSHIP"), 200));
        JsonObject total = (JsonObject) service.get("totalTerm");
        assertThat(total.getString("text")).isEqualTo("30 calendar-days and 15 minutes");
        assertThat(total.get("parsed")).isNull();
        assertThat(total.getString("unparsed")).isNotBlank();
        assertThat(((JsonObject) service.get("regulation")).getString("provider")).contains("Education Department");
    }

    /**
     * Seed 004 S2 para 8.3: the order is signed by the akim of the application's district, each district's akimat
     * listed; the refusals by the Education Department (session 28).
     */
    @Test
    void namesTheSignerOfEachDistrictOfAServiceSignedPerLocality() throws Exception {
        JsonObject service = json(get(publicUrl("/catalogue/ALMATY_2015_GUARDIANSHIP"), 200));
        String prefix = "qaqpa.service.ALMATY_2015_GUARDIANSHIP.";
        JsonArray signers = (JsonArray) service.get("resultSignerLocalities");
        List<String> localities = List.of(configured(prefix + "result-signer-localities").split(","));
        assertThat(signers).extracting(l -> ((JsonObject) l).getString("locality")).containsExactlyElementsOf(localities);
        for (String locality : localities) {
            assertThat(find(signers, "locality", locality).getString("resultSignerBin"))
                    .isEqualTo(configured(prefix + "locality." + locality + ".result-signer-bin"));
        }
        assertThat((JsonArray) service.get("resultSignerLocalityResults")).containsExactly("guardianshipOrder");
        assertThat((JsonArray) service.get("resultSignerBins")).containsExactly(configured("qaqpa.almaty-education.bin"));
        assertThat((JsonArray) json(get(publicUrl("/catalogue/" + SERVICE), 200)).get("resultSignerLocalities")).isEmpty();
    }

    /**
     * The systems keeping the consumer's history of obtaining services (qaqpa.service.<id>.history, session 35):
     * seed 003 para 10 «ЭҮП-те «Қызметтер алу тарихы» бөлімінде» puts both archive services' statuses on the
     * portal; seed 004 has no such paragraph, so its services name none.
     */
    @Test
    void namesTheSystemsKeepingTheConsumersHistory() throws Exception {
        for (String id : List.of("ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON", "ASTANA_ARCHIVE_CERTIFICATE_2012_ENTITY")) {
            JsonObject service = json(get(publicUrl("/catalogue/" + id), 200));
            assertThat((List<Object>) service.get("history")).as(id)
                    .containsExactlyElementsOf(List.of(configured("qaqpa.service." + id + ".history").split(",")))
                    .containsExactly("PORTAL");
        }
        JsonObject seed4 = json(get(publicUrl("/catalogue/ALMATY_2015_GUARDIANSHIP"), 200));
        assertThat(seed4.containsKey("history")).isTrue();
        assertThat((List<Object>) seed4.get("history")).isEmpty();
    }

    /** Seed 001: several providers, each with its localities and its signing organisation, from the configuration. */
    @Test
    void namesEachProviderOfAServiceWithItsLocalities() throws Exception {
        JsonObject service = json(get(publicUrl("/catalogue/MANGYSTAU_GUARDIANSHIP_2012"), 200));
        assertThat((List<Object>) service.get("providerSystems"))
                .containsExactly("MANGYSTAU_KARAKIYAK_EDU", "MANGYSTAU_BASKUDUK_AKIM");
        JsonObject karakiyak = find((JsonArray) service.get("providerLocalities"), "senderId", "MANGYSTAU_KARAKIYAK_EDU");
        assertThat((List<Object>) karakiyak.get("localities"))
                .containsExactlyElementsOf(List.of(configured("qaqpa.sender.MANGYSTAU_KARAKIYAK_EDU.localities").split(",")));
        assertThat(karakiyak.getString("resultSignerBin"))
                .isEqualTo(configured("qaqpa.sender.MANGYSTAU_KARAKIYAK_EDU.result-signer-bin"));
        assertThat((JsonArray) json(get(publicUrl("/catalogue/" + SERVICE), 200)).get("providerLocalities")).isEmpty();
    }

    /**
     * A catalogue client built before session 61 reads the service's one signer from {@code resultSignerBin}; for one
     * release the catalogue prints it beside {@code resultSignerBins} where the list has one БИН (review62 finding 5);
     * where it has several (seed 003's) not, as such a client would refuse every result but the first's (review63b 6).
     */
    @Test
    void stillPrintsTheOldSingleSignerFieldBesideTheList() throws Exception {
        for (String id : List.of(SERVICE, "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON")) {
            JsonObject service = json(get(publicUrl("/catalogue/" + id), 200));
            List<String> bins = List.of(configured("qaqpa.service." + id + ".result-signer-bin").split(","));
            assertThat(bins).as("the two forms asked: one БИН and several").hasSize(id.equals(SERVICE) ? 1 : 2);
            assertThat((List<Object>) service.get("resultSignerBins")).as(id).containsExactlyElementsOf(bins);
            assertThat(service.getString("resultSignerBin")).as(id).isEqualTo(bins.size() == 1 ? bins.get(0) : null);
        }
    }

    @Test
    void describesTheRegulationWithItsFactsSignerAndChannels() throws Exception {
        JsonObject service = json(get(publicUrl("/catalogue/" + SERVICE), 200));
        JsonObject regulation = (JsonObject) service.get("regulation");
        assertThat(regulation.getString("source")).contains("107-1014");
        assertThat(regulation.getString("paragraphs")).isNotBlank();
        assertThat(regulation.getString("provider")).contains("Education Department");
        assertThat(((JsonObject) service.get("totalTerm")).getString("text")).isNotBlank();
        assertThat((List<Object>) service.get("resultSignerBins"))
                .containsExactly(configured("qaqpa.service." + SERVICE + ".result-signer-bin"));
        assertThat((List<Object>) service.get("observers")).containsExactly("CON");
        assertThat((List<Object>) service.get("providerSystems")).containsExactly("EASTANA");
        JsonArray channels = (JsonArray) service.get("channels");
        assertThat(channels).extracting(c -> ((JsonObject) c).getString("channel"))
                .containsExactly("ZHAO", "CON", "PORTAL", "EASTANA");
        for (Object c : channels) {
            JsonObject channel = (JsonObject) c;
            assertThat((List<Object>) channel.get("senders")).as("systems submitting on %s", channel.getString("channel"))
                    .containsExactly(SUBMITTED_BY.get(channel.getString("channel")));
            List<JsonObject> steps = steps(channel);
            assertThat(steps).as("steps of %s", channel.getString("channel")).isNotEmpty().allSatisfy(step -> {
                // the regulation's own number, without the node prefix Camel gives a templated route
                assertThat(step.getString("id")).startsWith(channel.getString("channel").toLowerCase() + "-");
                assertThat(step.getString("description")).isNotBlank();
                // the regulation gives no norm for the consumer's own answers (offer/consent, questionnaire), nor
                // for any channel's conditions and their refusals (no table prints a row for them: Tables 3 and 4
                // check the data and show the refusal within action 1's minute, the form's), nor for the office's
                // hand-over (Table 1 action 9's minutes make the output document); every other step has one
                boolean noRow = step.getString("id").matches(".*-(appendix-12|process-8-offer|process-8-consent)"
                        + "|.*-(condition-1|process-2|condition-2)|(zhao|con|eastana)-process-5|portal-process-6"
                        + "|zhao-action-9");
                assertThat(step.get("norm") == null).as("%s has no norm", step.getString("id")).isEqualTo(noRow);
                if (!noRow) {
                    assertNormShown((JsonObject) step.get("norm"));
                }
            });
            // a refusal runs only under its condition
            assertThat(steps).anySatisfy(step -> assertThat((List<?>) step.get("when")).isNotEmpty());
        }
    }

    @Test
    void stepsAreTheOnesAnApplicationGoesThroughWithTheirNorms() throws Exception {
        String messageId = "catalogue-" + UUID.randomUUID();
        SampleApplication sample = SampleApplication.on(Channel.PORTAL).kindergartens("MBU-050");
        Element signed = gateway.signed(sample);
        String correlationId = gateway.client(Channel.PORTAL).submit(signed, messageId).getCorrelationId();

        JsonObject service = json(get(publicUrl("/catalogue/" + SERVICE), 200));
        List<JsonObject> catalogued = steps(find((JsonArray) service.get("channels"), "channel", "PORTAL"));
        List<String> ids = catalogued.stream().map(s -> s.getString("id")).toList();
        List<StatusHistory.Step> recorded = gateway.assembly().statusHistory().of(correlationId);
        assertThat(recorded).as("steps recorded at intake").isNotEmpty();
        int previous = -1;
        for (StatusHistory.Step step : recorded) {
            int at = ids.indexOf(step.stepId());
            assertThat(at).as("%s in the catalogue's PORTAL steps %s, in order", step.stepId(), ids).isGreaterThan(previous);
            JsonObject norm = (JsonObject) catalogued.get(at).get("norm");
            assertThat(norm == null ? null : norm.getString("text")).as("norm of %s", step.stepId()).isEqualTo(step.norm());
            previous = at;
        }
    }

    @Test
    void linksSchemasAnIntegratorGeneratesClassesFromAndValidatesTheApplicationWith() throws Exception {
        JsonObject service = json(get(publicUrl("/catalogue/" + SERVICE), 200));
        JsonObject application = find((JsonArray) service.get("documents"), "role", "application");
        String schemaUrl = application.getString("schema");
        assertThat(schemaUrl).isEqualTo(publicUrl("/xsd/kindergarten-registration.xsd"));
        assertThat((JsonArray) service.get("documents")).extracting(d -> ((JsonObject) d).getString("element"))
                .contains("application", "referral", "registrationSlip", "refusal");
        assertThat(get(schemaUrl, 200)).contains("targetNamespace=\"http://qaqpa.kz/services/kindergarten/v1\"");

        // the sample application, signed as a channel sends it, is valid against the schema read from the URL
        SampleApplication sample = SampleApplication.on(Channel.CON).kindergartens("MBU-050");
        Element signed = gateway.signed(sample);
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(URI.create(schemaUrl).toURL()).newValidator().validate(new DOMSource(signed));

        // xjc, as an integrator runs it, generates the payload classes from the same URL
        Path out = Files.createTempDirectory(xjcOutput, "xjc");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8);
        int status = com.sun.tools.xjc.Driver.run(new String[] {"-d", out.toString(), "-p", "integrator.kindergarten",
                "-quiet", schemaUrl}, print, print);
        assertThat(status).as(log.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.resolve("integrator/kindergarten/Application.java")).exists();
    }

    @Test
    void unknownServiceSchemaAndMethodAreRefusedClearly() throws Exception {
        assertThat(json(get(publicUrl("/catalogue/NO_SUCH_SERVICE"), 404)).getString("error")).contains("NO_SUCH_SERVICE");
        // the path is decoded once: "%25ZZ" names the service "%ZZ", it is not decoded again (which failed with 500)
        assertThat(json(get(publicUrl("/catalogue/%25ZZ"), 404)).getString("error")).contains("'%ZZ'");
        // a path with a ".." segment is refused by the server before the catalogue sees it (RequestBodyGuard)
        assertThat(get(publicUrl("/xsd/../application.properties"), 404)).startsWith("no such path");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl("/catalogue")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void operatorConsoleServesTheCommittedDiagram() throws Exception {
        String route = "astana-2012-kindergarten-registration";
        String served = get(gateway.consoleRequest("/diagrams/" + route), 200);
        assertThat(served).isEqualTo(Files.readString(DiagramGenerator.DIAGRAMS.resolve(DiagramGenerator.fileName(route))));
        assertThat(served).contains("```mermaid");
        get(gateway.consoleRequest("/diagrams/no-such-route"), 404);
    }

    private static void assertNormShown(JsonObject norm) {
        assertThat(norm).as("every step carries a norm").isNotNull();
        String text = norm.getString("text");
        if (parses(text)) {
            assertThat(norm.get("parsed")).as("parsed form of %s", text).isInstanceOf(Map.class);
        } else {
            assertThat(norm.get("parsed")).as("%s does not parse yet", text).isNull();
            assertThat(norm.getString("unparsed")).isNotBlank();
        }
    }

    private static boolean parses(String norm) {
        try {
            Norm.parse(norm);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String configured(String key) {
        return TestResources.properties("application.properties").getProperty(key).trim();
    }

    private static List<JsonObject> steps(JsonObject channel) {
        List<JsonObject> steps = new ArrayList<>();
        for (Object route : (JsonArray) channel.get("routes")) {
            for (Object step : (JsonArray) ((JsonObject) route).get("steps")) {
                steps.add((JsonObject) step);
            }
        }
        return steps;
    }

    private static JsonObject find(JsonArray array, String key, String value) {
        return array.stream().map(JsonObject.class::cast).filter(o -> value.equals(o.getString(key))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + "=" + value + " in " + array));
    }

    private static String publicUrl(String path) {
        return "http://localhost:" + gateway.property("qaqpa.http.port") + path;
    }

    private static String get(String url, int expectedStatus) throws Exception {
        return get(HttpRequest.newBuilder(URI.create(url)), expectedStatus);
    }

    private static String get(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpRequest built = request.GET().build();
        String url = built.uri().toString();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static JsonObject json(String body) throws Exception {
        return (JsonObject) Jsoner.deserialize(body);
    }
}
