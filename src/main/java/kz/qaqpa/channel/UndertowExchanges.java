package kz.qaqpa.channel;

import io.undertow.servlet.spec.HttpServletRequestImpl;
import io.undertow.util.AttachmentKey;
import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/** What the channels' HTTP server attached to the Undertow exchange under a route's Camel exchange. */
final class UndertowExchanges {
    private UndertowExchanges() {
    }

    /** The attachment, or null when the request came otherwise (not through the channels' port) or has none. */
    static <T> T attachment(Exchange exchange, AttachmentKey<T> key) {
        Message cxf = exchange.getMessage().getHeader(CxfConstants.CAMEL_CXF_MESSAGE, Message.class);
        Object request = cxf == null ? null : cxf.get(AbstractHTTPDestination.HTTP_REQUEST);
        return request instanceof HttpServletRequestImpl http ? http.getExchange().getAttachment(key) : null;
    }
}
