package kz.qaqpa.regulation;

import org.apache.camel.Exchange;

/** Reads the channel an application names (variable "channel") so the regulation can pick its branch. */
public final class ApplicationChannel {
    public void read(Exchange exchange) {
        exchange.setVariable("channel", ApplicationDocument.of(exchange).application().getChannel().value());
    }
}
