package kz.qaqpa.operator;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import kz.qaqpa.http.BoundedHttpServer;

/**
 * The console's first handler (ours, fix42c; review42's third finding): answers only what an operator's own tool
 * sends, not what a web page the operator opens can make the operator's browser send. The console asks no credential
 * and is reached on the loopback, often through {@code ssh -L}, so a page could otherwise use it:
 * <ul>
 * <li>by DNS rebinding (the attacker's name resolving to 127.0.0.1 after the page loaded, so the page's origin is the
 *     console's as far as the browser knows) it reads the console's pages; the request then names the attacker's host
 *     in {@code Host}: a Host whose name is not the console's own (the loopback's names, {@code qaqpa.operator.host})
 *     is 421 Misdirected Request;</li>
 * <li>a cross-site POST without a body is a "simple" request a browser sends without asking, and would run the
 *     console's actions; a browser names the page's origin on it ({@code Origin}, and in current browsers
 *     {@code Sec-Fetch-Site}): a request carrying an {@code Origin}, or a {@code Sec-Fetch-Site} other than
 *     {@code none} (typed by the user) or {@code same-origin}, is 403.</li>
 * </ul>
 * curl and scripts send neither header and name the address they were given; a request without {@code Host} (HTTP/1.0)
 * is no browser's and passes. The answer is a short plain-text reason.
 *
 * <p>Only the Host's name is compared, not its port: an {@code ssh -L 9089:127.0.0.1:8089} tunnel makes the browser
 * send {@code Host: localhost:9089}, which must work. A rebinding page cannot produce a loopback name (the browser
 * sends the name in the page's address, which is the attacker's), and a page of another local port under a loopback
 * name is another origin, whose requests carry {@code Origin} and whose reads of the answers the browser forbids.
 */
final class LocalCallers implements HttpHandler {
    /** The loopback's names as a Host header gives them (an IPv6 literal in brackets). */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    /** Sec-Fetch-Site values of a request the user typed or the console's own page made. */
    private static final Set<String> OWN_FETCHES = Set.of("none", "same-origin");
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
    /** RFC 9110 15.5.20: the request named a host this server does not answer for (Undertow has no constant). */
    private static final int MISDIRECTED_REQUEST = 421;
    private final Set<String> names;
    private final HttpHandler next;

    /** @param host the address the console is bound to (qaqpa.operator.host): a name its requests may use too */
    LocalCallers(String host, HttpHandler next) {
        Set<String> own = new HashSet<>(LOOPBACK);
        String configured = host.trim().toLowerCase(Locale.ROOT);
        own.add(configured.contains(":") && !configured.startsWith("[") ? "[" + configured + "]" : configured);
        this.names = Set.copyOf(own);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<String> fromAPage = fromAPage(exchange);
        if (fromAPage.isPresent()) {
            refuse(exchange, StatusCodes.FORBIDDEN, fromAPage.get());
            return;
        }
        Optional<String> misdirected = misdirected(exchange.getRequestHeaders().get(Headers.HOST))
                .or(() -> misdirectedTarget(exchange));
        if (misdirected.isPresent()) {
            refuse(exchange, MISDIRECTED_REQUEST, misdirected.get());
            return;
        }
        next.handleRequest(exchange);
    }

    /** Why the request is a web page's, or empty. */
    private static Optional<String> fromAPage(HttpServerExchange exchange) {
        if (exchange.getRequestHeaders().contains(Headers.ORIGIN)) {
            return Optional.of("a request naming an Origin is a web page's: the console answers an operator's tool"
                    + " (curl, a script) or an address typed into the browser");
        }
        HeaderValues site = exchange.getRequestHeaders().get(SEC_FETCH_SITE);
        if (site != null && (site.size() != 1 || !OWN_FETCHES.contains(site.getFirst().trim().toLowerCase(Locale.ROOT)))) {
            return Optional.of("a request with Sec-Fetch-Site other than none or same-origin is another site's");
        }
        return Optional.empty();
    }

    /** Why the Host header does not name the console, or empty (none given: no browser's request). */
    private Optional<String> misdirected(HeaderValues host) {
        if (host == null) {
            return Optional.empty();
        }
        String name = host.size() == 1 ? name(host.getFirst()) : null;
        return name != null && names.contains(name) ? Optional.empty() : Optional.of("the console answers to its own"
                + " address only (" + String.join(", ", names.stream().sorted().toList()) + ", any port), not to"
                + " another host's name");
    }

    /**
     * attack43: an absolute-form target ({@code GET http://host/path HTTP/1.1}) names the request's host itself, and
     * RFC 9112 3.2.2 has the server take it in place of the Host header; Undertow keeps both and this compared the
     * Host only. Its authority must name the console too (the Host as well, above: the stricter reading).
     */
    private Optional<String> misdirectedTarget(HttpServerExchange exchange) {
        if (!exchange.isHostIncludedInRequestURI()) {
            return Optional.empty();
        }
        String target = exchange.getRequestURI();
        int from = target.indexOf("://");
        String name = from < 0 ? null : name(target.substring(from + "://".length()).split("[/?#]", 2)[0]);
        return name != null && names.contains(name) ? Optional.empty() : Optional.of("the console answers to its own"
                + " address only (" + String.join(", ", names.stream().sorted().toList()) + ", any port), not to a"
                + " request target naming another host");
    }

    /** A Host value's name, lower case (an IPv6 literal with its brackets); null when it is not host[:port]. */
    private static String name(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int end = v.startsWith("[") ? v.indexOf(']') + 1 : v.indexOf(':') < 0 ? v.length() : v.indexOf(':');
        String port = v.substring(Math.max(end, 0));
        return end <= 0 || !port.isEmpty() && !port.matches(":[0-9]{1,5}") ? null : v.substring(0, end);
    }

    private static void refuse(HttpServerExchange exchange, int status, String why) {
        BoundedHttpServer.respondText(exchange, status, why + "\n");
    }
}
