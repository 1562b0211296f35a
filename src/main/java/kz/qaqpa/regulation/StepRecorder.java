package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Records every regulation step (Camel {@code step} EIP) an exchange runs through, with its start, end and
 * outcome, into exchange variable {@value #TRAIL}; the intake and provider events persist the trail together
 * with the change it belongs to. Times come from the gateway's clock (qaqpa.clock). A step's time norm is its
 * variable {@code norm} ({@link Norm}'s syntax; empty where the step has no term of its own) and its
 * description its variable {@code stepDescription} (route templates set both from the regulation file), else
 * the step's own {@code description}.
 */
public final class StepRecorder extends EventNotifierSupport {
    public static final String TRAIL = "trail";
    /** Exchange variable: the regulation's id of the step running now (for a bean that must know which it serves). */
    public static final String CURRENT_STEP = "currentStep";
    /**
     * Exchange variable: the instant a step acted at, set by the step, which it ends at in the trail (ConsumerWait: the
     * consumer's answer the plan resumes from); else the step ends when Camel says it completed.
     */
    public static final String ENDED_AT = "stepEndedAt";
    private static final String STARTS = "stepStarts";
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();
    private final Clock clock;

    public StepRecorder(Clock clock) {
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.StepEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.StepEvent step = (CamelEvent.StepEvent) event;
        Exchange exchange = step.getExchange();
        String stepId = regulationId(exchange, step.getStepId());
        if (event instanceof CamelEvent.StepStartedEvent) {
            starts(exchange).put(stepId, clock.instant());
            exchange.setVariable(CURRENT_STEP, stepId);
            exchange.removeVariable("norm");
            exchange.removeVariable("normFrom");
            exchange.removeVariable("stepDescription");
            exchange.removeVariable("outcome");
            exchange.removeVariable(ENDED_AT);
            return;
        }
        Instant ended = exchange.getVariable(ENDED_AT, Instant.class);
        exchange.removeVariable(ENDED_AT);
        Instant started = starts(exchange).getOrDefault(stepId, clock.instant());
        String outcome = event instanceof CamelEvent.StepFailedEvent
                ? "failed: " + String.valueOf(exchange.getException() == null ? "" : exchange.getException().getMessage())
                : exchange.getVariable("outcome", "done", String.class);
        String description = exchange.getVariable("stepDescription", String.class);
        trail(exchange).add(new TrailEntry(stepId,
                description != null ? description : description(exchange.getContext(), step.getStepId()),
                norm(exchange), exchange.getVariable("normFrom", String.class), started,
                ended != null ? ended : clock.instant(), outcome));
    }

    /** A step the regulation gives no time (an empty norm in the route file) has none. */
    private static String norm(Exchange exchange) {
        String norm = exchange.getVariable("norm", String.class);
        return norm == null || norm.isBlank() ? null : norm;
    }

    /**
     * Camel prefixes the node ids of a templated route; the regulation's own number is what follows. The route is the
     * one the exchange is in, from its unit of work (whose id {@code getAtRouteId} reads): the context's
     * {@code getRoute(id)} copies the list of all its routes (161) under the context's lock and scans it, at every
     * step's start and end (perf56b).
     */
    private static String regulationId(Exchange exchange, String nodeId) {
        Route route = ExchangeHelper.getRoute(exchange);
        String prefix = route == null ? null : route.getNodePrefixId();
        return prefix != null && nodeId.startsWith(prefix) ? nodeId.substring(prefix.length()) : nodeId;
    }

    @SuppressWarnings("unchecked")
    public static List<TrailEntry> trail(Exchange exchange) {
        List<TrailEntry> trail = exchange.getVariable(TRAIL, List.class);
        if (trail == null) {
            trail = new ArrayList<>();
            exchange.setVariable(TRAIL, trail);
        }
        return trail;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Instant> starts(Exchange exchange) {
        Map<String, Instant> starts = exchange.getVariable(STARTS, Map.class);
        if (starts == null) {
            starts = new HashMap<>();
            exchange.setVariable(STARTS, starts);
        }
        return starts;
    }

    private String description(CamelContext context, String stepId) {
        return descriptions.computeIfAbsent(stepId, id -> {
            ProcessorDefinition<?> definition = ((ModelCamelContext) context).getProcessorDefinition(id);
            String text = definition == null ? null : definition.getDescription();
            return text == null ? id : context.resolvePropertyPlaceholders(text);
        });
    }
}
