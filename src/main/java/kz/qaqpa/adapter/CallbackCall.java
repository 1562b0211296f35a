package kz.qaqpa.adapter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import kz.qaqpa.channel.ReplayMemory;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.Outbox;
import kz.qaqpa.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One delivery of an outbox entry ({@link OutboxDelivery}): the callback signed and sent to its recipient, the
 * recipient's signed answer read (does it acknowledge this callback, {@link CallbackAnswers}), and the outcome recorded
 * ({@link CallbackOutcomes}).
 */
final class CallbackCall {
    /** Logged under the delivery's name, as before the call had a class of its own (operators' log filters). */
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** The status callback's operation (the contract's spelling) and the shape of a status code, for the log. */
    private static final String STATUS_CALLBACK = "changeMassageStatusNotification";
    private static final Pattern STATUS_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private final Outbox outbox;
    private final CallbackOutcomes outcomes;
    private final Function<String, SignedSoapClient> clientFor;
    private final Map<String, String> callbacks;
    /** How far a recipient's clock may be from the gateway's (qaqpa.message-date.max-skew): its answer's date's margin. */
    private final Duration answerSkew;
    /** The callbacks sent so far, by session: an answer naming another of them is that call's (attack64). */
    private final MessageChain chain;
    /** The signed answers that acknowledged a callback within the date window: the same again is a replay (attack64). */
    private final ReplayMemory answers;

    enum Outcome { DELIVERED, REFUSED, FAILED }

    /**
     * @param clientFor  the client for a target sender: it accepts only that sender's signed answers
     * @param callbacks  the senders' callback addresses as configured now
     * @param answerSkew how far an answer's responseDate may lie outside its call ({@link CallbackAnswers.CallWindow})
     * @param chain      the message log, whose records of callbacks name their sessions
     * @param answers    the answers that acknowledged a callback, remembered while their date could pass the window
     */
    CallbackCall(Outbox outbox, CallbackOutcomes outcomes, Function<String, SignedSoapClient> clientFor,
                 Map<String, String> callbacks, Duration answerSkew, MessageChain chain, ReplayMemory answers) {
        this.outbox = outbox;
        this.chain = chain;
        this.answers = answers;
        this.outcomes = outcomes;
        this.clientFor = clientFor;
        this.callbacks = callbacks;
        this.answerSkew = answerSkew;
    }

    /** Sends {@code p}'s callback and records the outcome. */
    Outcome deliver(Outbox.Pending p) {
        List<MessageChain.Message> exchanged = new ArrayList<>();
        try {
            return sent(p, outbox.payload(p), exchanged);
        } catch (SignedSoapClient.RemoteFault e) {
            return faulted(exchanged, p, e);
        } catch (RuntimeException e) {
            outcomes.failedWith(exchanged, p, String.valueOf(e.getMessage()));
            return Outcome.FAILED;
        }
    }

    /**
     * Sends {@code stored}, and once more dated anew when the recipient refuses its date ({@link CallbackDates}: a
     * sendMessage callback kept its messageDate through an outage longer than the recipient's window). The new body is
     * stored, durably, before it is sent: a retry after a lost answer or a crash is then this one, which the recipient
     * may have taken, not the first it refused.
     */
    private Outcome sent(Outbox.Pending p, String stored, List<MessageChain.Message> exchanged) {
        try {
            return sentOnce(p, stored, exchanged);
        } catch (SignedSoapClient.RemoteFault e) {
            String redated = CallbackDates.refusedForItsDate(e.code())
                    ? CallbackDates.messageDatedAt(stored, Instant.now()) : null;
            if (redated == null) {
                throw e;
            }
            outbox.redated(p, redated);
            LOG.info("application {} notification {}: {} refused its messageDate ({}); sent again dated now, the same"
                    + " messageId", p.correlationId(), p.id(), p.targetSender(), e.getMessage());
            return sentOnce(p, redated, exchanged);
        }
    }

    /** One call: {@code stored} (a status callback's requestDate set now), its answer checked, the outcome recorded. */
    private Outcome sentOnce(Outbox.Pending p, String stored, List<MessageChain.Message> exchanged) {
        SignedSoapClient client = clientFor.apply(p.targetSender());
        Element callback = SecureXml.parseText(stored).getDocumentElement();
        Instant calledAt = Instant.now();
        CallbackDates.requestDatedAt(callback, calledAt);
        // the envelope takes the parsed callback, no copy (perf62b); it is read afterwards for the answer's check
        // and the log lines only
        String session = CallbackAnswers.session(callback);
        SignedSoapClient.Answer answered = client.answered(addressOf(p), SoapEnvelopes.wrapTaking(callback),
                logged(p, session, client, exchanged));
        Element answer = answered.payload();
        String notAnswered = CallbackAnswers.notTheAnswerTo(callback, answer, new CallbackAnswers.CallWindow(
                calledAt.minus(answerSkew), Instant.now().plus(answerSkew)));
        if (notAnswered == null) {
            notAnswered = anotherCallsAnswer(p, callback, answer);
        }
        if (notAnswered != null) {
            outcomes.failed(exchanged, p, notAnswered);
            return Outcome.FAILED;
        }
        return deliveredOnce(exchanged, p, callback, answered);
    }

    /**
     * attack64 (review63 4): why an answer that reads as this callback's is another call's, or null. An answer naming
     * the session of another callback the gateway sent this recipient is that call's answer, replayed (a recipient
     * echoing sessions answers each callback with its own; one making sessions of its own names none of the gateway's).
     */
    private String anotherCallsAnswer(Outbox.Pending p, Element callback, Element answer) {
        String other = CallbackAnswers.otherSession(callback, answer);
        if (other == null || !chain.calledBackIn(p.targetSender(), other)) {
            return null;
        }
        return "the answer names session " + other + ", another callback the gateway sent " + p.targetSender()
                + ", not this one's " + CallbackAnswers.session(callback) + ": that call's answer, replayed";
    }

    /**
     * Records the delivery unless this very signed answer acknowledged a callback already (attack64, attack63's Left: an
     * answer replayed within the date window, on a plain-http path; an honest recipient signs each answer anew). The
     * same answer again for the same callback, naming it, is taken (a recipient repeating its first answer, review62b).
     * The answer is remembered until its date could no longer pass any call's window (twice max-skew from now), and
     * forgotten when the delivery cannot be recorded, so that the retry is not taken for a replay.
     */
    private Outcome deliveredOnce(List<MessageChain.Message> exchanged, Outbox.Pending p, Element callback,
                                  SignedSoapClient.Answer answered) {
        Element answer = answered.payload();
        String signed = answered.signedInfoDigest();
        Instant until = Instant.now().plus(answerSkew.multipliedBy(2));
        boolean first = answers.rememberAnswer(p.targetSender(), signed, until);
        if (!first && !CallbackAnswers.namesThisCallback(callback, answer)) {
            outcomes.failed(exchanged, p, "this very signed answer (its SignedInfo) acknowledged a callback already:"
                    + " another call's answer, replayed");
            return Outcome.FAILED;
        }
        try {
            outcomes.delivered(exchanged, p);
        } catch (RuntimeException e) {
            if (first) {
                answers.forgetAnswer(p.targetSender(), signed, until);
            }
            throw e;
        }
        delivered(p, callback, answer);
        return Outcome.DELIVERED;
    }

    /** The recipient answered with a fault: its own failure is sent again later, a refusal of the call stops it. */
    private Outcome faulted(List<MessageChain.Message> exchanged, Outbox.Pending p, SignedSoapClient.RemoteFault e) {
        if (sendAgainLater(e)) {
            outcomes.failed(exchanged, p, e.getMessage());
            return Outcome.FAILED;
        }
        outcomes.refused(exchanged, p, e);
        return Outcome.REFUSED;
    }

    /**
     * The recipient's callback as configured now: an address corrected and the gateway restarted reaches the entries
     * already owed. The address kept with the entry serves a recipient no longer configured with a callback.
     */
    private String addressOf(Outbox.Pending p) {
        return callbacks.getOrDefault(p.targetSender(), p.url());
    }

    /**
     * The recipient's own failure, not the callback's (SCE909-SCE912; without ErrorInfo, a faultcode that is not the
     * message's, such as Server or WCF's InternalServiceFault: a channel whose database is down): the call may succeed
     * sent again unchanged, so it is retried like no answer rather than stopped (review40).
     */
    private static boolean sendAgainLater(SignedSoapClient.RemoteFault fault) {
        return fault.code() != null ? FaultCode.isGatewaySide(fault.code()) : fault.answerersFailure();
    }

    /**
     * The callback and the recipient's signed answer, for the message chain, both under the callback's
     * {@code session} (ops63: an operator follows an application's callbacks by session, as the delivery's line names
     * it; the answer's own session, which may differ, is in its bytes).
     */
    private static SignedSoapClient.Exchanged logged(Outbox.Pending p, String session, SignedSoapClient client,
                                                     List<MessageChain.Message> into) {
        return (sent, answer, signer) -> {
            into.add(new MessageChain.Message(MessageChain.OUT, MessageChain.CALLBACK, null, p.targetSender(), session,
                    p.correlationId(), client.signer(), sent));
            into.add(new MessageChain.Message(MessageChain.IN, MessageChain.CALLBACK_ANSWER, null, p.targetSender(),
                    session, p.correlationId(), signer, answer));
        };
    }

    /**
     * The delivery's line, naming the callback's session (ops62): the one value a status callback's answer carries
     * back, so that a recipient's record of the callback or of its answer finds the application here. An answer naming
     * a session the gateway did not send this recipient (the recipient's own) is taken but said; one naming another
     * callback's was refused before ({@link #anotherCallsAnswer}).
     */
    private static void delivered(Outbox.Pending p, Element callback, Element answer) {
        String session = CallbackAnswers.session(callback);
        LOG.info("application {} notification {} ({}) delivered to {}, session {}", p.correlationId(), p.id(),
                carried(callback), p.targetSender(), session);
        String other = CallbackAnswers.otherSession(callback, answer);
        if (other != null) {
            LOG.warn("application {} notification {} to {}: its answer names session {}, not the callback's {}; taken"
                    + " as delivered (a session the gateway did not send it: the recipient's own)", p.correlationId(), p.id(),
                    p.targetSender(), other, session);
        }
    }

    /**
     * What a callback tells its recipient, for the log line of its delivery: "status CODE" for a status notification,
     * "history status CODE" for the status told to the consumer's history (a sendMessage NOTIFICATION), "result"
     * for the provider's result (a sendMessage RESPONSE). Only the notification's own code is read, and
     * only a code's shape is printed: a result carries the provider's document, whose signature's lax content could
     * hold a {@code statusCode} of any text, new lines included (a forged log line).
     */
    private static String carried(Element callback) {
        boolean historyNotice = !STATUS_CALLBACK.equals(callback.getLocalName()) && "NOTIFICATION".equals(
                first(callback, "messageType"));
        if (!STATUS_CALLBACK.equals(callback.getLocalName()) && !historyNotice) {
            return "result";
        }
        // a history notice (ChannelNotifications) carries the gateway's own status notification, no provider text
        String code = first(callback, "statusCode");
        return (historyNotice ? "history status " : "status ")
                + (STATUS_CODE.matcher(code).matches() ? code : "(not a status code)");
    }

    private static String first(Element callback, String localName) {
        NodeList found = callback.getElementsByTagNameNS("*", localName);
        return found.getLength() > 0 ? found.item(0).getTextContent().strip() : "";
    }
}
