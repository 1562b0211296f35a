package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The channel an application names is read where the regulation has a branch for it ("<route>-<channel>"), and the
 * branch is found at a cost that does not grow with the context's routes (perf66c: {@code CamelContext.getRoute}
 * copied all the gateway's 161 routes and scanned them at every application, as StepRecorder's look-up did before
 * perf56b). A branch that is stopped is still the regulation's, as before.
 */
class ApplicationChannelTest {
    @Test
    void theNamedChannelsBranchIsFoundAtACostThatDoesNotGrowWithTheRoutes() throws Exception {
        ApplicationChannel channels = new ApplicationChannel(null); // a sender is judged only where no branch exists
        try (CamelContext context = new DefaultCamelContext()) {
            // lambdas, not RouteBuilder classes: the gateway's Camel Main scans kz.qaqpa for those and would load them
            RouteBuilder.addRoutes(context, routes -> {
                routes.from("direct:seed-002").routeId("seed-002").process(channels::read);
                routes.from("direct:seed-002-portal").routeId("seed-002-portal").log("branch");
            });
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();

            assertThat(channelRead(producer)).isEqualTo("PORTAL");
            CostWithMoreRoutes.assertDoesNotGrow(context,
                    () -> producer.send("direct:seed-002", ApplicationChannelTest::portalApplication));
            context.getRouteController().stopRoute("seed-002-portal");

            assertThat(channelRead(producer)).as("read where the branch is stopped").isEqualTo("PORTAL");
        }
    }

    private static String channelRead(ProducerTemplate producer) {
        Exchange done = producer.send("direct:seed-002", ApplicationChannelTest::portalApplication);
        assertThat(done.getException()).isNull();
        return done.getVariable("channel", String.class);
    }

    private static void portalApplication(Exchange exchange) {
        exchange.setVariable("applicationDocument", new ApplicationDocument(null, new ApplicationFacts("002",
                "PORTAL", "880101300001", null, null, null, null, null)));
    }
}
