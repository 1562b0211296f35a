package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.IoUtils;

/**
 * http59b: {@link ConnectionReadyOnIoThread} must not hand the last step of an exchange to the I/O thread when the
 * connection is closing. A refused request whose body came in the packet of its head leaves that body in a pooled
 * buffer of Undertow's (the connection's "extra bytes"); the refusal's answer sent, the worker closes the connection
 * (as {@code RequestRefusal.abandon}); the close ends the exchange inside Undertow's close listener, which frees that
 * buffer as its very last act. Handed to the I/O thread, Undertow's last step read the buffer while, or after, the
 * worker freed it: "UT000091: Buffer has already been freed" in HostileFramingTest's log, or a buffer the pool could
 * have lent to another connection. Over a real Undertow server and a real socket; the only addition is Undertow's own
 * buffer pool watched, each buffer's release held {@link #RELEASE_HELD_MS} so that the race is met every time: a
 * buffer read after its release began is recorded. Before: every refusal recorded one; now none.
 */
class ClosingConnectionLastStepTest {
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final long RELEASE_HELD_MS = 300;
    private static final int REFUSALS = 3;
    /** As RequestRefusal: on a worker, an answer with Connection: close, then the connection closed by that worker. */
    private static final HttpHandler REFUSING = new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.setPersistent(false);
            exchange.setStatusCode(400);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            exchange.getResponseSender().send(ByteBuffer.wrap("refused".getBytes(StandardCharsets.US_ASCII)),
                    new IoCallback() {
                        @Override
                        public void onComplete(HttpServerExchange done, Sender sender) {
                            IoUtils.safeClose(done.getConnection());
                        }

                        @Override
                        public void onException(HttpServerExchange done, Sender sender, IOException e) {
                            IoUtils.safeClose(done.getConnection());
                        }
                    });
        }
    };

    private final WatchedPool pool = new WatchedPool();
    private Undertow server;
    private int port;

    @BeforeEach
    void start() {
        port = PkiServer.freePort();
        server = Undertow.builder().addHttpListener(port, "localhost").setIoThreads(1).setWorkerThreads(2)
                .setByteBufferPool(pool).setHandler(ConnectionReadyOnIoThread.before(REFUSING)).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aConnectionClosedByItsWorkerHasItsUnreadBytesFreedOnceAndNeverReadAfter() throws IOException {
        for (int i = 0; i < REFUSALS; i++) {
            assertThat(refusedWithItsBodyInTheHeadsPacket()).startsWith("HTTP/1.1 400").endsWith("refused");
        }
        assertThat(pool.readAfterRelease).as("pooled buffers read after their release began").isEmpty();
    }

    /** Head and body in one write, so that the body waits in Undertow's pooled buffer; the whole answer, to the close. */
    private String refusedWithItsBodyInTheHeadsPacket() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /refused HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Undertow's default pool, each buffer's release held a while and any read of it after the release recorded. */
    private static final class WatchedPool implements ByteBufferPool {
        private final DefaultByteBufferPool pool = new DefaultByteBufferPool(true, BUFFER_BYTES);
        private final List<String> readAfterRelease = new CopyOnWriteArrayList<>();

        @Override
        public PooledByteBuffer allocate() {
            return new WatchedBuffer(pool.allocate());
        }

        @Override
        public ByteBufferPool getArrayBackedPool() {
            return this;
        }

        @Override
        public void close() {
            pool.close();
        }

        @Override
        public int getBufferSize() {
            return BUFFER_BYTES;
        }

        @Override
        public boolean isDirect() {
            return true;
        }

        private final class WatchedBuffer implements PooledByteBuffer {
            private final PooledByteBuffer buffer;
            private volatile String releasedBy;

            WatchedBuffer(PooledByteBuffer buffer) {
                this.buffer = buffer;
            }

            @Override
            public ByteBuffer getBuffer() {
                String released = releasedBy;
                if (released != null) {
                    readAfterRelease.add(Thread.currentThread().getName() + " read a buffer released by " + released);
                    throw new IllegalStateException("read after its release by " + released);
                }
                return buffer.getBuffer();
            }

            @Override
            public void close() {
                if (releasedBy != null) {
                    return;
                }
                releasedBy = Thread.currentThread().getName();
                try {
                    Thread.sleep(RELEASE_HELD_MS); // the release takes long: whoever reads meanwhile is seen
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                buffer.close();
            }

            @Override
            public boolean isOpen() {
                return releasedBy == null && buffer.isOpen();
            }
        }
    }
}
