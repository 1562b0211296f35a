package kz.qaqpa.operator;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * attack66 (ours): every console answer, a refusal included, says {@code Cache-Control: no-store} and
 * {@code X-Content-Type-Options: nosniff}. The pages hold citizens' personal data (an application's documents, its
 * export); without the first a browser, or a proxy on an ssh tunnel's far side, may keep them on disk after the
 * operator is done (RFC 9111 5.2.2.5), and without the second a browser may read a plain-text or Markdown answer as
 * HTML. curl and scripts are unaffected.
 */
final class PrivateAnswers implements HttpHandler {
    /** RFC 9111 5.2.2.5: no cache stores any part of the request or the answer. */
    static final String NO_STORE = "no-store";
    /** WHATWG Fetch: the browser takes the answer's Content-Type as given. */
    static final String NO_SNIFF = "nosniff";
    private final HttpHandler next;

    PrivateAnswers(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, NO_STORE);
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, NO_SNIFF);
        next.handleRequest(exchange);
    }
}
