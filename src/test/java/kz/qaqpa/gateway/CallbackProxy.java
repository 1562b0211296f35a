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
 * as a connection that broke after the channel took the call.
 */
final class CallbackProxy implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * In front of the ChannelMock {@code channel} (e.g. "portal") of {@code harness}; its port is asked at each call,
     * so the proxy can start before the harness does.
     */
    static CallbackProxy recording(GatewayHarness harness, String channel) throws IOException {
        return new CallbackProxy(callback(harness, channel), false);
    }

    static CallbackProxy losingEveryOtherAnswer(GatewayHarness harness, String channel) throws IOException {
        return new CallbackProxy(callback(harness, channel), true);
    }

    private static Supplier<String> callback(GatewayHarness harness, String channel) {
        return () -> "http://localhost:" + harness.property("qaqpa.mocks." + channel + ".port") + ChannelMock.PATH;
    }

    private CallbackProxy(Supplier<String> target, boolean losesOddAnswers) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(body);
                HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(target.get()))
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
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
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + ChannelMock.PATH;
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
