package kz.qaqpa.regulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.MessageProperties;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;

/**
 * Reads when the consumer came to the desk, as the front-office channel reports it (property
 * {@value MessageProperties#CONSUMER_ARRIVED_AT}), into variable {@value Trail#ARRIVED_AT}: the regulation's
 * 10 and 30 minutes to check the documents, and its minutes to hand the result over, run from then, not from the
 * gateway's few milliseconds. A time in the future or older than the configured window is refused.
 */
public final class ConsumerArrival {
    private final Duration maxAge;
    private final Duration clockSkew;
    private final Clock clock;

    /**
     * @param maxAge    how long before the message the arrival may lie (qaqpa.arrival.max-age)
     * @param clockSkew how far after the gateway's clock it may lie (qaqpa.arrival.clock-skew)
     */
    public ConsumerArrival(Duration maxAge, Duration clockSkew, Clock clock) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
    }

    public void read(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        MessageProperties.value(in, MessageProperties.CONSUMER_ARRIVED_AT).ifPresent(text -> {
            Instant arrived = parse(text);
            Instant now = clock.instant();
            if (arrived.isAfter(now.plus(clockSkew)) || arrived.isBefore(now.minus(maxAge))) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, MessageProperties.CONSUMER_ARRIVED_AT + " "
                        + text + " is not within " + maxAge + " before now");
            }
            exchange.setVariable(Trail.ARRIVED_AT, arrived);
        });
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, MessageProperties.CONSUMER_ARRIVED_AT
                    + " must be an xs:dateTime with its offset, e.g. 2026-11-30T09:15:00+05:00; got '" + text + "'");
        }
    }
}
