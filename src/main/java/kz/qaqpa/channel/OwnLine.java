package kz.qaqpa.channel;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;

/**
 * The line a request waits in for a worker ({@link WorkerShares}), chosen before it is authenticated, and the check
 * after its authentication that the line was its sender's own.
 *
 * <p>The line is chosen by the sender the message names ({@link ClaimedSender}), read from the body on the I/O thread.
 * A name that is not a registered sender's, or none, is one line of its own ({@link WorkerShares#UNNAMED}). After
 * authentication the line must be the sender's own ({@link #requireOwnLine}): a sender that named another in front of
 * its own sender element would take that sender's share.
 *
 * <p>line51 (line50's Left, LOW-MEDIUM): strangers' requests naming a sender still counted in its line when the lines
 * competed, so what a stranger sent in PORTAL's name lowered PORTAL's share against the other senders. A request now
 * waits in the line of the sender it names only from a network that sender has authenticated from
 * ({@link #requireOwnLine} notes it: {@link KnownNetworks}); any other waits in the unnamed line, as a request naming
 * nobody does. A sender's line holds its own requests (and those of whoever shares its network), so its share does not
 * depend on what strangers send in its name; a sender's first request from a new network waits once in the unnamed
 * line.
 */
public final class OwnLine {
    /** The line a request waited in and its network, on Undertow's exchange, for {@link #requireOwnLine}. */
    private static final AttachmentKey<Waited> LINE = AttachmentKey.create(Waited.class);
    /** The networks each registered sender has authenticated from (line51); read on the I/O thread without a lock. */
    private final Map<String, KnownNetworks> known;

    /** The line a request waited in and the network it came from, kept on its exchange until it is authenticated. */
    private record Waited(String line, Object network, OwnLine lines) {
    }

    /** @param senders the registered senders' ids: each has a line, any other name shares the unnamed one */
    OwnLine(Set<String> senders) {
        Map<String, KnownNetworks> bySender = new HashMap<>();
        senders.forEach(sender -> bySender.put(sender, new KnownNetworks()));
        this.known = Map.copyOf(bySender);
    }

    /**
     * The line for a sender the message names (null: none read), sent from {@code network}: the sender's own only if it
     * has authenticated from that network (line51), else the unnamed line.
     */
    String lineOf(String claimedSender, Object network) {
        KnownNetworks networks = claimedSender == null ? null : known.get(claimedSender);
        return networks != null && networks.contains(network) ? claimedSender : WorkerShares.UNNAMED;
    }

    /** {@code sender} authenticated a request from {@code network}: its next requests from there wait in its line. */
    void knownFrom(String sender, Object network) {
        KnownNetworks networks = known.get(sender);
        if (networks != null && network != null) {
            networks.add(network);
        }
    }

    /** Notes on Undertow's exchange the line its request waits in and the network it came from. */
    void mark(HttpServerExchange exchange, String line, Object network) {
        exchange.putAttachment(LINE, new Waited(line, network, this));
    }

    /**
     * The authenticated {@code sender}'s request waited in its own line or the unnamed one; one that named another
     * registered sender first (a senderId in a CDATA section or an element before its sender element) took that
     * sender's share of the workers: SCE001, whoever sent it. Otherwise the sender is known from the request's network
     * from now on (line51): its next requests from there wait in its line.
     */
    static void requireOwnLine(Exchange exchange, String sender) {
        Waited waited = waitedOf(exchange);
        if (waited == null) {
            return;
        }
        String line = waited.line();
        if (!WorkerShares.UNNAMED.equals(line) && !line.equals(sender)) {
            throw new OtherSendersLine("the message names '" + line + "' as a sender before its sender element, which"
                    + " names '" + sender + "': a message names one sender, in its sender element");
        }
        waited.lines().knownFrom(sender, waited.network());
    }

    /** Where the route's request waited; null when it came otherwise (no body, not through the channels' port). */
    private static Waited waitedOf(Exchange exchange) {
        return UndertowExchanges.attachment(exchange, LINE);
    }

    /**
     * SCE001: the request waited in another sender's line. Its own type so that a regulation's condition 1, which
     * authenticates the sender, passes it on as a fault instead of refusing an application for it.
     */
    public static final class OtherSendersLine extends ShepException {
        private OtherSendersLine(String message) {
            super(FaultCode.MALFORMED_MESSAGE, message);
        }
    }
}
