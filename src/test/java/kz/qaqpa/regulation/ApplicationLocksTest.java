package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One event at a time per application, and an application's turn is its own: no other application shares it. */
class ApplicationLocksTest {
    private static final Duration WAIT = Duration.ofMillis(200);
    private final CamelContext camel = new DefaultCamelContext();
    private final ApplicationLocks locks = new ApplicationLocks(WAIT);

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aSecondEventAboutTheSameApplicationWaitsForTheFirst() {
        Exchange first = new DefaultExchange(camel);
        locks.hold(first, "{a}");

        assertThatThrownBy(() -> locks.hold(new DefaultExchange(camel), "{a}"))
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.GATEWAY_BUSY));

        done(first);
        Exchange second = new DefaultExchange(camel);
        locks.hold(second, "{a}");
        done(second);
        assertThat(locks.inUse()).as("no turn kept once no event holds or waits for it").isZero();
    }

    /**
     * "{Aa}" and "{BB}" have the same String.hashCode: with turns shared by hash, an event about one made the other's
     * wait, so a sender could name made-up correlationIds to hold up another application's events.
     */
    @Test
    void anEventAboutAnotherApplicationNeverWaitsWhateverItsHash() {
        assertThat("{Aa}".hashCode()).isEqualTo("{BB}".hashCode());
        Exchange held = new DefaultExchange(camel);
        locks.hold(held, "{Aa}");

        Exchange other = new DefaultExchange(camel);
        locks.hold(other, "{BB}");

        assertThat(locks.inUse()).isEqualTo(2);
        done(held);
        done(other);
        assertThat(locks.inUse()).isZero();
    }

    private static void done(Exchange exchange) {
        exchange.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(exchange));
    }
}
