package kz.qaqpa.regulation;

import org.apache.camel.Exchange;

/** Reads the channel an application names (variable "channel") so the regulation can pick its branch. */
public final class ApplicationChannel {
    public void read(Exchange exchange) {
        String channel = ApplicationDocument.of(exchange).facts().channel();
        if (channel == null || !channel.matches("[A-Z]+")) {
            throw new kz.qaqpa.fault.ShepException(kz.qaqpa.fault.FaultCode.MALFORMED_MESSAGE,
                    "the application names no channel");
        }
        exchange.setVariable("channel", channel);
    }
}
