package kz.qaqpa.channel;

import java.nio.charset.StandardCharsets;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.monitoring.GatewayMetrics;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.MessageLog;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Answers: every reply is wrapped in an envelope signed with the gateway's key. A repeated messageId from the
 * same sender gets the first answer again when its Body says the same in canonical form (as the signature sees it:
 * a comment or a re-signing does not make a retry another message); a reused messageId with other content is
 * refused. The message log keeps the bytes as received.
 */
public final class Replies {
    public static final String REPLY = "reply";
    /**
     * The operations whose retry repeats their messageId, told from another message under it by the Body's digest
     * ({@link #replayIfRepeated}, {@link #record}): an application or event and a sync look-up. No other operation's
     * Body is digested (sign60: a poll, a status query and an acknowledgement were, for nothing).
     */
    private static final Set<String> TOLD_BY_BODY = Set.of("sendMessage", "SendMessage");
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
    /** The reply as written for the message log ({@link #replyXml}), with the element it was written from. */
    private static final String REPLY_TEXT = "replyText";
    /** The signed answer, once committed with the message's store work ({@link #commitWithAnswer}). */
    private static final String SIGNED_ANSWER = "signedAnswer";
    private final Database db;
    private final KeyMaterial gatewayKey;
    private final MessageLog log;
    private final ChannelLog channelLog;

    private final GatewayMetrics metrics;

    public Replies(Database db, KeyMaterial gatewayKey, MessageLog log, ChannelLog channelLog,
                   GatewayMetrics metrics) {
        this.db = db;
        this.metrics = metrics;
        this.gatewayKey = gatewayKey;
        this.log = log;
        this.channelLog = channelLog;
    }

    /** Whether a message of {@code operation} is told from another under its messageId by its Body's digest. */
    static boolean toldByBody(String operation) {
        return TOLD_BY_BODY.contains(operation);
    }

    /** The Body's digest of a message {@link #toldByBody}; the gate digests no other (a route calling for it errs). */
    private static String bodyDigest(Inbound in) {
        if (in.bodyDigest() == null) {
            throw new IllegalStateException(in.operation() + " is not told by its Body's digest; only " + TOLD_BY_BODY
                    + " are");
        }
        return in.bodyDigest();
    }

    /** Sets variable "replayed" when this messageId was answered before; the route then skips processing. */
    public void replayIfRepeated(Exchange exchange) {
        replay(exchange, log::findRepeat);
    }

