package kz.qaqpa.channel;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Turns any failure into the operation's ШЭП fault: SOAP Fault with the ErrorInfo element of that operation,
 * signed by the gateway, HTTP 500 (400 for a SOAP 1.2 env:Sender fault). Unexpected failures become SCE909 without
 * internals; the log has them.
 */
public final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
    private static final Map<String, QName> DETAIL = Map.of(
            "sendMessage", new QName(ShepNames.ASYNC, "sendMessageFault1_sendMessageFault"),
            "getMessages", new QName(ShepNames.ASYNC, "getMessagesFault1_getMessagesFault"),
            "sendDeliveryNotification", new QName(ShepNames.ASYNC, "sendDeliveryNotificationFault1_sendDeliveryNotificationFault"),
            "getMessageStatus", new QName(ShepNames.ASYNC, "getMessageStatusFault1_getMessageStatusFault"),
            "SendMessage", new QName(ShepNames.SYNC, "SendMessageFault1_SendMessageFault"));
    private final KeyMaterial gatewayKey;
    private final ChannelLog channelLog;

    private final GatewayMetrics metrics;
    private final Supplier<Optional<String>> storeOutage;
    private final Supplier<Optional<String>> diskShortage;
    private final ServiceZones zones;
    private final UnknownSenderFaultBudget budget;
    /** True once the disk's shortage has been said for faults to strangers; false again once the disk has room. */
    private final AtomicBoolean diskShortageSaid = new AtomicBoolean();

    /**
     * @param storeOutage  asked when the store fails, to tell an outage (SCE912: the store cannot be reached, its disk
     *                     is full) from an internal error; says which
     * @param diskShortage why the store's disk is short of the space kept free (qaqpa.store.min-free-bytes), if it is
     * @param zones        dates a fault's errorDate in the gateway's zone (qaqpa.time-zone)
     * @param unknownSenderFaultsPerHour faults to senders not known one client network may have logged in an hour
     *                     (qaqpa.log.unknown-sender-faults-per-hour)
     * @param unknownSenderFaultsPerHourInAll such faults all networks together may have logged in an hour (line50,
     *                     qaqpa.log.unknown-sender-faults-per-hour-in-all)
     */
    public Faults(KeyMaterial gatewayKey, ChannelLog channelLog, GatewayMetrics metrics,
                  Supplier<Optional<String>> storeOutage, Supplier<Optional<String>> diskShortage,
                  ServiceZones zones, long unknownSenderFaultsPerHour, long unknownSenderFaultsPerHourInAll) {
        this.budget = new UnknownSenderFaultBudget(unknownSenderFaultsPerHour, unknownSenderFaultsPerHourInAll,
                System::nanoTime);
        this.zones = zones;
        this.metrics = metrics;
        this.storeOutage = storeOutage;
        this.diskShortage = diskShortage;
        this.gatewayKey = gatewayKey;
        this.channelLog = channelLog;
    }

    public void respond(Exchange exchange) {
        ReplayMemory.giveBack(exchange);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (aTimersPassWaitsForTheStore(exchange, cause)) {
            return;
        }
        String sessionId = exchange.getVariable("sessionId", String.class);
        String about = about(sessionId, exchange);
        ErrorInfo error = errorInfo(outage(cause, about), sessionId, about);
        String operation = exchange.getVariable("operation",
                exchange.getVariable("defaultOperation", "sendMessage", String.class), String.class);
        QName detail = DETAIL.getOrDefault(operation, DETAIL.get(exchange.getVariable("defaultOperation", "sendMessage",
                String.class)));
        SoapVersion version = exchange.getVariable(SoapVersion.VARIABLE, SoapVersion.SOAP11, SoapVersion.class);
        boolean mismatch = exchange.getVariable(SoapVersion.MISMATCH, false, Boolean.class);
        byte[] body = signedFault(SoapEnvelopes.fault(error, detail, version, mismatch));
        logFault(exchange, body, sessionId, error.getErrorCode());
        if (sessionId != null) {
            metrics.answered(exchange, error.getErrorCode());
        }
        Replies.answerWith(exchange.getMessage(), body, version.contentType());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE,
                SoapEnvelopes.httpStatus(error.getErrorCode(), version, mismatch));
    }

    /**
     * hang54: a timer's pass (time-stamping, overdue steps, archive, retention) that the store refused or failed during
     * an outage (a hung or failed sync of its log, a lost database, a full disk) has nobody to answer, and health says
     * the outage: it waits quietly for its next time, as the outbox's pass does (review53b), instead of an ERROR line
     * and a signed fault every pass for as long as the outage lasts.
     */
    private boolean aTimersPassWaitsForTheStore(Exchange exchange, Throwable cause) {
        if (!(cause instanceof Database.StoreException) || exchange.getFromEndpoint() == null
                || !exchange.getFromEndpoint().getEndpointUri().startsWith("timer:")) {
            return false;
        }
        Optional<String> outage = outageOf(cause);
        outage.ifPresent(why -> LOG.debug("{} waits for the store: {}", exchange.getFromRouteId(), why));
        return outage.isPresent();
    }

    /**
     * The store's outage that {@code cause}, a store failure, met: a refusal of ours is one by itself (hang54: asked
     * again, the store may say none when the stall ended meanwhile, and the refusal would be answered as an internal
     * error); any other failure is one while the store says so.
     */
    private Optional<String> outageOf(Throwable cause) {
        return cause instanceof Database.StoreRefused ? Optional.of(cause.getMessage()) : storeOutage.get();
    }

    /**
     * A store that cannot be reached, or whose disk is full, is an outage the sender can wait out, not an internal
     * error; the operator's line says which, and the store's own words.
     */
    private Throwable outage(Throwable cause, String about) {
        if (!(cause instanceof Database.StoreException)) {
            return cause;
        }
        return outageOf(cause).<Throwable>map(outage -> {
            LOG.error("{}: the store cannot take it: {} ({})", about, outage, cause.getMessage());
            return new ShepException(FaultCode.STORE_UNAVAILABLE, FaultCode.STORE_UNAVAILABLE.text(), cause);
        }).orElse(cause);
    }

    /**
     * A fault is answered even when it cannot be logged (the store is down): the sender must learn why. A request the
     * store could not take (SCE912) is not logged with it: the sender sends it again, and while the disk is short of
     * the space kept free a refused application (up to qaqpa.max-message-bytes) would take that space each time.
     */
    private void logFault(Exchange exchange, byte[] body, String sessionId, String code) {
        Inbound in = Inbound.of(exchange);
        if ((in == null || in.sender() == null) && notLoggedForAStranger(sessionId, payer(in, exchange))) {
            return;
        }
        try {
            if (FaultCode.STORE_UNAVAILABLE.code().equals(code)) {
                channelLog.faultAlone(exchange, body);
                return;
            }
            channelLog.reply(exchange, MessageChain.FAULT, body);
        } catch (RuntimeException e) {
            LOG.error("session {} fault could not be put in the message log: {}", sessionId, e.getMessage());
        }
    }

    /**
     * Whose budget a fault to a sender not known takes: the client network's (attack48b); attack49: for a request whose
     * transport signature verified with a valid certificate but whose sender was not authenticated (SCE003), the
     * certificate's. Such a request is its holder's signed evidence (logged with the fault); under its network's
     * budget the holder spent that budget with garbage first (or another client behind its NAT did), and its signed
     * attempts (a password guessed, another system's senderId) went unlogged. No one without the certificate's key
     * spends its budget, and a holder has few certificates (the НУЦ issues them; a self-made one is refused before).
     */
    private static Payer payer(Inbound in, Exchange exchange) {
        if (in == null || in.certificate() == null) {
            return Payer.of(ClientNetwork.of(exchange));
        }
        // validated before the Inbound was made: a НУЦ's names, not the client's text; the issuer and serial name the
        // certificate in a few hundred bytes (the table holds up to 4096 keys), not its whole encoding
        X509Certificate certificate = in.certificate();
        return new Payer(List.of(certificate.getIssuerX500Principal(), certificate.getSerialNumber()),
                "the certificate of " + certificate.getSubjectX500Principal().getName());
    }

    /** A budget's key ({@link UnknownSenderFaultBudget}) and how the log line names it. */
    private record Payer(Object key, String named) {
        static Payer of(InetAddress network) {
            return new Payer(network, network == null ? "an address not known" : network.getHostAddress());
        }
    }

    /**
     * attack48: a fault to a request whose sender is not known (not XML, not signed, a signature that does not verify)
     * is a few KB of log that anyone reaching the port may make without end. While the store's disk is short of the
     * space kept free, that space is the applications' already taken (their results, callbacks, the log's checkpoint):
     * such a fault is answered, and only a line says it was not logged. A known sender's faults are logged as before.
     */
    private boolean notLoggedForTheDisk(String sessionId) {
        Optional<String> shortage = diskShortage.get();
        if (shortage.isEmpty()) {
            diskShortageSaid.set(false);
            return false;
        }
        metrics.faultUnlogged("disk");
        // attack49: said once a shortage, not beside each refusal's own line (a flood wrote two lines a request)
        if (diskShortageSaid.compareAndSet(false, true)) {
            LOG.warn("session {} fault to a sender not known not put in the message log, nor are the next ones while"
                    + " the disk stays short (qaqpa_log_faults_unlogged_total{reason=\"disk\"} counts them): {}",
                    sessionId, shortage.get());
        }
        return true;
    }

    /**
     * A fault to a sender not known is logged while the disk has room (attack48) and its client network has budget
     * left (attack48b: else a flood from one network fills the disk down to the space kept free); beyond the budget
     * it is answered, counted, and one WARN line says so for each burst.
     */
    private boolean notLoggedForAStranger(String sessionId, Payer payer) {
        if (notLoggedForTheDisk(sessionId)) {
            return true;
        }
        UnknownSenderFaultBudget.Decision decision = budget.take(payer.key());
        if (decision == UnknownSenderFaultBudget.Decision.LOG) {
            return false;
        }
        metrics.faultUnlogged(decision.reason());
        if (decision == UnknownSenderFaultBudget.Decision.SKIP_AND_WARN) {
            LOG.warn("session {}: faults to senders not known from {} beyond qaqpa.log.unknown-sender-faults-per-hour:"
                    + " answered, not put in the message log until its budget refills (qaqpa_log_faults_unlogged_total"
                    + " counts them)", sessionId, payer.named());
        } else if (decision == UnknownSenderFaultBudget.Decision.ALL_SKIP_AND_WARN) {
            LOG.warn("session {}: faults to senders not known, from all networks together, beyond"
                    + " qaqpa.log.unknown-sender-faults-per-hour-in-all: answered, not put in the message log until that"
                    + " budget refills (qaqpa_log_faults_unlogged_total{reason=\"all-networks\"} counts them; said again"
                    + " once it has refilled whole)", sessionId);
        }
        return true;
    }

    /**
     * The signed fault for a request refused before it reached a route (e.g. by the HTTP server while it streamed
     * in), with the detail element of {@code operation}, in the SOAP {@code version} the request declared;
     * {@code network} is the client's ({@link ClientNetwork}), whose budget of logged faults it takes.
     */
    public byte[] refusal(ShepException refusal, String sessionId, String operation, SoapVersion version,
                          InetAddress network) {
        LOG.warn("session {} refused {}: {}", sessionId, refusal.code().code(), refusal.getMessage());
        byte[] body = signedFault(SoapEnvelopes.fault(SoapEnvelopes.errorInfo(refusal.code(), refusal.getMessage(),
                sessionId, zones.gatewayNow()), DETAIL.get(operation), version, false));
        if (notLoggedForAStranger(sessionId, Payer.of(network))) {
            return body;
        }
        try {
            channelLog.refusal(operation, sessionId, body);
        } catch (RuntimeException e) {
            LOG.error("session {} fault could not be put in the message log: {}", sessionId, e.getMessage());
        }
        return body;
    }

    /**
     * The operation whose detail element a refusal before the routes carries, from the request's path: the sync
     * channel's {@code SendMessage} on {@code …/sync}, else the async channel's {@code sendMessage}.
     */
    static String operationAt(String requestPath) {
        return requestPath.endsWith("/sync") ? "SendMessage" : "sendMessage";
    }

    private byte[] signedFault(Document fault) {
        metrics.signed("transport");
        return SecureXml.serialize(EnvelopeSigner.sign(fault, gatewayKey));
    }

    /**
     * Whom a fault's log line names: the session, the sender the request claims (not yet authenticated when the
     * signature is refused, SCE006; quoted, its control characters escaped by the log's format), and the application
     * once the request named one and its sender was settled as the application's (a refused event of its channel or
     * provider, a refused acknowledgement of its receiver), so that grep on its correlationId finds the refusal too; a
     * stranger's refusal names none (fix42c), its fault's text quotes the id it sent.
     */
    private static String about(String sessionId, Exchange exchange) {
        String correlationId = exchange.getVariable("correlationId", String.class);
        String claimed = exchange.getVariable(ChannelGate.CLAIMED_SENDER, String.class);
        return "session " + sessionId + (claimed == null ? "" : " sender '" + claimed + "'")
                + (correlationId == null ? "" : " application " + correlationId + messageNamed(exchange));
    }

    /**
     * The messageId the refused request named, once it named an application of its sender (walk59: a provider asking
     * after its refused message has only its own messageId, which no line named).
     */
    private static String messageNamed(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        if (in == null || in.request() == null) {
            return "";
        }
        try {
            String messageId = RequestFacts.of(in.request()).messageId();
            return messageId == null ? "" : " (messageId " + messageId + ")";
        } catch (ShepException unreadable) {
            return "";   // its ids were refused themselves: the fault's text says why
        }
    }

    private ErrorInfo errorInfo(Throwable cause, String sessionId, String about) {
        if (cause instanceof SignedSoapClient.RemoteFault remote && remote.error() != null) {
            // a state system's own refusal of a look-up, passed on as it said it
            LOG.warn("{} passes on {}", about, remote.getMessage());
            ErrorInfo error = remote.error();
            error.setSessionId(sessionId);
            return error;
        }
        if (cause instanceof ShepException e) {
            LOG.warn("{} refused {}: {}", about, e.code().code(), e.getMessage());
            return SoapEnvelopes.errorInfo(e.code(), e.getMessage(), sessionId, zones.gatewayNow());
        }
        LOG.error("{} failed", about, cause);
        return SoapEnvelopes.errorInfo(FaultCode.INTERNAL_ERROR,
                "internal error; quote session " + sessionId + " to the gateway operator", sessionId, zones.gatewayNow());
    }
}
