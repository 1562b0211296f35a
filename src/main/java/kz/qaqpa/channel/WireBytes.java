package kz.qaqpa.channel;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.xnio.StreamConnection;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The bytes a connection's client has sent, as they came off the socket: a chunked body's data and also what is not
 * data (chunk-size lines, chunk extensions, trailer fields), which Undertow parses, and keeps (a trailer field is built
 * up in memory until its line ends), before {@link RequestBodyReader} sees a byte of data. Put under Undertow's own
 * reading of each connection when it is accepted ({@link #count}); Undertow builds the connection's HTTP reading on
 * top of it.
 */
final class WireBytes extends AbstractStreamSourceConduit<StreamSourceConduit> {
    /**
     * The count of each open connection, by the connection: weak keys compared by identity, so an entry goes with its
     * connection. The value must not lead back to its key (a conduit would, through the socket's): a count alone.
     */
    private static final Map<StreamConnection, Count> BY_CONNECTION = Collections.synchronizedMap(new WeakHashMap<>());
    private final Count count = new Count();

    /** Bytes read from one connection's socket so far (written by its I/O thread only). */
    private static final class Count {
        private volatile long read;
    }

    private WireBytes(StreamSourceConduit next) {
        super(next);
    }

    /** Counts what {@code connection} reads from now on; call before Undertow's open listener sees it. */
    static void count(StreamConnection connection) {
        WireBytes wire = new WireBytes(connection.getSourceChannel().getConduit());
        connection.getSourceChannel().setConduit(wire);
        BY_CONNECTION.put(connection, wire.count);
    }

    /** Connections counted and not yet collected (for the test that they do not pile up). */
    static int connectionsCounted() {
        return BY_CONNECTION.size();
    }

    /** The count of the exchange's connection, or null where none was put (not a channel connection). */
    private static Count of(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof AbstractServerConnection connection
                ? BY_CONNECTION.get(connection.getChannel()) : null;
    }

    /**
     * Counts, from now, the bytes of the exchange's connection that come without body data: a chunk-size line,
     * chunk extensions, the trailer fields. Bytes of a request pipelined behind the body may count too, and bytes
     * read together with data do not: the count is right to within one of Undertow's buffers.
     */
    static Run run(HttpServerExchange exchange) {
        Run run = new Run(of(exchange));
        run.dataCame();
        return run;
    }

    /** Bytes that came off a connection's socket since its last body data ({@link #run}). */
    static final class Run {
        private final Count wire;
        private long atData;

        private Run(Count wire) {
            this.wire = wire;
        }

        /** Body data came: the run starts again. */
        void dataCame() {
            atData = wire == null ? 0 : wire.read;
        }

        /** Bytes read from the socket since data last came. */
        long withoutData() {
            return wire == null ? 0 : wire.read - atData;
        }
    }

    private <T extends Number> T counted(T bytes) {
        if (bytes.longValue() > 0) {
            count.read += bytes.longValue();
        }
        return bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return counted(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        return counted(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return counted(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return counted(next.transferTo(count, throughBuffer, target));
    }
}
