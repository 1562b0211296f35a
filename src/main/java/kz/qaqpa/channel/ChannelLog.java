package kz.qaqpa.channel;

import java.security.cert.X509Certificate;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import org.apache.camel.Exchange;

/**
 * Puts the channel's signed messages into the message chain: the verified request once per exchange (inside the
 * transaction of the store change it caused, when there is one) and the gateway's signed answer or fault.
 */
public final class ChannelLog {
    private static final String REQUEST_LOGGED = "requestLogged";
    private final Database db;
    private final MessageChain chain;
    private final X509Certificate gatewayCertificate;

    public ChannelLog(Database db, MessageChain chain, X509Certificate gatewayCertificate) {
        this.db = db;
        this.chain = chain;
        this.gatewayCertificate = gatewayCertificate;
    }

    /**
     * Logs the verified request in the current transaction; once that committed, later calls for the same exchange
     * do nothing. If it rolls back (or is retried), the record goes with it and the next call logs it again.
     */
    public void request(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        if (in == null || exchange.getVariable(REQUEST_LOGGED, false, Boolean.class)) {
            return;
        }
        chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, in.operation(), senderId(in),
                in.sessionId(), correlationId(exchange), in.certificate(), in.raw()));
        db.afterCommit(() -> exchange.setVariable(REQUEST_LOGGED, true));
    }

    /**
     * Logs the answer the gateway signed ({@link MessageChain#ANSWER} or {@link MessageChain#FAULT}), with the
     * request when no store change logged it, in one transaction.
     */
    public void reply(Exchange exchange, String kind, byte[] signedEnvelope) {
        if (exchange.getVariable("sessionId") == null) {
            return; // not a channel request (e.g. a timer's failure): the fault goes to no one
        }
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        db.inTransaction(() -> {
            request(exchange);
            chain.append(new MessageChain.Message(MessageChain.OUT, kind,
                    exchange.getVariable("operation", String.class), in == null ? null : senderId(in),
                    exchange.getVariable("sessionId", String.class), correlationId(exchange), gatewayCertificate,
                    signedEnvelope));
            return null;
        });
    }

    /** A fault for a request refused before it reached a route (nothing of the request was verified). */
    public void refusal(String operation, String sessionId, byte[] signedEnvelope) {
        chain.append(new MessageChain.Message(MessageChain.OUT, MessageChain.FAULT, operation, null, sessionId, null,
                gatewayCertificate, signedEnvelope));
    }

    private static String senderId(Inbound in) {
        return in.sender() == null ? null : in.sender().id();
    }

    /** The application the message is about, once the intake or the provider event named it. */
    private static String correlationId(Exchange exchange) {
        return exchange.getVariable("correlationId", String.class);
    }
}
