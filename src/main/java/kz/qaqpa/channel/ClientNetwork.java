package kz.qaqpa.channel;

import io.undertow.server.HttpServerExchange;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import kz.qaqpa.http.PeerNetwork;
import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * The network ({@link PeerNetwork}: an IPv4 address, an IPv6 /64) of the client that sent a request, however the
 * request reached us: a route's exchange (CXF's message, which holds the HTTP request), CXF's message itself, or
 * Undertow's exchange for a refusal before the routes. The TCP peer's address, never a header the client writes (behind
 * a proxy every client is the proxy). Null when it is not known.
 */
final class ClientNetwork {
    /** The exchange variable the channel gate keeps it in, for the faults of the route. */
    static final String VARIABLE = "clientNetwork";

    private ClientNetwork() {
    }

    /** From the route's exchange: the variable the gate set, else CXF's message. */
    static InetAddress of(Exchange exchange) {
        InetAddress kept = exchange.getVariable(VARIABLE, InetAddress.class);
        return kept != null ? kept : of(exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE, Message.class));
    }

    static InetAddress of(Message cxfMessage) {
        Object request = cxfMessage == null ? null : cxfMessage.get(AbstractHTTPDestination.HTTP_REQUEST);
        if (!(request instanceof HttpServletRequest http) || http.getRemoteAddr() == null
                || http.getRemoteAddr().isBlank()) {
            return null;
        }
        try {
            // an address literal (Undertow's servlet layer writes the peer's address): no name is looked up
            return PeerNetwork.of(InetAddress.getByName(http.getRemoteAddr()));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static InetAddress of(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        return source == null || source.getAddress() == null ? null : PeerNetwork.of(source.getAddress());
    }
}
