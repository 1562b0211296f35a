package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import kz.qaqpa.Allocations;
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
    private static final int EXCHANGES = 200;
    private static final int MORE_ROUTES = 4000;
    /** What one exchange may allocate more once the context has {@link #MORE_ROUTES} more routes. */
    private static final long MORE_BYTES_PER_EXCHANGE = 2_000;

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
            sendMany(producer); // warmed up, as measured below
            long few = Allocations.during(() -> sendMany(producer));
            RouteBuilder.addRoutes(context, routes -> {
                for (int i = 0; i < MORE_ROUTES; i++) {
                    routes.from("direct:other-" + i).routeId("other-" + i).log("unused");
                }
            });
            sendMany(producer);
            long many = Allocations.during(() -> sendMany(producer));
            context.getRouteController().stopRoute("seed-002-portal");

            assertThat(channelRead(producer)).as("read where the branch is stopped").isEqualTo("PORTAL");
            assertThat((many - few) / EXCHANGES).as("bytes an exchange allocates more with %d more routes (%d, then"
                    + " %d for %d exchanges)", MORE_ROUTES, few, many, EXCHANGES).isLessThan(MORE_BYTES_PER_EXCHANGE);
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

    private static void sendMany(ProducerTemplate producer) {
        for (int i = 0; i < EXCHANGES; i++) {
            producer.send("direct:seed-002", ApplicationChannelTest::portalApplication);
        }
    }
}