    /** As {@link #replayIfRepeated}, the first message's entry found by {@code entry} (sender, messageId). */
    private void replay(Exchange exchange, BiFunction<String, String, Optional<MessageLog.Entry>> entry) {
        Inbound in = Inbound.of(exchange);
        String messageId = RequestFacts.of(in.request()).requireMessageId();
        Optional<MessageLog.Entry> first = entry.apply(in.sender().id(), messageId);
        exchange.setVariable("replayed", first.isPresent());
        if (first.isEmpty()) {
            return;
        }
        if (!first.get().digest().equals(bodyDigest(in))) {
            throw new ShepException(FaultCode.DUPLICATE_MESSAGE_CONFLICT, "messageId '" + messageId
                    + "' was already used by sender '" + in.sender().id() + "' for a different message");
        }
        Element reply = SecureXml.parse(first.get().reply().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        exchange.setVariable(REPLY, reply);
        logRepeat(in, messageId, reply);
    }

    /**
     * A repeat answered as the first time gets a line naming the application its first answer named (session 41: a
     * resent messageId logged nothing, so grep on the correlationId missed the sender's retries).
     */
    private static void logRepeat(Inbound in, String messageId, Element reply) {
        NodeList ids = reply.getElementsByTagNameNS("*", "correlationId");
        String correlationId = ids.getLength() == 0 ? null : ids.item(0).getTextContent().trim();
        LOG.info("session {} {} message {} of sender {} repeated: answered as the first time{}", in.sessionId(),
                in.operation(), messageId, in.sender().id(),
                correlationId == null || correlationId.isEmpty() ? "" : " (application " + correlationId + ")");
    }

    /**
     * Remembers a sync look-up's answer for replay with the signed answer, in one commit ({@link #rememberWithAnswer}),
     * and logs it by its messageId (walk58: before, its only line named the session and the signer).
     */
    public void remember(Exchange exchange) {
        rememberWithAnswer(exchange, () -> { });
        logAnswered(Inbound.of(exchange), replyElement(exchange));
    }

    /**
     * The look-up's line names what the state system answered by its document's name (person, personNotFound), never
     * its content: the key asked and the record are personal data, kept in the message log only.
     */
    private static void logAnswered(Inbound in, Element reply) {
        RequestFacts facts = RequestFacts.of(in.request());
        Element document = ShepXml.dataContent(reply);
        LOG.info("session {} {} message {} of sender {} for {} signed by {} answered: {}", in.sessionId(),
                in.operation(), facts.messageId(), in.sender().id(), facts.serviceId(),
                in.certificate().getSubjectX500Principal().getName(),
                document == null ? "no document" : document.getLocalName());
    }

    /**
     * {@link #record}s the message for replay, runs its store work and logs the gateway's signed answer, in one
     * transaction. When a copy of the same message committed first, this one is answered as that one was
     * ({@link #firstCommitWins}) and {@link #sign} signs that answer.
     */
    public void rememberWithAnswer(Exchange exchange, Runnable work) {
        firstCommitWins(exchange, () -> commitWithAnswer(exchange, () -> {
            record(exchange);
            work.run();
        }));
    }

    /**
     * Runs a message's store work (which logs its request: {@link #record} or {@link ChannelLog#request}) and logs the
     * gateway's signed answer in the same transaction: one commit, one wait for the disk, per message. {@link #sign}
     * then sends that answer.
     */
    public void commitWithAnswer(Exchange exchange, Runnable work) {
        db.inTransaction(() -> {
            work.run();
            byte[] body = signed(exchange);
            channelLog.answer(exchange, MessageChain.ANSWER, body);
            // counted once committed: a run again after a serialization failure signs anew, and the answer sent is
            // the committed run's (rerun54: each run was counted)
            db.afterCommit(() -> {
                exchange.setVariable(SIGNED_ANSWER, body);
                metrics.signed("transport");
            });
            return null;
        });
    }

    /**
     * Logs the message as received with the answer given (variable "reply") for replay, and the signed request in the
     * message chain, in the caller's transaction.
     */
    public void record(Exchange exchange) {
        channelLog.request(exchange);
        Inbound in = Inbound.of(exchange);
        RequestFacts facts = RequestFacts.of(in.request());
        log.record(in.sender().id(), facts.messageId(), in.operation(), facts.serviceId(), bodyDigest(in),
                replyXml(exchange));
    }

    /**
     * Runs a commit that logs the message. When a copy of the same message sent at the same moment committed first
     * (the log's key is taken), this one is answered as that one was, or refused when its content differs.
     */
    public void firstCommitWins(Exchange exchange, Runnable commit) {
        try {
            commit.run();
        } catch (Database.StoreException e) {
            if (!(e.getCause() instanceof SQLIntegrityConstraintViolationException)) {
                throw e;
            }
            // read from the store, whatever the log's filter says: the key that refused this one is there
            replay(exchange, log::find);
            if (!exchange.getVariable("replayed", false, Boolean.class)) {
                throw e;
            }
        }
    }

    /**
     * The answer to an accepted async sendMessage: the sender's messageId and the application's correlationId, dated
     * now in the zone of the application's service ({@link ServiceZones}).
     */
    public static SendMessageResponse accepted(String messageId, String correlationId, String sessionId,
                                               XMLGregorianCalendar responseDate) {
        var response = new AsyncSendMessageResponse();
        response.setMessageId(messageId);
        response.setCorrelationId(correlationId);
        response.setResponseDate(responseDate);
        response.setSessionId(sessionId);
        var reply = new SendMessageResponse();
        reply.setResponse(response);
        return reply;
    }

    /**
     * The reply as the message log keeps it for replay: written once an exchange, before its signed answer takes the
     * reply's element into its envelope ({@link #signed}), so that a run again of the transaction records what the
     * first run did. Written anew when the reply was replaced (a copy that committed first, {@link #firstCommitWins}).
     */
    public static String replyXml(Exchange exchange) {
        Element reply = replyElement(exchange);
        ReplyText written = exchange.getVariable(REPLY_TEXT, ReplyText.class);
        if (written == null || written.reply() != reply) {
            written = new ReplyText(reply, SecureXml.toString(reply));
            exchange.setVariable(REPLY_TEXT, written);
        }
        return written.xml();
    }

    /**
     * The reply (a JAXB object or a DOM element) in a signed envelope, as the HTTP body, logged in the chain; or the
     * answer signed and logged with the message's store work.
     */
    public void sign(Exchange exchange) {
        byte[] body = exchange.getVariable(SIGNED_ANSWER, byte[].class);
        if (body == null) {
            body = signedAnswer(exchange);
            channelLog.reply(exchange, MessageChain.ANSWER, body);
        }
        metrics.answered(exchange, null);
        answerWith(exchange.getMessage(), body);
    }

    /**
     * Makes {@code message} the HTTP answer {@code signedEnvelope}: the request's headers, which Camel keeps on the
     * message and CXF would send back, are dropped first (a client must not set the gateway's cookies, redirects or
     * content encoding).
     */
    static void answerWith(Message message, byte[] signedEnvelope) {
        answerWith(message, signedEnvelope, SoapVersion.SOAP11.contentType());
    }

    /** As above, with the Content-Type of the answer's SOAP version. */
    static void answerWith(Message message, byte[] signedEnvelope, String contentType) {
        message.removeHeaders("*");
        message.setBody(signedEnvelope);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
    }

    /** The reply signed and counted, for an answer signed outside a transaction. */
    private byte[] signedAnswer(Exchange exchange) {
        byte[] body = signed(exchange);
        metrics.signed("transport");
        return body;
    }

    /**
     * The reply in an envelope signed with the gateway's key, not counted ({@link #commitWithAnswer} counts it). The
     * envelope takes the reply's element, no copy: the exchange's own (a state system's answer, or its reply
     * marshalled), read afterwards only for the answer's log line and by {@link #replyXml}, which wrote it before. A run
     * again of the transaction takes it from the first run's envelope with the declarations signing added to it, which
     * the first run's answer carried too.
     */
    private byte[] signed(Exchange exchange) {
        return SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrapTaking(replyElement(exchange)), gatewayKey));
    }

    private record ReplyText(Element reply, String xml) {
    }

    private static Element replyElement(Exchange exchange) {
        Object reply = exchange.getVariable(REPLY);
        if (reply instanceof Element e) {
            return e;
        }
        // marshalled once: the replay record and the signed answer both read it (wrapping imports a copy)
        Element element = ShepXml.toElement(reply);
        exchange.setVariable(REPLY, element);
        return element;
    }
}
