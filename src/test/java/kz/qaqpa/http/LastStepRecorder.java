package kz.qaqpa.http;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real Undertow server (one I/O thread, as the gateway's ports) serving {@code root} behind a completion listener
 * registered before any of root's: Undertow calls it after them, just before the connection's own last step, so it
 * records for each exchange, in their order, whether that step ran on the connection's I/O thread (perf46, attack47).
 */
public final class LastStepRecorder implements AutoCloseable {
    private final BlockingQueue<Boolean> onIoThread = new LinkedBlockingQueue<>();
    private final Undertow server;

    public LastStepRecorder(int port, HttpHandler root) {
        server = Undertow.builder().addHttpListener(port, "localhost").setIoThreads(1).setWorkerThreads(2)
                .setHandler(exchange -> {
                    exchange.addExchangeCompleteListener((done, next) -> {
                        onIoThread.add(done.isInIoThread());
                        next.proceed();
                    });
                    root.handleRequest(exchange);
                }).build();
        server.start();
    }

    /** For each exchange ended, in their order: whether its last step ran on the connection's I/O thread. */
    public BlockingQueue<Boolean> onIoThread() {
        return onIoThread;
    }

    @Override
    public void close() {
        server.stop();
    }
}
