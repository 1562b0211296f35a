package kz.qaqpa.operator;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.qaqpa.evidence.MessageLogArchive;
import kz.qaqpa.evidence.MessageLogEvidence;
import kz.qaqpa.evidence.Verdict;
import kz.qaqpa.http.BoundedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The console's message-log pages ({@link OperatorConsole} routes them): {@code GET /message-log/verify},
 * {@code GET /message-log/export/{correlationId}} (one of the two at a time, {@link #oneAtATime}) and
 * {@code POST /message-log/archive}.
 */
final class MessageLogPages {
    /** The console's logger: its lines keep the name operators and their log filters know. */
    private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);
    /** When to ask again for a read of the whole message log while another runs (a large log takes minutes). */
    private static final int LOG_READ_RETRY_AFTER_SECONDS = 30;
    private final MessageLogEvidence evidence;
    private final Clock clock;

    MessageLogPages(MessageLogEvidence evidence, Clock clock) {
        this.evidence = evidence;
        this.clock = clock;
    }

    /**
     * A read of the whole message log in the log's turn: it calls {@code done} as soon as its work is done, before its
     * answer's last bytes go out, so that a client asking again the moment it has the answer finds the turn free.
     */
    @FunctionalInterface
    interface LogRead {
        void handle(HttpServerExchange exchange, Runnable done) throws IOException;
    }

    /**
     * {@code read} of the whole message log, or 503 with Retry-After while another such read or an archive run holds
     * the log's turn ({@link MessageLogEvidence#tryTurn}): each read holds one of the server's two workers for as long
     * as it reads, and two at once held both, so that no other page was served meanwhile. The turn is given back when
     * the read's work is done ({@link LogRead}); given back only after the answer was sent, an operator's script
     * asking again at once could get 503 (ops27).
     */
    HttpHandler oneAtATime(LogRead read) {
        return exchange -> {
            if (!evidence.tryTurn()) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, LOG_READ_RETRY_AFTER_SECONDS);
                BoundedHttpServer.respondText(exchange, 503, "the message log is being verified, exported or archived for another request;"
                        + " ask again in " + LOG_READ_RETRY_AFTER_SECONDS + " seconds\n");
                return;
            }
            Runnable done = turnGivenBackOnce();
            try {
                read.handle(exchange, done);
            } finally {
                done.run(); // a read that failed, or ended without saying so
            }
        };
    }

    /** Gives the log's turn back the first time it is run; later runs do nothing. */
    private Runnable turnGivenBackOnce() {
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.getAndSet(false)) {
                evidence.endTurn();
            }
        };
    }

    /**
     * POST /message-log/archive: archives the records older than qaqpa.log.archive.after now, as the timer does
     * (docs/operations.md, "Archiving the log"); 503 while the log is verified, exported or archived; 500 naming why
     * a run failed.
     */
    void archive(HttpServerExchange exchange) throws IOException {
        Optional<MessageLogArchive.Run> run;
        try {
            run = evidence.archive();
        } catch (IOException | RuntimeException e) {
            // counted for health and metrics; the operator is told why, without a stack trace
            LOG.warn("message log archive run failed: {}", e.toString());
            BoundedHttpServer.respondText(exchange, 500, "the archive run failed: " + e.getMessage() + "\n");
            return;
        }
        run.filter(r -> r.records() > 0).ifPresent(r -> LOG.info("message log: {}", r));
        if (run.isEmpty()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, LOG_READ_RETRY_AFTER_SECONDS);
        }
        BoundedHttpServer.respondText(exchange, run.isPresent() ? 200 : 503, run.map(Object::toString)
                .orElse("the message log is being verified, exported or archived; ask again in "
                        + LOG_READ_RETRY_AFTER_SECONDS + " seconds") + "\n");
    }

    /** GET /message-log/verify's parameters: the head to pass through (null: none), and whether to show progress. */
    private record VerifyAsked(String head, boolean progress) {
    }

    /**
     * GET /message-log/verify[?head=SEQ:HASH][&progress]: the whole log, passing through the head noted, if one is
     * given. With {@code progress} the answer (200) begins as the check does and gets a line every
     * {@link VerifyProgress#EVERY} while it runs, the verdict its last line, unchanged: a client with a read timeout
     * shorter than a long log's check (20 s once was) keeps waiting; without it, the status is the verdict's.
     */
    void verify(HttpServerExchange exchange, Runnable done) throws IOException {
        Optional<VerifyAsked> asked = verifyAsked(exchange);
        if (asked.isEmpty()) {
            done.run();
            BoundedHttpServer.respondText(exchange, 400, "the parameters are head=SEQ:HASH and progress\n");
            return;
        }
        VerifyProgress lines = asked.get().progress() ? new VerifyProgress(exchange, clock) : null;
        Verdict verdict;
        try {
            verdict = lines == null ? evidence.verify(asked.get().head()) : evidence.verify(asked.get().head(), lines);
            done.run();
            if (lines != null) {
                lines.end(verdict);
                return;
            }
        } catch (IllegalArgumentException e) { // a bad noted head, refused before any record (nor line) is read
            done.run();
            BoundedHttpServer.respondText(exchange, 400, e.getMessage() + "\n");
            return;
        } catch (UncheckedIOException e) { // the client went away: the check ends with it
            LOG.info("message log verification stopped, its client gone: {}", e.getCause().toString());
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        BoundedHttpServer.respondText(exchange, verdict.ok() ? 200 : 409, verdict + "\n");
    }

    /** The parameters of GET /message-log/verify; empty when it has others. */
    private static Optional<VerifyAsked> verifyAsked(HttpServerExchange exchange) {
        String head = null;
        boolean progress = false;
        for (String parameter : exchange.getQueryString().split("&")) {
            if (parameter.startsWith("head=") && head == null) {
                head = URLDecoder.decode(parameter.substring("head=".length()), StandardCharsets.UTF_8);
            } else if (parameter.equals("progress") && !progress) {
                progress = true;
            } else if (!parameter.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new VerifyAsked(head, progress));
    }

    /** GET /message-log/export/{correlationId}: one application's export, a zip LogVerifier --verify-export checks. */
    void export(HttpServerExchange exchange, Runnable done) throws IOException {
        String id = OperatorConsole.rest(exchange);
        boolean found;
        try {
            found = evidence.export(id, new Download(exchange, done));
        } catch (MessageLogEvidence.MissingArchive e) {
            done.run();
            BoundedHttpServer.respondText(exchange, 409, "cannot export application " + id + ": " + e.getMessage() + "\n");
            return;
        } catch (IOException | RuntimeException e) {
            if (exchange.getConnection().isOpen()) {
                throw e; // failed before the download began: the server answers 500
            }
            LOG.error("export of application {} stopped midway, its download cut off: {}", id, e.toString());
            return;
        }
        if (!found) {
            done.run();
            BoundedHttpServer.respondText(exchange, 404, "no records of application " + id);
        }
    }

    /**
     * An export as a download, streamed (chunked): its size grows with the log after the application's first record.
     * A failure midway closes the connection without the last chunk, so that the client sees the download fail; ended
     * as usual, the answer looked complete. Closed once the zip is whole, it gives the log's turn back ({@code done})
     * before its last chunk goes out.
     */
    private record Download(HttpServerExchange exchange, Runnable done) implements MessageLogEvidence.Target {
        @Override
        public OutputStream open() {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/zip");
            exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"application.zip\"");
            return new FilterOutputStream(exchange.getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    done.run();
                    super.close();
                }
            };
        }

        @Override
        public void abandon(OutputStream opened) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
