package kz.qaqpa.mocks.provider;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesRequest;
import kz.qaqpa.contract.async.itypes.AsyncGetMessagesResponse;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.types.GetMessages;
import kz.qaqpa.contract.async.types.GetMessagesResponse;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.KeyMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A provider system's side of the ШЭП async protocol with the gateway: poll ({@code getMessages}), acknowledge
 * ({@code sendDeliveryNotification}) and send its own messages ({@code sendMessage}), every call signed with the
 * system's transport key and every answer accepted only from the gateway.
 *
 * <p>A message's id is derived from the application and the step, and its signed envelope is kept before it is
 * first sent; a step retried after a lost answer resends those very bytes, which the gateway answers as the duplicate
 * it is (a rebuilt message, with a new messageDate, would be another message under the same messageId: SCE009).
 * Retries wait a pause that doubles after each failure, up to {@link #MAX_RETRY_PAUSE}. Only an envelope the gateway
 * refused for its age (SCE018, refused before anything is recorded) is built anew.
 */
public final class GatewayConnection {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);
    /** The longest pause between two sends of a message the gateway did not answer (the mocks' own choice). */
    public static final Duration MAX_RETRY_PAUSE = Duration.ofMinutes(5);
    /** Messages asked for per getMessages. */
    public static final int POLL_AMOUNT = 10;

    /** Where the signed envelopes of sent messages are kept until the gateway has answered them. */
    public interface SentEnvelopes {
        Optional<byte[]> sent(String messageId);

        void keepSent(String messageId, byte[] envelope);

        void forgetSent(String messageId);

        /** In memory: a restarted office builds its messages anew (fine for offices that keep no state either). */
        static SentEnvelopes inMemory() {
            Map<String, byte[]> kept = new ConcurrentHashMap<>();
            return new SentEnvelopes() {
                public Optional<byte[]> sent(String messageId) {
                    return Optional.ofNullable(kept.get(messageId));
                }

                public void keepSent(String messageId, byte[] envelope) {
                    kept.put(messageId, envelope);
                }

                public void forgetSent(String messageId) {
                    kept.remove(messageId);
                }
            };
        }
    }

    private final String asyncUrl;
    private final String senderId;
    private final String password;
    private final Duration pollInterval;
    private final Clock clock;
    private final SentEnvelopes envelopes;
    private final SignedSoapClient client;
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    /**
     * @param asyncUrl     the gateway's async channel endpoint, e.g. http://localhost:8080/shep/async
     * @param senderId     the provider's senderId in the gateway's sender registry
     * @param password     its password
     * @param systemKey    the provider system's transport key
     * @param gatewayCheck accepts the gateway's answer certificate (throw to refuse)
     * @param pollInterval the first retry pause
     */
    public GatewayConnection(String asyncUrl, String senderId, String password, KeyMaterial systemKey,
                             Consumer<X509Certificate> gatewayCheck, Duration pollInterval, Clock clock,
                             SentEnvelopes envelopes) {
        this.asyncUrl = asyncUrl;
        this.senderId = senderId;
        this.password = password;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.envelopes = envelopes;
        this.client = new SignedSoapClient(systemKey, gatewayCheck, Duration.ofSeconds(30));
    }

    public String url() {
        return asyncUrl;
    }

    /** The messages waiting for this provider in {@code serviceId}, up to {@value #POLL_AMOUNT}. */
    public List<AsyncMessage> fetch(String serviceId) {
        AsyncGetMessagesRequest request = new AsyncGetMessagesRequest();
        request.setRequestDate(now());
        request.setServiceId(serviceId);
        request.setSender(sender());
        request.setAmount(POLL_AMOUNT);
        GetMessages root = new GetMessages();
        root.setRequest(request);
        AsyncGetMessagesResponse response = ShepXml.fromNode(client.call(asyncUrl, root),
                GetMessagesResponse.class).getResponse();
        return response == null ? List.of() : response.getMessages();
    }

    /** MESSAGE_ACCEPTED when {@code error} is null, else MESSAGE_NOT_ACCTEPTED; never RESEND. */
    public void acknowledge(String serviceId, String messageId, ErrorInfo error) {
        client.call(asyncUrl, DeliveryNotifications.acknowledgement(serviceId, messageId,
                error == null ? "MESSAGE_ACCEPTED" : "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND", error, sender(), now()));
    }

    /**
     * Acknowledges as {@link #acknowledge}; false when the gateway did not take it, which the provider sends again
     * with its next poll: the gateway offers a message it handed out again only after its redelivery delay
     * (qaqpa.provider.redelivery-after), so a provider waiting for the message to come again would wait that long. A
     * gateway that knows no such message any more (SCE030) has nothing to take: done.
     */
    public boolean acknowledged(String serviceId, String messageId, ErrorInfo error) {
        try {
            acknowledge(serviceId, messageId, error);
            return true;
        } catch (SignedSoapClient.RemoteFault e) {
            if (e.error() != null && FaultCode.UNKNOWN_MESSAGE.code().equals(e.error().getErrorCode())) {
                LOG.warn("provider {}: acknowledgement of {} names no message any more: {}", senderId, messageId,
                        e.getMessage());
                return true;
            }
            return acknowledgementFailed(messageId, e);
        } catch (RuntimeException e) {
            return acknowledgementFailed(messageId, e);
        }
    }

    private boolean acknowledgementFailed(String messageId, RuntimeException e) {
        LOG.warn("provider {}: acknowledgement of {} failed; sent again with the next poll: {}", senderId, messageId,
                e.toString());
        return false;
    }

    /**
     * Sends one step of an application (see the class comment for ids and retries).
     *
     * @param applicationMessageId the messageId of the application the step belongs to
     * @param step                 the step's name, unique within the application
     * @param document             the business document the message carries (in its data element)
     * @throws RetryPause while the step waits for its retry pause
     */
    public void send(String applicationMessageId, String serviceId, String correlationId, String step,
                     String messageType, Element document) {
        String messageId = UUID.nameUUIDFromBytes((applicationMessageId + "/" + step)
                .getBytes(StandardCharsets.UTF_8)).toString();
        Retry retry = retries.get(messageId);
        if (retry != null && clock.instant().isBefore(retry.notBefore())) {
            throw new RetryPause(messageId, retry.notBefore());
        }
        byte[] envelope = envelopes.sent(messageId).orElseGet(() -> {
            byte[] signed = client.signedEnvelope(AsyncMessages.sendMessage(messageType, messageId, correlationId,
                    serviceId, senderId, password, document, now()));
            envelopes.keepSent(messageId, signed);
            return signed;
        });
        try {
            client.send(asyncUrl, envelope);
            retries.remove(messageId);
        } catch (RuntimeException e) {
            if (e instanceof SignedSoapClient.RemoteFault fault
                    && FaultCode.MESSAGE_DATE_OUT_OF_WINDOW.code().equals(fault.code())) {
                envelopes.forgetSent(messageId);
            }
            retries.put(messageId, Retry.after(retry, pollInterval, clock.instant()));
            throw e;
        }
    }

    private SenderInfo sender() {
        return AsyncMessages.sender(senderId, password);
    }

    private XMLGregorianCalendar now() {
        return DataElements.dateTime(clock.instant());
    }

    /** Failed sends of a message so far and when it may go again (in memory: a restarted office tries at once). */
    private record Retry(int failures, Instant notBefore) {
        static Retry after(Retry previous, Duration firstPause, Instant now) {
            int failures = previous == null ? 1 : previous.failures() + 1;
            Duration pause = firstPause.multipliedBy(1L << Math.min(failures - 1, 20));
            return new Retry(failures, now.plus(pause.compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause));
        }
    }

    /** A step whose message waits for its retry pause; the application stays where it is until then. */
    public static final class RetryPause extends RuntimeException {
        RetryPause(String messageId, Instant notBefore) {
            super("message " + messageId + " waits until " + notBefore, null, false, false);
        }
    }
}
