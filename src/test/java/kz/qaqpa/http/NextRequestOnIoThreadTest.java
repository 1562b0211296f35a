package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.mocks.pki.PkiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * perf46: the channels' port makes a kept-alive connection ready for its next request on the connection's I/O
 * thread, not on the worker that wrote the answer, so that Undertow's I/O thread never spins on a worker holding the
 * connection's request state (NextRequestOnIoThread). Over a real Undertow server and real sockets, with
 * {@link NextRequestOnIoThread} in front of a handler that works as CXF's does on the channels' port (it dispatches
 * from the I/O thread to a worker, which reads the body and writes the answer through blocking streams, and returns).
 * A listener registered before NextRequestOnIoThread runs, as Undertow's connection does, after it: it records
 * whether that last step of each exchange ran on the I/O thread. Before perf46 it ran on the worker.
 */
class NextRequestOnIoThreadTest {
    private static final int REQUESTS_ON_ONE_CONNECTION = 40;
    private static final long WAIT_SECONDS = 30;
    /** As CXF's UndertowHTTPHandler: the work on a worker thread, the body read and the answer written blocking. */
    private static final HttpHandler AS_CXF = new HttpHandler() {
        @Override
        public void handleRequest(HttpServerExchange exchange) throws IOException {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            exchange.startBlocking();
            byte[] body = exchange.getInputStream().readAllBytes();
            byte[] answer = ("echo " + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, answer.length);
            try (OutputStream out = exchange.getOutputStream()) {
                out.write(answer);
            }
        }
    };

    private LastStepRecorder server;
    private int port;

    @BeforeEach
    void start() {
        port = PkiServer.freePort();
        NextRequestOnIoThread nextRequest = new NextRequestOnIoThread();
        nextRequest.setNext(AS_CXF);
        server = new LastStepRecorder(port, nextRequest);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aKeptAliveConnectionTakesItsNextRequestsOnItsIoThread() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < REQUESTS_ON_ONE_CONNECTION; i++) {
                socket.getOutputStream().write(post("request " + i, false));
                assertThat(readAnswer(in)).isEqualTo("echo request " + i);
            }
        }
        assertThat(lastSteps(REQUESTS_ON_ONE_CONNECTION)).as("the connection made ready on its I/O thread")
                .hasSize(REQUESTS_ON_ONE_CONNECTION).containsOnly(true);
    }

    /**
     * Requests sent in one write: the ones after the first wait in the connection's buffer, read from there. The last
     * asks for the close: no next request, so its step stays on its worker, where the connection closes (http59b).
     */
    @Test
    void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
        try (Socket socket = connect()) {
            ByteArrayOutputStream three = new ByteArrayOutputStream();
            three.writeBytes(post("a", false));
            three.writeBytes(post("b", false));
            three.writeBytes(post("c", true));
            socket.getOutputStream().write(three.toByteArray());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(List.of(readAnswer(in), readAnswer(in), readAnswer(in)))
                    .containsExactly("echo a", "echo b", "echo c");
            assertThat(in.read()).as("closed after the request asking for it").isEqualTo(-1);
        }
        assertThat(lastSteps(3)).containsExactly(true, true, false);
    }

    @Test
    void aRequestAskingToCloseIsAnsweredAndItsConnectionClosed() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(post("last", true));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(readAnswer(in)).isEqualTo("echo last");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return socket;
    }

    private List<Boolean> lastSteps(int count) throws InterruptedException {
        List<Boolean> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Boolean step = server.onIoThread().poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (step == null) {
                break; // fewer than asked: the assertion on the size says so
            }
            steps.add(step);
        }
        return steps;
    }

    private static byte[] post(String body, boolean close) {
        return ("POST /shep/sync HTTP/1.1\r\nHost: qaqpa\r\nContent-Type: text/xml\r\nContent-Length: " + body.length()
                + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** One answer with a Content-Length: its status must be 200; returns its body. */
    private static String readAnswer(InputStream in) throws IOException {
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 200 ");
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, "Content-Length:".length())) {
                length = Integer.parseInt(header.substring("Content-Length:".length()).trim());
            }
        }
        assertThat(length).as("Content-Length").isNotNegative();
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection ended inside an answer's head: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
