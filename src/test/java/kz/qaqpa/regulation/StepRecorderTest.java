package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The trail's step ids are the regulation's own (the templated route's node prefix left out), and recording a step
 * costs the same whatever the number of routes: the route is the exchange's own, not looked up in the context's list
 * of routes at every step's start and end (perf56b: {@code CamelContext.getRoute} copies all the gateway's 161 routes
 * under the context's lock and scans them).
 */
class StepRecorderTest {
    @Test
    void aStepIsRecordedUnderItsRegulationIdAtACostThatDoesNotGrowWithTheRoutes() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getManagementStrategy().addEventNotifier(new StepRecorder(Clock.systemUTC()));
            // lambdas, not RouteBuilder classes: the gateway's Camel Main scans kz.qaqpa for those and would load them
            RouteBuilder.addRoutes(context, routes -> routes.routeTemplate("regulation").templateParameter("name")
                    .from("direct:{{name}}").step("1.2").setVariable("outcome", routes.constant("done")).end()
                    .step("1.3").setBody(routes.constant("x")).end());
            TemplatedRouteBuilder.builder(context, "regulation").routeId("seed-002").prefixId("seed-002-")
                    .parameter("name", "intake").add();
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();

            assertThat(trail(producer)).extracting(TrailEntry::stepId).containsExactly("1.2", "1.3");
            CostWithMoreRoutes.assertDoesNotGrow(context,
                    () -> producer.send("direct:intake", e -> e.getMessage().setBody("a")));

            assertThat(trail(producer)).extracting(TrailEntry::stepId).containsExactly("1.2", "1.3");
        }
    }

    private static List<TrailEntry> trail(ProducerTemplate producer) {
        Exchange done = producer.send("direct:intake", e -> e.getMessage().setBody("a"));
        return StepRecorder.trail(done);
    }
}
