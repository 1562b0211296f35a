package kz.qaqpa.gateway;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.mocks.channel.ChannelMock;

/** Takes every request and answers none: each call hangs until the caller gives up or the peer is closed. */
final class HangingPeer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch firstCall = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    HangingPeer() throws java.io.IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                calls.incrementAndGet();
                firstCall.countDown();
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + ChannelMock.PATH;
    }

    boolean awaitFirstCall(Duration timeout) throws InterruptedException {
        return firstCall.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int calls() {
        return calls.get();
    }

    /** Ends the held calls without an answer. */
    @Override
    public void close() {
        if (released.getCount() == 0) {
            return;
        }
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
