package kz.qaqpa.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The loaded routes' flows are read once, at the start, and shared ({@link LoadedFlows}): every reader gets the
 * start's reading, which none can change, and a route added to the started context is refused before Camel adds it (Qaqpa reads its routes
 * once); a context never started is read as its routes are when asked.
 */
class LoadedFlowsTest {
    private static final String FIRST = """
            - route:
                id: first
                description: A route loaded before the start
                from:
                  uri: direct:first
                  steps:
                    - step:
                        id: first-action-1
                        steps:
                          - setVariable: {name: norm, constant: PT1M}
                          - log: first
            """;
    private static final String LATE = """
            - route:
                id: late
                description: A route added after the start
                from:
                  uri: direct:late
                  steps:
                    - log: late
            """;

    @Test
    void theStartReadsTheRoutesOnceForEveryReader() throws Exception {
        try (DefaultCamelContext context = started()) {
            LoadedFlows read = LoadedFlows.of(context);
            assertThat(LoadedFlows.of(context)).isSameAs(read);
            assertThat(LoadedFlows.atStart(context)).isSameAs(read);
            assertThat(read.all()).extracting(RouteFlow::id).containsExactly("first");
            assertThat(read.flow("first").orElseThrow().steps()).extracting(RouteFlow.Step::id, RouteFlow.Step::norm)
                    .containsExactly(tuple("first-action-1", "PT1M"));
            assertThat(read.flow("none")).isEmpty();
            assertThat(read.flow(null)).isEmpty();
        }
    }

    /** The reading is shared: a reader cannot change the norm, the settings or the steps the others plan by. */
    @Test
    void noReaderChangesTheSharedReading() throws Exception {
        try (DefaultCamelContext context = started()) {
            RouteFlow first = LoadedFlows.of(context).flow("first").orElseThrow();
            RouteFlow.Step step = first.steps().get(0);
            assertThatThrownBy(() -> step.variables().put("normFrom", "acceptance"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> step.calls().add("consumerWait.suspend"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> first.settings().put("channel", "portal"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> first.nodes().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> LoadedFlows.of(context).all().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aRouteAddedAfterTheStartIsRefused() throws Exception {
        try (DefaultCamelContext context = started()) {
            assertThatThrownBy(() -> load(context, LATE)).hasStackTraceContaining("added after the start");
            assertThat(context.getRouteDefinition("late")).isNull();
            assertThat(context.getRoute("late")).isNull();
            assertThat(LoadedFlows.of(context).all()).extracting(RouteFlow::id).containsExactly("first");
        }
    }

    @Test
    void aContextNeverStartedIsReadAsItsRoutesAreNow() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            load(context, FIRST);
            assertThat(LoadedFlows.of(context).all()).extracting(RouteFlow::id).containsExactly("first");
            load(context, LATE);
            assertThat(LoadedFlows.of(context).all()).extracting(RouteFlow::id).containsExactly("first", "late");
        }
    }

    /** A context with {@link #FIRST} loaded and started, its flows read at the start as the gateway does. */
    private static DefaultCamelContext started() throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        load(context, FIRST);
        context.addStartupListener((camel, alreadyStarted) -> LoadedFlows.atStart(camel));
        context.start();
        return context;
    }

    private static void load(DefaultCamelContext context, String routes) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("routes.yaml", routes));
    }
}
