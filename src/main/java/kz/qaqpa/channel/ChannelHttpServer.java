package kz.qaqpa.channel;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.OpenListener;
import java.net.URL;
import java.util.List;
import kz.qaqpa.http.NextRequestOnIoThread;
import kz.qaqpa.http.PeerConnectionLimit;
import org.apache.cxf.transport.http_undertow.UndertowHTTPHandler;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngine;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The Undertow server that CXF runs the ШЭП channels on, with the gateway's limits: bounded I/O and worker threads,
 * a time and size limit on the request line and headers, an idle timeout for kept-alive connections, a write timeout
 * (an answer whose client stopped reading it frees its worker thread), a limit on the
 * connections open at once, in all and from one address ({@link PeerConnectionLimit}), and
 * {@link RequestBodyGuard} (the body's size and timeouts) in front of CXF, and {@link NextRequestOnIoThread} in
 * front of that (a kept-alive connection is made ready for its next request on its I/O thread). No socket read
 * timeout: it would also close idle kept-alive connections under clients that are about to reuse them. CXF keeps
 * one engine per port; registering this one before the endpoints start makes CXF use it instead of a default engine.
 *
 * <p>HTTP/1.1 only, as the ШЭП contract's SOAP binding: CXF switches HTTP/2 on by default, and Undertow then puts
 * its h2c upgrade handler in front of every handler, where it read the body of a request asking to upgrade (as the
 * JDK's HttpClient does on its first request) itself, with none of {@link RequestBodyGuard}'s timeouts, and where a
 * client starting in HTTP/2 multiplexes streams past the guard's per-connection limits. A request asking to upgrade
 * is answered over HTTP/1.1 (a server may ignore an Upgrade, RFC 9110 7.8), its body read by the guard.
 *
 * <p>Each answer is written as it ends, not held for the next one (Undertow's BUFFER_PIPELINED_DATA off; its builder
 * switches it on). With it, a request without a body that had bytes behind it (pipelined, or a POST's body sent
 * without a length) had its answer kept in Undertow's pipelining buffer until the next request's was written; a next
 * "request" Undertow refuses ({@link HeadRefusals}), or a refusal's lingering close ({@link LingeringClose}), writes
 * below that buffer and closes: the kept answer never went out (http57; attack54, attack55 and http56 saw the POST's).
 */
public final class ChannelHttpServer extends UndertowHTTPServerEngine {
    private final HttpLimits limits;
    private final HeadRefusals headRefusals;
    private final RequestBodyGuard guard;
    /** The Undertow server the per-address limit was put in front of (CXF makes one when the first endpoint starts). */
    private Undertow limited;

    private ChannelHttpServer(String host, int port, HttpLimits limits, RequestBodyGuard guard,
                              HeadRefusals headRefusals) {
        super(host, port);
        this.limits = limits;
        this.headRefusals = headRefusals;
        this.guard = guard;
        // CXF sets it as IDLE_TIMEOUT, which withoutIdleConduit takes off again
        setMaxIdleTime(Math.toIntExact(limits.idleTimeout().toMillis()));
        // CXF chains them in this order, the last outermost: NextRequestOnIoThread sees each exchange first
        setHandlers(List.of(guard, new NextRequestOnIoThread()));
    }

    /**
     * Makes CXF serve {@code port} with these limits, its worker threads shared among the senders by {@code shares};
     * call before the first endpoint on that port starts.
     */
    public static void register(String host, int port, HttpLimits limits, Faults faults, WorkerShares shares) {
        ChannelHttpServer server = new ChannelHttpServer(host, port, limits,
                new RequestBodyGuard(limits, faults, shares), new HeadRefusals(limits, faults));
        server.finalizeConfig();
        // CXF's factory keeps its engines by port in a static map; a stopped gateway's engine is removed from it
        UndertowHTTPServerEngineFactory.destroyForPort(port);
        new UndertowHTTPServerEngineFactory().setEnginesList(List.of(server));
    }

    /**
     * CXF starts its Undertow server with the first endpoint: the per-address limit goes in front of it then, and
     * each connection it admits has its bytes counted ({@link WireBytes}) under Undertow's reading, and the heads
     * Undertow refuses itself answered with a fault ({@link HeadRefusals}) under its writing.
     */
    @Override
    public synchronized void addServant(URL url, UndertowHTTPHandler handler) {
        super.addServant(url, handler);
        guard.serve(url.getPath(), handler instanceof ServesBelowItsPath);
        Undertow server = PeerConnectionLimit.field(UndertowHTTPServerEngine.class, this, "server");
        if (server != null && server != limited) {
            PeerConnectionLimit.install(server, limits.maxConnectionsPerAddress(), limits.maxConnections(),
                    connection -> {
                        WireBytes.count(connection);
                        headRefusals.watch(connection);
                    });
            withoutIdleConduit(server);
            limited = server;
        }
    }

    /**
     * Takes CXF's IDLE_TIMEOUT (always set, from its max idle time) off the server's listeners before any connection
     * opens. Undertow's idle conduit, under the write timeout's, turns the write timeout's timed wait into an endless
     * one (IdleTimeoutConduit.awaitWritable(long, TimeUnit) waits untimed in Undertow 2.3), and closing the
     * connection does not wake it: a client that stopped reading held its worker thread for ever, write timeout or
     * not. Nothing else needs it here: NO_REQUEST_TIMEOUT closes idle kept-alive connections, REQUEST_PARSE_TIMEOUT
     * bounds a head, {@link RequestBodyGuard} a body, WRITE_TIMEOUT an answer.
     */
    private static void withoutIdleConduit(Undertow server) {
        for (Undertow.ListenerInfo listener : server.getListenerInfo()) {
            OpenListener open = PeerConnectionLimit.field(Undertow.ListenerInfo.class, listener, "openListener");
            OptionMap.Builder kept = OptionMap.builder();
            for (Option<?> option : open.getUndertowOptions()) {
                if (!option.equals(UndertowOptions.IDLE_TIMEOUT)) {
                    copy(option, open.getUndertowOptions(), kept);
                }
            }
            listener.setServerOptions(kept.getMap());
        }
    }

    private static <T> void copy(Option<T> option, OptionMap from, OptionMap.Builder to) {
        to.set(option, from.get(option));
    }

    @Override
    public Undertow.Builder decorateUndertowSocketConnection(Undertow.Builder builder) {
        int readTimeout = Math.toIntExact(limits.readTimeout().toMillis());
        return super.decorateUndertowSocketConnection(builder)
                .setIoThreads(limits.ioThreads())
                .setWorkerThreads(limits.workerThreads())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, readTimeout)
                // Undertow's default is 1 MB, held while the head is incomplete: 200 stalled heads filled a 512 MB heap
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, limits.maxHeadBytes())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, Math.toIntExact(limits.idleTimeout().toMillis()))
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.BUFFER_PIPELINED_DATA, false)
                // XNIO stops accepting at the high water mark and starts again below the low one
                .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections())
                // XNIO gives it to each accepted connection, Undertow closes one whose write does not move that long
                .setSocketOption(Options.WRITE_TIMEOUT, Math.toIntExact(limits.writeTimeout().toMillis()));
    }

    /**
     * A handler that serves the paths below its own too (the catalogue's /catalogue/{serviceId}): the channels'
     * endpoints are served at their own path only ({@link RequestBodyGuard}).
     */
    public interface ServesBelowItsPath {
    }
}
