package kz.qaqpa.regulation;

import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;

/**
 * Reads the channel an application names (variable "channel") so the regulation can pick its branch; a channel the
 * regulation does not name is refused (seed 004 S11 has the office only).
 */
public final class ApplicationChannel {
    public void read(Exchange exchange) {
        String channel = ApplicationDocument.of(exchange).facts().channel();
        if (channel == null || !channel.matches("[A-Z]+")) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE,
                    "the application names no channel");
        }
        // the regulation's route has a branch per channel its text names: "<route>-<channel>"
        String regulation = ExchangeHelper.getAtRouteId(exchange);
        if (regulation != null && exchange.getContext().getRoute(regulation + "-" + channel.toLowerCase()) == null) {
            throw new ShepException(FaultCode.NOT_IN_REGULATION,
                    "the regulation has no channel " + channel);
        }
        exchange.setVariable("channel", channel);
    }
}
