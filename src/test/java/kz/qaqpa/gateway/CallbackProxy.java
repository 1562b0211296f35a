package kz.qaqpa.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import kz.qaqpa.mocks.channel.ChannelMock;

/**
 * In front of a channel's callback (a ChannelMock): passes every call on and keeps its body as the gateway sent it.
 * A losing proxy passes every call on too but answers the odd-numbered ones with 502 instead of the channel's answer,
 * as a connection that broke after the channel took the call. Told to {@link #answerWith answer} something itself, a
 * proxy keeps the calls from the channel (or those it is told) and answers each with those bytes until it is told to
 * {@link #passOn} again. Told it is {@link #down}, it answers every call 503, as a recipient that is down.
 */
final class CallbackProxy implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** What a call is answered with (HTTP 200), made of the call, not passed on; null: passed on. */
    private volatile java.util.function.UnaryOperator<byte[]> instead;
    /** Which calls {@link #instead} answers; the others are passed on. */
    private volatile java.util.function.Predicate<byte[]> insteadFor = body -> true;
    /** How long a call passed on waits before the channel's answer is given back (a slow recipient). */
    private volatile java.time.Duration delay = java.time.Duration.ZERO;
    /** While set, every call is answered 503 without a body and kept from the channel: the recipient is down. */
    private volatile boolean down;

    /**
     * In front of the ChannelMock {@code channel} (e.g. "portal") of {@code harness}; its port is asked at each call,
     * so the proxy can start before the harness does.
     */
    static CallbackProxy recording(GatewayHarness harness, String channel) throws IOException {
        return new CallbackProxy(callback(harness, channel), false, false);
    }

    static CallbackProxy losingEveryOtherAnswer(GatewayHarness harness, String channel) throws IOException {
        return new CallbackProxy(callback(harness, channel), true, false);
    }

    /**
     * A recording proxy that takes calls at once, as many as come, each on a thread of its own, so that it can be
     * told to {@link #answerAfter answer late} as a slow recipient does.
     */
    static CallbackProxy slowable(GatewayHarness harness, String channel) throws IOException {
        return new CallbackProxy(callback(harness, channel), false, true);
    }

    private static Supplier<String> callback(GatewayHarness harness, String channel) {
        return () -> "http://localhost:" + harness.property("qaqpa.mocks." + channel + ".port") + ChannelMock.PATH;
    }

    private CallbackProxy(Supplier<String> target, boolean losesOddAnswers, boolean threadPerCall)
            throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(body);
                if (down) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                var answering = instead;
                if (answering != null && insteadFor.test(body)) {
                    byte[] own = answering.apply(body);
                    exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
                    exchange.sendResponseHeaders(200, own.length);
                    exchange.getResponseBody().write(own);
                    return;
                }
                HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(target.get()))
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                Thread.sleep(this.delay.toMillis());
                if (losesOddAnswers && requests.incrementAndGet() % 2 == 1) {
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (threadPerCall) {
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(run -> {
                Thread t = new Thread(run, "slow-callback-recipient");
                t.setDaemon(true);
                return t;
            }));
        }
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + ChannelMock.PATH;
    }

    /** Answers every call with {@code body} (HTTP 200) and keeps it from the channel. */
    void answerWith(byte[] body) {
        answerWith(body, call -> true);
    }

    /** Answers the calls {@code which} picks with {@code body} (HTTP 200) and keeps them from the channel. */
    void answerWith(byte[] body, java.util.function.Predicate<byte[]> which) {
        byte[] answer = body.clone();
        answerEach(call -> answer, which);
    }

    /** Answers the calls {@code which} picks with what {@code answer} makes of each (HTTP 200), kept from the channel. */
    void answerEach(java.util.function.UnaryOperator<byte[]> answer, java.util.function.Predicate<byte[]> which) {
        insteadFor = which;
        instead = answer;
    }

    /** Gives each call's answer back only {@code after} the channel took it (a slow recipient); ZERO: at once. */
    void answerAfter(java.time.Duration after) {
        delay = after;
    }

    /** Answers every call 503 (true), as a recipient that is down, until told false. */
    void down(boolean isDown) {
        down = isDown;
    }

    /** Passes every call on to the channel again. */
    void passOn() {
        instead = null;
    }

    /** The bodies of the calls so far, in the order they came. */
    List<byte[]> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
