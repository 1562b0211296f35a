package kz.qaqpa.operator;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import kz.qaqpa.http.BoundedHttpServer;

/**
 * What the console answers where no page is: at {@code /} the list of its pages (an operator opening the console's
 * address, the first thing one does, got an empty 404 until session 33), and at an unknown path a 404 naming the path
 * and listing them.
 */
final class ConsolePages {
    static final String LIST = """
            Qaqpa operator console (docs/operations.md, "The operator console"):
            GET  /applications/{correlationId}          an application: its steps, plan and documents (braces optional)
            GET  /overdue                               planned steps past their due time
            GET  /in-flight[?service=ID]                applications not yet final, a page at a time
            GET  /outbox/stopped                        callbacks the gateway gave up on
            POST /outbox/restart/{id}                   send a stopped callback again
            POST /store/backup                          back the running store up
            GET  /message-log/verify[?progress]         verify the whole message log
            GET  /message-log/export/{correlationId}    one application's records, for LogVerifier --verify-export
            POST /message-log/archive                   move old records into archive files now
            GET  /diagrams/{routeId}                    a regulation's diagram
            GET  /health                                the health report with each part's detail
            """;

    private ConsolePages() {
    }

    static void answer(HttpServerExchange exchange) {
        boolean index = "/".equals(exchange.getRequestPath());
        boolean read = Methods.GET.equals(exchange.getRequestMethod()) || Methods.HEAD.equals(exchange.getRequestMethod());
        if (index && read) {
            BoundedHttpServer.respondText(exchange, 200, LIST);
        } else if (index) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            BoundedHttpServer.respondText(exchange, 405, "use GET, HEAD");
        } else {
            BoundedHttpServer.respondText(exchange, 404, "no page " + exchange.getRequestPath() + "\n\n" + LIST);
        }
    }
}
