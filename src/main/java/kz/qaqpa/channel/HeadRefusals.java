package kz.qaqpa.channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.PeerNetwork;
import kz.qaqpa.http.RefusedHeads;
import org.xnio.StreamConnection;

/**
 * The channels' port's answer to a request head Undertow refuses itself, instead of its bare "400 Bad Request"
 * (http56): the operation's signed SCE001 fault in SOAP 1.1 (the head's Content-Type and path are not known), signed
 * on a worker thread, then the lingering close of a refused request ({@link RefusedHeads}, where the heads and the
 * way are).
 */
public final class HeadRefusals {
    private final HttpLimits limits;
    private final Faults faults;
    private final RefusedHeads refusedHeads;

    public HeadRefusals(HttpLimits limits, Faults faults) {
        this.limits = limits;
        this.faults = faults;
        this.refusedHeads = RefusedHeads.madeOnWorker(this::answer, limits.writeTimeout(), limits.linger());
    }

    /** Puts the watch under Undertow's writing of {@code connection}: call before Undertow's open listener sees it. */
    public void watch(StreamConnection connection) {
        refusedHeads.watch(connection);
    }

    /** The refusal's answer: head and signed fault; runs on a worker thread. */
    private byte[] answer(StreamConnection connection) {
        ShepException refusal = new ShepException(FaultCode.MALFORMED_MESSAGE,
                RefusedHeads.kinds(limits.maxHeadBytes()));
        byte[] fault = faults.refusal(refusal, SessionIds.next(), Faults.operationAt(""), SoapVersion.SOAP11,
                network(connection));
        byte[] head = RefusedHeads.head(SoapVersion.SOAP11.contentType(), fault.length)
                .getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(head.length + fault.length).put(head).put(fault).array();
    }

    private static InetAddress network(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        return peer == null || peer.getAddress() == null ? null : PeerNetwork.of(peer.getAddress());
    }
}
