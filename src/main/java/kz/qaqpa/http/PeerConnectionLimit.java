package kz.qaqpa.http;

import io.undertow.Undertow;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most a number of connections open at once from one peer address (an IPv6 peer's /64, {@link PeerNetwork}) on
 * an Undertow port, below the port's own limit (XNIO's connection high water mark): a connection beyond it is closed
 * as soon as it is accepted, unread and unanswered, and the others from that address go on. Without it, one client that opened the port's whole limit of
 * connections and held them kept every other client in the kernel's backlog until the idle timeout closed them.
 *
 * <p>It sits where Undertow accepts, before its open listener, so it also counts connections that never send a
 * byte. A port built from XNIO's accepting channel takes it as its accept listener ({@link #before}); on a server
 * built by Undertow's builder (CXF's, for the channels), which offers no such hook, {@link #install} takes the
 * listening channel and the open listener out of the started listener and puts itself between them, by reflection.
 * Connections are not followed to their close:
 * an address's list drops those no longer open whenever one more from it arrives, and all lists are swept once
 * more addresses are listed than the port may hold connections, so the memory stays bounded by the port's limit.
 */
public final class PeerConnectionLimit implements ChannelListener<AcceptingChannel<StreamConnection>> {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnectionLimit.class);
    private final ChannelListener<? super StreamConnection> open;
    /** What is done to each admitted connection before the open listener sees it. */
    private final Consumer<StreamConnection> admitted;
    private final int perAddress;
    private final int sweepAbove;
    private final Map<InetAddress, List<StreamConnection>> byAddress = new HashMap<>();

    private PeerConnectionLimit(ChannelListener<? super StreamConnection> open, Consumer<StreamConnection> admitted,
                                int perAddress, int sweepAbove) {
        this.open = open;
        this.admitted = admitted;
        this.perAddress = perAddress;
        this.sweepAbove = sweepAbove;
    }

    /**
     * The accept listener of a port that hands the connections it admits to {@code open}.
     *
     * @param perAddress     connections open at once from one address
     * @param maxConnections the port's own limit (its high water mark)
     */
    public static ChannelListener<AcceptingChannel<StreamConnection>> before(
            ChannelListener<? super StreamConnection> open, int perAddress, int maxConnections) {
        return new PeerConnectionLimit(open, c -> { }, perAddress, maxConnections);
    }

    /**
     * Puts the limit in front of every listener of the started {@code server}.
     *
     * @param perAddress     connections open at once from one address
     * @param maxConnections the port's own limit (its high water mark)
     * @param admitted       done to each admitted connection before Undertow's open listener sees it
     */
    public static void install(Undertow server, int perAddress, int maxConnections,
                               Consumer<StreamConnection> admitted) {
        for (Undertow.ListenerInfo listener : server.getListenerInfo()) {
            AcceptingChannel<StreamConnection> channel = field(Undertow.ListenerInfo.class, listener, "channel");
            ChannelListener<? super StreamConnection> open = field(Undertow.ListenerInfo.class, listener,
                    "openListener");
            channel.getAcceptSetter().set(new PeerConnectionLimit(open, admitted, perAddress, maxConnections));
        }
    }

    /**
     * A private field of Undertow's (2.3) or CXF's (4.1) that holds what the limit needs; one that is gone (another
     * version) fails the start, so the limit is never silently off.
     */
    @SuppressWarnings("unchecked")
    public static <T> T field(Class<?> declaring, Object owner, String name) {
        try {
            Field f = declaring.getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot limit connections per address: " + declaring.getName()
                    + " has no field '" + name + "' (another Undertow version?)", e);
        }
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection accepted;
        try {
            accepted = channel.accept();
        } catch (IOException e) {
            LOG.debug("accept failed: {}", e.toString());
            return;
        }
        if (accepted == null) {
            return;
        }
        InetSocketAddress peer = accepted.getPeerAddress(InetSocketAddress.class);
        InetAddress address = peer == null ? null : PeerNetwork.of(peer.getAddress());
        if (address == null || admit(address, accepted)) {
            admitted.accept(accepted);
            open.handleEvent(accepted);
        } else {
            LOG.debug("connection from {} closed: it has {} open already", address, perAddress);
            IoUtils.safeClose(accepted);
        }
    }

    /** Accepts run on each I/O thread: one address's count is taken under the lock. */
    private synchronized boolean admit(InetAddress address, StreamConnection connection) {
        if (byAddress.size() > sweepAbove) {
            byAddress.values().removeIf(connections -> {
                connections.removeIf(c -> !c.isOpen());
                return connections.isEmpty();
            });
        }
        List<StreamConnection> connections = byAddress.computeIfAbsent(address, a -> new ArrayList<>());
        connections.removeIf(c -> !c.isOpen());
        if (connections.size() >= perAddress) {
            return false;
        }
        connections.add(connection);
        return true;
    }
}
