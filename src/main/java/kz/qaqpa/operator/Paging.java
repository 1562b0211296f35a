package kz.qaqpa.operator;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import kz.qaqpa.http.BoundedHttpServer;
import kz.qaqpa.xml.XmlCharacters;

/**
 * How the console's lists ({@code GET /in-flight}, {@code /overdue}, {@code /outbox/stopped}) are read a page at a
 * time: {@code after=KEY} (where the page starts; the first page without it) and {@code limit=N} (at most
 * qaqpa.operator.page-size, also the default), beside a list's own parameters. A page is read with one row more than
 * it holds, to tell whether another follows: its {@code next} is then the key of its last row, to ask the next page
 * after. Paging by key, not by offset: a row added or gone meanwhile shifts no other onto or off a page. A parameter
 * not known, given twice, a limit that is no positive number or a key the list cannot read is 400, naming what the
 * list takes.
 */
final class Paging {
    private final int pageSize;

    /** @param pageSize the most rows one page lists (qaqpa.operator.page-size) */
    Paging(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalStateException("qaqpa.operator.page-size must be at least 1, not " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /**
     * A list's page parameters: {@code own} its own parameters, {@code usage} them as told to the operator (with a
     * trailing ", " where there are any), {@code keyForm} the form of its key.
     */
    record Form(Set<String> own, String usage, String keyForm) {
        Form {
            own = Set.copyOf(own);
        }
    }

    /** A page asked: the list's own parameters, the key to start after (null for the first page), the limit. */
    record Asked(Map<String, String> parameters, String after, int limit) {
        String parameter(String name) {
            return parameters.get(name);
        }

        /** The page's rows from one more than it holds, and the key of its last row where another follows. */
        <T> Page<T> cut(List<T> oneMore, Function<T, String> key) {
            List<T> rows = oneMore.subList(0, Math.min(limit, oneMore.size()));
            return new Page<>(rows, oneMore.size() > limit ? key.apply(rows.get(limit - 1)) : null);
        }
    }

    /** A page's rows and, where more follow, the key to ask the next page after. */
    record Page<T>(List<T> rows, String next) {
    }

    /** The page asked of {@code form}'s list, or empty after answering 400 (the request's parameters are not its). */
    Optional<Asked> asked(HttpServerExchange exchange, Form form) {
        Map<String, Deque<String>> given = exchange.getQueryParameters();
        Set<String> known = new HashSet<>(form.own());
        known.addAll(Set.of("after", "limit"));
        // a page echoes its parameters (in-flight's service): a control character or a lone surrogate in one was an
        // HTTP 500 with a stack trace in the log (attack21); no service id or key holds one, so such a value is a 400
        boolean wrong = given.entrySet().stream().anyMatch(p -> !known.contains(p.getKey()) || p.getValue().size() != 1
                || !XmlCharacters.carries(p.getValue().peekFirst()));
        String limit = value(given, "limit");
        if (wrong || limit != null && !limit.matches("0*[1-9]\\d{0,8}")) {
            refuse(exchange, form);
            return Optional.empty();
        }
        Map<String, String> own = new HashMap<>();
        form.own().forEach(name -> Optional.ofNullable(value(given, name)).ifPresent(v -> own.put(name, v)));
        String after = value(given, "after");
        return Optional.of(new Asked(own, after == null || after.isEmpty() ? null : after,
                limit == null ? pageSize : Math.min(Integer.parseInt(limit), pageSize)));
    }

    /** 400 naming the parameters {@code form}'s list takes. */
    void refuse(HttpServerExchange exchange, Form form) {
        BoundedHttpServer.respondText(exchange, 400, "the parameters are " + form.usage()
                + "after=" + form.keyForm() + " and limit=N (1 to " + pageSize + "), each once\n");
    }

    private static String value(Map<String, Deque<String>> parameters, String name) {
        Deque<String> values = parameters.get(name);
        return values == null ? null : values.peekFirst();
    }
}
