package kz.qaqpa.regulation;

import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;

/**
 * A regulation's refusal process: answers the channel with the regulation's own refusal message (variable
 * {@code refusalMessage}, set by the route file) and the fault code of the condition that failed.
 */
public final class Refusals {
    /** Variable where a condition step leaves the reason it failed; absent when the condition passed. */
    public static final String FAILURE = "failure";

    public void refuse(Exchange exchange) {
        ShepException failure = exchange.getVariable(FAILURE, ShepException.class);
        String message = exchange.getVariable("refusalMessage", String.class);
        exchange.setVariable("outcome", "refused: " + failure.code().code());
        throw new ShepException(failure.code(), message + " (" + failure.getMessage() + ")");
    }
}
