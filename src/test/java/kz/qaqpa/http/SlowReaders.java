package kz.qaqpa.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients of the gateway's HTTP ports that read answers slowly or not at all, over raw sockets that offer a small
 * window, so that a large answer fills the buffers at once ({@code BoundedHttpServerTest}, {@code SlowReaderTest}).
 */
public final class SlowReaders {
    /** The window such a client offers, and what the slow reader takes at a time. */
    public static final int WINDOW_BYTES = 64 * 1024;
    /** The slow reader's pause after each {@link #WINDOW_BYTES}: about 1.6 MB/s. */
    private static final long PAUSE_MILLIS = 40;

    private SlowReaders() {
    }

    /** Connects with a small window and sends {@code request} (head and body, as on the wire); reads nothing. */
    public static Socket ask(String host, int port, byte[] request) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(WINDOW_BYTES); // before connecting: the window it offers
        socket.connect(new InetSocketAddress(host, port));
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        return socket;
    }

    /** Bytes read until the end of the stream or a reset (a socket timeout is thrown: the answer did not end). */
    public static long readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[WINDOW_BYTES];
        long read = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read += n;
            }
        } catch (SocketException e) {
            // reset: closed with data unread
        }
        return read;
    }

    /** Bytes read until the end of the stream at about 1.6 MB/s (a reset or a socket timeout is thrown). */
    public static long readSlowly(InputStream in) throws IOException, InterruptedException {
        byte[] buffer = new byte[WINDOW_BYTES];
        long read = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            read += n;
            Thread.sleep(PAUSE_MILLIS * n / WINDOW_BYTES);
        }
        return read;
    }

    /** Clients that asked for a large answer and never read it, closed together. */
    public static final class Stalled implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        public void add(Socket socket) {
            sockets.add(socket);
        }

        public List<Socket> sockets() {
            return sockets;
        }

        /** Each, reading now, gets less than {@code answerBytes} before its connection ends: it was cut off. */
        public void assertCutOff(long answerBytes) throws IOException {
            for (Socket socket : sockets) {
                socket.setSoTimeout(10_000);
                assertThat(readAll(socket.getInputStream())).as("cut off, closed: not the whole answer")
                        .isLessThan(answerBytes);
            }
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
