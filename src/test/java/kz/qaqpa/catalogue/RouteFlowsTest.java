package kz.qaqpa.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import kz.qaqpa.registry.ServiceRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The catalogue and the diagrams read any regulation's routes, not the seed's parameter names: a template of its
 * own, with a switch the route file turns off, a step the template nests in a switch that is on, a norm in a syntax
 * {@link kz.qaqpa.regulation.Norm} does not read yet, and a continuation route that names no channel.
 */
class RouteFlowsTest {
    private static final String ROUTES = """
            - routeTemplate:
                id: some-intake
                description: a regulation's own template
                parameters:
                  - {name: routeId}
                  - {name: channel}
                  - {name: lookUp}
                  - {name: lookUpStep}
                  - {name: handOver}
                route:
                  id: "{{routeId}}"
                  description: "Intake on {{channel}}"
                  from:
                    uri: "direct:{{routeId}}"
                    steps:
                      - setVariable: {name: channel, constant: "{{channel}}"}
                      - step:
                          id: "{{channel}}-condition-1"
                          description: "Condition 1 on {{channel}}"
                          steps:
                            - setVariable: {name: norm, constant: PT1M}
                            - bean: {ref: senderCondition, method: check}
                      - choice:
                          when:
                            - simple: "${variable.failure} != null"
                              steps:
                                - step:
                                    id: "{{channel}}-process-2"
                                    steps:
                                      - setVariable: {name: norm, constant: PT1M}
                                      - setVariable: {name: stepDescription, constant: "Refusal on {{channel}}"}
                                      - setVariable: {name: refusalMessage, constant: "refused"}
                                      - bean: {ref: refusals, method: refuse}
                      - filter:
                          simple: "'{{lookUp}}' == 'true'"
                          steps:
                            - step:
                                id: "{{lookUpStep}}"
                                description: "State database look-up"
                                steps:
                                  - setVariable: {name: norm, constant: PT1M}
                      - filter:
                          simple: "'{{handOver}}' == 'true'"
                          steps:
                            - step:
                                id: "{{channel}}-process-8"
                                description: "Hand-over"
                                steps:
                                  - setVariable: {name: norm, constant: "3 working-days from-next-day"}
            - route:
                id: demo
                description: Demo regulation
                from:
                  uri: direct:demo
                  steps:
                    - setVariables:
                        variables:
                          - {name: catalogue.title, constant: "Demo service"}
                          - {name: catalogue.totalTerm, constant: "5 calendar-days"}
                    - toD: "direct:demo-${variable.channel}"
            - templatedRoute:
                routeTemplateRef: some-intake
                routeId: demo-a
                parameters:
                  - {name: routeId, value: demo-a}
                  - {name: channel, value: A}
                  - {name: lookUp, value: "false"}
                  - {name: lookUpStep, value: a-condition-3}
                  - {name: handOver, value: "true"}
            - route:
                id: demo-a-progress
                description: Provider events on A
                from:
                  uri: direct:demo-a-progress
                  steps:
                    - choice:
                        when:
                          - simple: "${variable.event} == 'RESULT'"
                            steps:
                              - step:
                                  id: a-action-5
                                  description: Decision
                                  steps:
                                    - setVariable: {name: norm, constant: PT15M}
                                    - setVariable: {name: resultDocuments, constant: "decision,refusal"}
            """;

    @Test
    void readsStepsNormsConditionsAndSwitchesOfAnyTemplate() throws Exception {
        ServiceEntry demo = demo();
        assertThat(demo.facts()).containsEntry("title", "Demo service").containsEntry("totalTerm", "5 calendar-days");
        assertThat(demo.channels()).containsOnlyKeys("A");
        List<RouteFlow> routes = demo.channels().get("A");
        assertThat(routes).extracting(RouteFlow::id).containsExactly("demo-a", "demo-a-progress");
        RouteFlow intake = routes.get(0);
        // the look-up is switched off by the route file; the hand-over switched on
        assertThat(intake.steps()).extracting(RouteFlow.Step::id).containsExactly("A-condition-1", "A-process-2", "A-process-8");
        assertThat(intake.steps()).extracting(RouteFlow.Step::norm).containsExactly("PT1M", "PT1M", "3 working-days from-next-day");
        RouteFlow.Step refusal = intake.steps().get(1);
        assertThat(refusal.description()).isEqualTo("Refusal on A");
        assertThat(refusal.variables()).containsExactly(Map.entry("refusalMessage", "refused"));
        assertThat(intake.nodes()).filteredOn(RouteFlow.Branch.class::isInstance).singleElement()
                .satisfies(b -> assertThat(((RouteFlow.Branch) b).guards()).extracting(RouteFlow.Guard::condition)
                        .containsExactly("${variable.failure} != null"));
        assertThat(demo.stepValues(CatalogueJson.RESULT_DOCUMENTS)).containsExactly("decision", "refusal");
    }

    @Test
    void catalogueShowsANormItCannotParseAsWritten() {
        JsonObject known = CatalogueJson.norm("PT15M");
        assertThat(known.get("parsed")).isInstanceOf(Map.class);
        assertThat(known.get("parsed").toString()).contains("MINUTES").contains("amount=15");
        JsonObject unknown = CatalogueJson.norm("5 fortnights");
        assertThat(unknown.getString("text")).isEqualTo("5 fortnights");
        assertThat(unknown.get("parsed")).isNull();
        assertThat(unknown.getString("unparsed")).isNotBlank();
    }

    @Test
    void diagramDrawsTheChannelRefusalAsAnEndAndLeavesSwitchedOffStepsOut() throws Exception {
        String diagram = RegulationDiagram.of(demo());
        assertThat(diagram).startsWith("# Demo service").contains("subgraph channel_A[\"Channel A\"]")
                .contains("step_A_process_2[[\"A-process-2<br/>PT1M\"]]")
                .contains("step_A_condition_1 -- \"${variable.failure} != null\" --> step_A_process_2")
                .contains("step_A_condition_1 -- \"otherwise\" --> step_A_process_8")
                .contains("step_A_process_8 --> route_demo_a_progress")
                .doesNotContain("a-condition-3")
                .contains("| `a-action-5` | PT15M | Decision |");
    }

    private static ServiceEntry demo() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("demo.yaml", ROUTES));
            ServiceRegistry services = new ServiceRegistry(Map.of("DEMO", "demo"), Map.of("DEMO", "async"));
            return new ServiceCatalogue(context, services).entry("DEMO").orElseThrow();
        }
    }
}
