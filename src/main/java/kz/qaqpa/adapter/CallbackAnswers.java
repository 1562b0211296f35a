package kz.qaqpa.adapter;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.XsDateTime;
import org.w3c.dom.Element;

/** Whether a recipient's signed answer acknowledges the callback {@link OutboxDelivery} sent it. */
final class CallbackAnswers {
    /** The result's callback operation: a sendMessage RESPONSE to the channel. */
    private static final String RESULT_CALLBACK = "sendMessage";
    /** The contract's guid (common/v10 Guid.xsd). */
    private static final Pattern GUID = Pattern.compile("\\{\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}}");

    private CallbackAnswers() {
    }

    /**
     * When an answer to this call may be dated: from the call's start to its answer's arrival, widened either way by
     * the clock difference the gateway allows a partner (qaqpa.message-date.max-skew).
     */
    record CallWindow(Instant from, Instant to) {
    }

    /**
     * Why {@code answer} does not acknowledge {@code callback}, or null when it does: only the contract's answer to the
     * callback's operation ({@code <operation>Response} in its namespace) does. Anything else the recipient signed
     * (another endpoint of its system behind the address) did not take the callback: it is logged, and the callback
     * sent again.
     */
    static String notTheAnswerTo(Element callback, Element answer, CallWindow window) {
        String expected = callback.getLocalName() + "Response";
        if (answer != null && expected.equals(answer.getLocalName())
                && Objects.equals(callback.getNamespaceURI(), answer.getNamespaceURI())) {
            String notAbout = notAboutTheApplication(callback, answer);
            if (notAbout != null) {
                return notAbout;
            }
            return namesThisCallback(callback, answer) ? null : notDatedWithin(answer, window);
        }
        String got = answer == null ? "an empty Body"
                : ShepException.bounded("{" + answer.getNamespaceURI() + "}" + answer.getLocalName());
        return "the answer is " + got + ", not " + expected;
    }

    /**
     * Why the answer to a result's callback (a sendMessageResponse, whose contract requires the correlationId) does
     * not acknowledge this application's result, or null when it does (attack22: an answer naming another
     * application's correlationId marked the result delivered). Its messageId is not compared (review61b: the contract
     * calls it the message's identifier without saying whose, and a recipient giving its acknowledgement an id of its
     * own would have every result retried until stopped); an answer to another message of the same application is
     * told by its date ({@link #notDatedWithin}). A status callback's answer names no application.
     */
    private static String notAboutTheApplication(Element callback, Element answer) {
        if (!RESULT_CALLBACK.equals(callback.getLocalName())) {
            return null;
        }
        String sent = sentInfo(callback, "correlationId");
        String named = answered(answer, "correlationId");
        return sent != null && sent.equals(named) ? null : "the answer names correlationId '"
                + ShepException.bounded(String.valueOf(named)) + "', not the result's '" + sent + "'";
    }

    /**
     * The session the callback was sent in (the gateway's own, {@code SessionIds}, one for each callback kept in the
     * outbox), or null: the one value of a status callback that its answer carries back, the contract's
     * {@code AsyncChangeStatusNotifyResponse.sessionId} being «то что пришло в запросе», what came in the request;
     * a result's answer may carry it too. The lines of a delivery name it, so that the recipient's record of either
     * message finds the application in the gateway's log (ops62, attack61's Left).
     */
    static String session(Element callback) {
        Element request = Dom.childElement(callback, "request");
        return text(Dom.childElement(RESULT_CALLBACK.equals(callback.getLocalName())
                ? Dom.childElement(request, "messageInfo") : request, "sessionId"));
    }

    /**
     * The session {@code answer} names when it is not the callback's, as the log may print it (a guid, or "(not a
     * guid)": the answer is read without its schema), or null when it names the callback's or none. Not a refusal: a
     * recipient whose answer gives a session of its own (the ЦОН's callback service generated from the served contract
     * does) acknowledged the callback all the same, and refusing it would have every status retried until stopped, as
     * review61b found of the result's messageId. One naming the session of another callback the gateway sent the
     * recipient is that call's answer replayed, and refused ({@code CallbackCall.anotherCallsAnswer}, attack64).
     */
    static String otherSession(Element callback, Element answer) {
        String sent = session(callback);
        String named = answered(answer, "sessionId");
        if (sent == null || named == null || SessionIds.same(sent, named)) {
            return null;
        }
        return GUID.matcher(named).matches() ? named : "(not a guid)";
    }

