package kz.qaqpa.operator;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import kz.qaqpa.http.BoundedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ops45 (ours): every console request presents the console's token ({@link OperatorToken}) as
 * {@code Authorization: Bearer <token>} (RFC 6750) before any page runs. Without it, any local user of the gateway's
 * host (or of the operator's machine, through an ssh tunnel) read citizens' applications and exports and ran backups,
 * archives and restarts. A request without the token, or with another, is 401 with a one-line reason and logged at
 * WARN, never with the value presented.
 */
final class OperatorAuthentication implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorAuthentication.class);
    private static final String SCHEME = "bearer ";
    /** RFC 6750 3: the scheme and realm a 401 names. */
    private static final String CHALLENGE = "Bearer realm=\"qaqpa operator console\"";
    /** A path logged is cut to this length, its control characters replaced: it is the caller's text. */
    private static final int LOGGED_PATH = 200;
    /** The token in force (its file's, ops46: read again when an operator writes a new one). */
    private final Supplier<OperatorToken> token;
    private final HttpHandler next;

    OperatorAuthentication(Supplier<OperatorToken> token, HttpHandler next) {
        this.token = token;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<String> refused = refusal(exchange.getRequestHeaders().get(Headers.AUTHORIZATION));
        if (refused.isEmpty()) {
            next.handleRequest(exchange);
            return;
        }
        LOG.warn("operator console refused {} {} from {}: {}", exchange.getRequestMethod(),
                logged(exchange.getRequestPath()), exchange.getSourceAddress(), refused.get());
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE);
        BoundedHttpServer.respondText(exchange, StatusCodes.UNAUTHORIZED, refused.get() + "\n");
    }

    /** Why the request's Authorization does not carry the console's token, or empty when it does. */
    private Optional<String> refusal(HeaderValues authorization) {
        if (authorization == null) {
            return Optional.of("the console asks for its token: send Authorization: Bearer <the content of"
                    + " qaqpa.operator.token-file> (docs/operations.md, \"The operator console\")");
        }
        String value = authorization.size() == 1 ? authorization.getFirst().trim() : "";
        if (!value.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            return Optional.of("the console takes one Authorization: Bearer <token> (its qaqpa.operator.token-file)");
        }
        return token.get().matches(value.substring(SCHEME.length()).trim()) ? Optional.empty()
                : Optional.of("the token presented is not the console's (its qaqpa.operator.token-file)");
    }

    private static String logged(String path) {
        String shown = path.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > LOGGED_PATH ? shown.substring(0, LOGGED_PATH) + "…" : shown;
    }
}
