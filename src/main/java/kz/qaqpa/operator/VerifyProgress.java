package kz.qaqpa.operator;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongConsumer;
import kz.qaqpa.evidence.Verdict;
import kz.qaqpa.http.ContentTypes;

/**
 * The console's {@code GET /message-log/verify?progress}: the answer (200, text, chunked) begins with the check's first
 * record and gets a line naming the record being checked every {@link #EVERY}, then the verdict as its last line
 * ("OK: …" or "BAD: …", the same text as without progress). Ours: without it a long log's check sends nothing for
 * minutes, and clients with a shorter read timeout give up. Writing a line to a client that went away fails the check
 * ({@link UncheckedIOException}), which then stops reading the log.
 */
final class VerifyProgress implements LongConsumer {
    /** Well under the read timeouts of common clients (curl none, HTTP libraries 10 to 60 s). */
    static final Duration EVERY = Duration.ofSeconds(5);
    private final HttpServerExchange exchange;
    private final Clock clock;
    private OutputStream out;
    private Instant next;

    VerifyProgress(HttpServerExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    @Override
    public void accept(long seq) {
        Instant now = clock.instant();
        if (out != null && now.isBefore(next)) {
            return;
        }
        next = now.plus(EVERY);
        write((out == null ? "verifying the message log (a line every " + EVERY.toSeconds() + " s, the verdict last)\n"
                : "") + "checking record " + seq + "\n");
    }

    /** The verdict as the last line, and the answer ended. */
    void end(Verdict verdict) {
        write(verdict + "\n");
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String text) {
        try {
            if (out == null) {
                exchange.setStatusCode(200);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ContentTypes.PLAIN_TEXT);
                out = exchange.getOutputStream();
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
