package kz.qaqpa.regulation;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;

/**
 * Reads the channel an application names (variable "channel") so the regulation can pick its branch; a channel the
 * regulation does not name is refused (seed 004 S11 has the office only). Who may send comes first (README, "Which
 * refusal comes first"): a sender that is not who it says, or may not send the service or on the channel named, is
 * refused as such (SCE003, SCE008) before it hears what is wrong with the application itself (SCE001, SCE033). Where
 * the branch exists, its condition 1 refuses such a sender in the regulation's own words.
 */
public final class ApplicationChannel {
    private final SenderCondition sender;

    public ApplicationChannel(SenderCondition sender) {
        this.sender = sender;
    }

    public void read(Exchange exchange) {
        String channel;
        try {
            channel = namedChannel(exchange);
        } catch (ShepException notTheServicesApplication) {
            sender.require(exchange);
            throw notTheServicesApplication;
        }
        // the regulation's route has a branch per channel its text names: "<route>-<channel>"
        String regulation = ExchangeHelper.getAtRouteId(exchange);
        if (regulation != null && !hasRoute(exchange, regulation + "-" + channel.toLowerCase())) {
            sender.require(exchange);
            SenderCondition.requireChannel(exchange, channel);
            throw new ShepException(FaultCode.NOT_IN_REGULATION,
                    "the regulation has no channel " + channel);
        }
        exchange.setVariable("channel", channel);
    }

    /**
     * Whether the context has the route, by its id in the context's map of route services: the context's
     * {@code getRoute(id)} copies the list of all its routes (161) and scans it, at every application (perf66c; the
     * same as StepRecorder's perf56b). A route that is stopped is still had, as by {@code getRoute}.
     */
    private static boolean hasRoute(Exchange exchange, String routeId) {
        return exchange.getContext().getRouteController().getRouteStatus(routeId) != null;
    }

    /** The channel the service's application names: SCE001 for another document, or one naming no channel. */
    private static String namedChannel(Exchange exchange) {
        String channel = ApplicationDocument.of(exchange).facts().channel();
        if (channel == null || !channel.matches("[A-Z]+")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "the application names no channel");
        }
        return channel;
    }
}
