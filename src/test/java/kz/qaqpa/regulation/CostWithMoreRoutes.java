package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import kz.qaqpa.Allocations;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * What an exchange allocates does not grow with the context's routes: a look-up by route id that copies and scans
 * the context's list of routes (CamelContext.getRoute) would (perf56b's StepRecorder, perf66c's ApplicationChannel).
 */
final class CostWithMoreRoutes {
    private static final int EXCHANGES = 200;
    private static final int MORE_ROUTES = 4000;
    /** What one exchange may allocate more once the context has {@link #MORE_ROUTES} more routes. */
    private static final long MORE_BYTES_PER_EXCHANGE = 2_000;

    private CostWithMoreRoutes() {
    }

    /** Sends {@code exchange} many times before and after {@link #MORE_ROUTES} routes are added, each warmed up. */
    static void assertDoesNotGrow(CamelContext context, Runnable exchange) throws Exception {
        Runnable many = () -> {
            for (int i = 0; i < EXCHANGES; i++) {
                exchange.run();
            }
        };
        many.run(); // warmed up, as measured below
        long few = Allocations.during(many);
        RouteBuilder.addRoutes(context, routes -> {
            for (int i = 0; i < MORE_ROUTES; i++) {
                routes.from("direct:other-" + i).routeId("other-" + i).log("unused");
            }
        });
        many.run();
        long more = Allocations.during(many);
        assertThat((more - few) / EXCHANGES).as("bytes an exchange allocates more with %d more routes (%d, then"
                + " %d for %d exchanges)", MORE_ROUTES, few, more, EXCHANGES).isLessThan(MORE_BYTES_PER_EXCHANGE);
    }
}
