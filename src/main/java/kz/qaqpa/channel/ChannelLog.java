package kz.qaqpa.channel;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import org.apache.camel.Exchange;

/**
 * Puts the channel's signed messages into the message chain: the verified request once per exchange (inside the
 * transaction of the store change it caused, when there is one) with the calls made for it, and the gateway's
 * signed answer or fault.
 */
public final class ChannelLog {
    private static final String REQUEST_LOGGED = "requestLogged";
    private static final String PENDING_CALLS = "pendingCalls";
    private static final String APPLICATIONS = "loggedApplications";
    private final Database db;
    private final MessageChain chain;
    private final X509Certificate gatewayCertificate;

    public ChannelLog(Database db, MessageChain chain, X509Certificate gatewayCertificate) {
        this.db = db;
        this.chain = chain;
        this.gatewayCertificate = gatewayCertificate;
    }

    /**
     * Logs the verified request in the current transaction, followed by the calls made for it so far
     * ({@link #calls}); once that committed, later calls for the same exchange do nothing. If it rolls back (or is
     * retried), the records go with it and the next call logs them again.
     */
    public void request(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        if (in == null || logged(exchange)) {
            return;
        }
        chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, in.operation(), senderId(in),
                in.sessionId(), correlationId(exchange), in.certificate(), in.raw()));
        @SuppressWarnings("unchecked")
        List<MessageChain.Message> calls = exchange.getVariable(PENDING_CALLS, List.class);
        if (calls != null) {
            chain.append(calls.stream().map(c -> ofApplication(c, correlationId(exchange)))
                    .toArray(MessageChain.Message[]::new));
        }
        db.afterCommit(() -> {
            exchange.setVariable(REQUEST_LOGGED, true);
            exchange.removeVariable(PENDING_CALLS);
        });
    }

    /**
     * The signed messages of a call the gateway made to serve this exchange's request (a state system's look-up):
     * logged with the request, in the transaction that logs it, so that a look-up costs one commit; at once when the
     * request is logged already. A call whose request never gets logged is not either: the gateway always logs the
     * request with its answer or fault ({@link #reply}).
     */
    public void calls(Exchange exchange, MessageChain.Message... messages) {
        if (logged(exchange)) {
            chain.append(Arrays.stream(messages).map(c -> ofApplication(c, correlationId(exchange)))
                    .toArray(MessageChain.Message[]::new));
        } else {
            pendingCalls(exchange).addAll(List.of(messages));
        }
    }

    /**
     * Logs the answer the gateway signed ({@link MessageChain#ANSWER} or {@link MessageChain#FAULT}), with the
     * request when no store change logged it, in one transaction (the caller's, when there is one).
     */
    public void reply(Exchange exchange, String kind, byte[] signedEnvelope) {
        if (exchange.getVariable("sessionId") == null) {
            return; // not a channel request (e.g. a timer's failure): the fault goes to no one
        }
        db.inTransaction(() -> {
            request(exchange);
            answer(exchange, kind, signedEnvelope);
            return null;
        });
    }

    /** Logs the gateway's signed fault without the request it refuses (one the store could not take). */
    public void faultAlone(Exchange exchange, byte[] signedEnvelope) {
        if (exchange.getVariable("sessionId") != null) {
            answer(exchange, MessageChain.FAULT, signedEnvelope);
        }
    }

    /** Logs the gateway's signed answer in the current transaction, whose work logged the request ({@link #request}). */
    public void answer(Exchange exchange, String kind, byte[] signedEnvelope) {
        Inbound in = Inbound.of(exchange);
        chain.append(new MessageChain.Message(MessageChain.OUT, kind, exchange.getVariable("operation", String.class),
                in == null ? null : senderId(in), exchange.getVariable("sessionId", String.class),
                correlationId(exchange), gatewayCertificate, signedEnvelope));
    }

    private static boolean logged(Exchange exchange) {
        return exchange.getVariable(REQUEST_LOGGED, false, Boolean.class);
    }

    @SuppressWarnings("unchecked")
    private static List<MessageChain.Message> pendingCalls(Exchange exchange) {
        List<MessageChain.Message> calls = exchange.getVariable(PENDING_CALLS, List.class);
        if (calls == null) {
            calls = new ArrayList<>();
            exchange.setVariable(PENDING_CALLS, calls);
        }
        return calls;
    }

    /** A fault for a request refused before it reached a route (nothing of the request was verified). */
    public void refusal(String operation, String sessionId, byte[] signedEnvelope) {
        chain.append(new MessageChain.Message(MessageChain.OUT, MessageChain.FAULT, operation, null, sessionId, null,
                gatewayCertificate, signedEnvelope));
    }

    private static String senderId(Inbound in) {
        return in.sender() == null ? null : in.sender().id();
    }

    /**
     * The application the message is about, once the intake or the provider event named it; for a getMessages
     * answer the applications it carries ({@link #carrying}).
     */
    private static String correlationId(Exchange exchange) {
        String carried = exchange.getVariable(APPLICATIONS, String.class);
        return carried != null ? carried : exchange.getVariable("correlationId", String.class);
    }

    /**
     * Logs the exchange's request and answer under every application the answer carries (a getMessages answer
     * handing applications or their updates to the provider), so each application's records show it was handed out;
     * the signed answer is stored once. An application's export gives such a shared record as its link and the
     * application's own part only (evidence.SharedRecords, fix42c): the whole answer names the other applications.
     */
    public static void carrying(Exchange exchange, Collection<String> correlationIds) {
        if (!correlationIds.isEmpty()) {
            exchange.setVariable(APPLICATIONS, String.join(" ", new TreeSet<>(correlationIds)));
        }
    }

    /** A call made for the request belongs to the request's application (the intake's look-ups): stamped with it. */
    private static MessageChain.Message ofApplication(MessageChain.Message call, String correlationId) {
        return call.correlationId() != null || correlationId == null ? call
                : new MessageChain.Message(call.direction(), call.kind(), call.operation(), call.peer(),
                        call.sessionId(), correlationId, call.signer(), call.bytes());
    }
}