    /**
     * Whether the answer names this very callback: its session (each callback is sent in a session of its own,
     * {@link #session}), or for a result its messageId echoed. Such an answer is this callback's whatever its date
     * (review62b, MEDIUM: a recipient that answers a repeated messageId with its first answer, as ШЭП and this gateway
     * do, gave every attempt after a lost answer and a longer outage than max-skew the same old answer, which the date
     * window refused until the callback was stopped; review63: the same for a recipient giving its result's answer an
     * id of its own and echoing the session). A replay of another callback's answer names another.
     */
    static boolean namesThisCallback(Element callback, Element answer) {
        if (RESULT_CALLBACK.equals(callback.getLocalName())) {
            String sent = sentInfo(callback, "messageId");
            if (sent != null && sent.equals(answered(answer, "messageId"))) {
                return true;
            }
        }
        String sent = session(callback);
        String named = answered(answer, "sessionId");
        return sent != null && named != null && SessionIds.same(sent, named);
    }

    /** The {@code field} of a result callback's messageInfo, as sent. */
    private static String sentInfo(Element callback, String field) {
        return text(Dom.childElement(Dom.childElement(Dom.childElement(callback, "request"), "messageInfo"), field));
    }

    /** The {@code field} of the answer's response. */
    private static String answered(Element answer, String field) {
        return text(Dom.childElement(Dom.childElement(answer, "response"), field));
    }

    /**
     * attack62 (attack61's Left): the answer's responseDate, which the contract requires and the recipient signs, must
     * fall within this call's window. Nothing else in the contract's answer ties it to the call (a status callback's
     * answer names only a session, which a recipient may make its own (above), a result's names the application, which
     * all its callbacks share), so an answer the recipient gave to an earlier callback (an interim result's, a
     * status's), replayed on a plain-http path, acknowledged this one. An honest recipient answers during the call, on
     * a clock the gateway already holds to max-skew for its own requests.
     *
     * <p>attack63 (attack62's Left): an answer whose responseDate is missing or names no moment (no offset, not a
     * dateTime) is dated by the wsu:Timestamp its signature covers, as a poll without requestDate is
     * ({@code MessageFreshness}); dated by neither, it acknowledges no call: such signed bytes, replayed, would
     * acknowledge every later callback of the recipient (a status answer names no application), as an undated poll
     * would open the queue for ever. Only an answer that breaks the contract twice is so retried: every answer the
     * contract describes carries a responseDate, and one naming this callback ({@link #namesThisCallback}) needs none.
     */
    private static String notDatedWithin(Element answer, CallWindow window) {
        String dated = answered(answer, "responseDate");
        Instant answered = momentOf(dated);
        if (answered == null) {
            answered = EnvelopeVerifier.signedCreated(answer.getOwnerDocument()).orElse(null);
            if (answered == null) {
                return "the answer's responseDate " + (dated == null ? "is missing" : ShepException.bounded(dated)
                        + " names no moment") + " (the contract requires one, with its offset), and its signature"
                        + " covers no wsu:Timestamp to date it: an answer to no call the gateway can tell";
            }
            dated = "(none; its signed wsu:Timestamp's Created " + answered + ")";
        }
        if (!answered.isBefore(window.from()) && !answered.isAfter(window.to())) {
            return null;
        }
        return "the answer's responseDate " + ShepException.bounded(dated) + " lies outside this call (" + window.from()
                + " to " + window.to() + ", qaqpa.message-date.max-skew either way): an answer given to another call";
    }

    /** The moment an answer's date field names, or null when it is missing or names none. */
    private static Instant momentOf(String dated) {
        try {
            return dated == null ? null : XsDateTime.instant(dated);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().strip();
    }
}
