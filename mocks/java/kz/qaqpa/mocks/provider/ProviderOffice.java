package kz.qaqpa.mocks.provider;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SignaturePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * One provider organisation's office system (a district education department, an akim's office, an archive...)
 * that takes the applications of its services from the gateway by polling, the generic counterpart of seed 002's
 * {@code eastana.ProviderBackOffice}.
 *
 * <p>Every {@code pollInterval}, for each of its services, it calls {@code getMessages}. An application (REQUEST)
 * whose signature verifies is numbered, decided at once by the service's {@link ServiceRules}, and acknowledged
 * MESSAGE_ACCEPTED; one that does not verify or names no correlationId is acknowledged MESSAGE_NOT_ACCTEPTED. An
 * UPDATE (a channel's document passed on) goes to the rules' {@code onUpdate}. An acknowledgement the gateway did not
 * take is sent again with each poll, and nothing about that application is sent until it is taken. The steps of each
 * application are then sent in order, one gateway call each, each document signed by its employee when decided, so a
 * retry resends the same bytes ({@link GatewayConnection}). State is in memory (the mock's own choice: the
 * kindergarten back office shows a durable one); gateway errors are logged and never stop the poller.
 */
public final class ProviderOffice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderOffice.class);
    /** Kazakhstan's single time zone since 2024: the year of the office's numbers. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Almaty");

    /**
     * @param gatewayAsyncUrl the gateway's async channel endpoint
     * @param senderId        the provider's senderId at the gateway
     * @param password        its password
     * @param systemKey       the office system's transport key
     * @param gatewayCheck    accepts the gateway's answer certificate (throw to refuse)
     * @param pollInterval    delay between the end of one poll and the start of the next
     * @param clock           time of its messages and of the pauses between their retries (the system clock)
     * @param documentClock   time of its numbers and documents (the gateway's qaqpa.clock)
     * @param numberPrefix    prefix of the office's registration numbers, e.g. "МЖА" → "МЖА-2026-000001"
     */
    public record Config(String gatewayAsyncUrl, String senderId, String password, KeyMaterial systemKey,
                         Consumer<X509Certificate> gatewayCheck, Duration pollInterval, Clock clock,
                         Clock documentClock, String numberPrefix) {
    }

    /** An application and the office's messages about it; {@code sent} of them are answered by the gateway. */
    private static final class Case {
        final ReceivedApplication application;
        final List<OfficeStep> steps = new ArrayList<>();
        int sent;

        Case(ReceivedApplication application) {
            this.application = application;
        }
    }

    private final Config config;
    private final Map<String, ServiceRules> rules = new LinkedHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final GatewayConnection gateway;
    private final Poller poller;
    private boolean pollFailing;
    /** Acknowledgements the gateway did not take, by messageId: sent again with each poll until it takes them. */
    private final Map<String, Receipt> owedAcknowledgements = new LinkedHashMap<>();

    /** An acknowledgement to send about an application's message: MESSAGE_ACCEPTED when {@code error} is null. */
    private record Receipt(String serviceId, String messageId, String correlationId, ErrorInfo error) {
    }

    /** Documents are read as a provider configured with its own key's CAs reads them (a chain of others' is refused). */
    private final SignaturePolicy documents;

    public ProviderOffice(Config config, List<ServiceRules> services) {
        this.config = config;
        this.documents = SignaturePolicy.DEFAULT.withCaCertificates(config.systemKey().issuerChain());
        services.forEach(r -> rules.put(r.serviceId(), r));
        this.gateway = new GatewayConnection(config.gatewayAsyncUrl(), config.senderId(), config.password(),
                config.systemKey(), config.gatewayCheck(), config.pollInterval(), config.clock(),
                GatewayConnection.SentEnvelopes.inMemory());
        this.poller = new Poller("provider-office-" + config.senderId(), config.pollInterval(), this::pollSafely);
    }

    public String senderId() {
        return config.senderId();
    }

    public void start() {
        poller.start();
        LOG.info("provider office {} polls {} for {} every {}", config.senderId(), config.gatewayAsyncUrl(),
                rules.keySet(), config.pollInterval());
    }

    /** Stops polling (waits for a running poll). */
    public void stop() {
        poller.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** The application the office received under the gateway's {@code correlationId}, if any. */
    public synchronized Optional<ReceivedApplication> application(String correlationId) {
        return cases.values().stream().map(c -> c.application)
                .filter(a -> a.correlationId().equals(correlationId)).findFirst();
    }

    private void pollSafely() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            LOG.warn("provider office {}: poll failed, retrying next time: {}", config.senderId(), e.toString());
        } catch (Error e) {
            LOG.error("provider office {}: poll failed", config.senderId(), e);
        }
    }

    /**
     * One round: fetch new messages of every service, acknowledge them and those whose acknowledgement the gateway did
     * not take before, then send the next steps of every application the gateway has the acknowledgements of. A
     * correct provider system works on what it has acknowledged only: until then the gateway holds the message
     * ON_DELIVERY, and a status would take it off the queue with DELIVERED never recorded.
     */
    public synchronized void pollOnce() {
        acknowledge(receiveNew());
        for (Case c : cases.values()) {
            if (!awaitsAcknowledgement(c)) {
                advanceSafely(c);
            }
        }
    }

    /** Sends the acknowledgements of {@code received} and those still owed; keeps those the gateway did not take. */
    private void acknowledge(List<Receipt> received) {
        List<Receipt> due = new ArrayList<>(owedAcknowledgements.values());
        due.addAll(received);
        for (Receipt r : due) {
            if (gateway.acknowledged(r.serviceId(), r.messageId(), r.error())) {
                owedAcknowledgements.remove(r.messageId());
            } else {
                owedAcknowledgements.put(r.messageId(), r);
            }
        }
    }

    private void advanceSafely(Case c) {
        try {
            advance(c);
        } catch (GatewayConnection.RetryPause waiting) {
            LOG.debug("provider office {}: {}", config.senderId(), waiting.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("provider office {}: application {} stays at step {}: {}", config.senderId(),
                    c.application.registrationNumber(), c.sent, e.toString());
        }
    }

    /** Fetches the new messages of every service and takes each in, in the order given; what to acknowledge. */
    private List<Receipt> receiveNew() {
        List<Receipt> receipts = new ArrayList<>();
        try {
            for (String serviceId : rules.keySet()) {
                for (AsyncMessage message : gateway.fetch(serviceId)) {
                    // offered again before its owed acknowledgement went through: taken in already
                    if (!owedAcknowledgements.containsKey(message.getMessageInfo().getMessageId())) {
                        receipts.add(receive(serviceId, message));
                    }
                }
            }
            pollFailing = false;
        } catch (RuntimeException e) {
            if (!pollFailing) {   // the gateway may be down for a while: say so once, not every poll
                LOG.warn("provider office {}: getMessages failed (quiet until it works again): {}",
                        config.senderId(), e.toString());
            }
            pollFailing = true;
        }
        return receipts;
    }

    /** Whether a message about the application (itself, or an update) still waits for its acknowledgement. */
    private boolean awaitsAcknowledgement(Case c) {
        return owedAcknowledgements.values().stream()
                .anyMatch(r -> c.application.correlationId().equals(r.correlationId()));
    }

    private Receipt receive(String serviceId, AsyncMessage message) {
        AsyncMessageInfo info = message.getMessageInfo();
        String messageId = info.getMessageId();
        try {
            Element document = verifiedDocument(message);
            if ("REQUEST".equals(info.getMessageType()) && !cases.containsKey(messageId)) {
                open(serviceId, messageId, info.getCorrelationId(), document);
            } else if ("UPDATE".equals(info.getMessageType())) {
                update(serviceId, info.getCorrelationId(), document);
            }
            return new Receipt(serviceId, messageId, info.getCorrelationId(), null);
        } catch (ShepException e) {
            LOG.warn("provider office {}: message {} refused: {}", config.senderId(), messageId, e.getMessage());
            return new Receipt(serviceId, messageId, info.getCorrelationId(),
                    SoapEnvelopes.errorInfo(e.code(), e.getMessage(), null));
        }
    }

    private Element verifiedDocument(AsyncMessage message) {
        Element document = DataElements.unwrap(message.getMessageData() == null ? null : message.getMessageData().getData());
        DocumentVerifier.verify(document, documents);
        return document;
    }

    private void open(String serviceId, String messageId, String correlationId, Element document) {
        if (correlationId == null || correlationId.isBlank()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the application message has no correlationId");
        }
        Instant now = config.documentClock().instant();
        String number = String.format("%s-%d-%06d", config.numberPrefix(), now.atZone(ZONE).getYear(),
                numbers.incrementAndGet());
        ReceivedApplication application = new ReceivedApplication(serviceId, messageId, correlationId, number,
                document, now, config.documentClock());
        Case c = new Case(application);
        c.steps.addAll(signed(rules.get(serviceId).decide(application)));
        cases.put(messageId, c);
        LOG.info("provider office {}: application {} (correlationId {}) registered as {}, {} steps", config.senderId(),
                messageId, correlationId, number, c.steps.size());
    }

    private void update(String serviceId, String correlationId, Element document) {
        cases.values().stream().filter(c -> c.application.correlationId().equals(correlationId)).findFirst()
                .ifPresentOrElse(c -> c.steps.addAll(signed(rules.get(serviceId).onUpdate(c.application, document))),
                        () -> LOG.info("provider office {}: update for unknown application {} ignored",
                                config.senderId(), correlationId));
    }

    /** Signs each step's document now, so every resend carries the same signed bytes. */
    private static List<OfficeStep> signed(List<OfficeStep> steps) {
        for (OfficeStep step : steps) {
            if (step.signer() != null) {
                DocumentSigner.sign(step.document(), step.signer());
            }
        }
        return steps;
    }

    private void advance(Case c) {
        ReceivedApplication a = c.application;
        while (c.sent < c.steps.size()) {
            OfficeStep step = c.steps.get(c.sent);
            gateway.send(a.messageId(), a.serviceId(), a.correlationId(), step.step(), step.messageType(),
                    step.document());
            c.sent++;
            LOG.info("provider office {}: {} {} of {} sent", config.senderId(), step.messageType(), step.step(),
                    a.registrationNumber());
        }
    }
}
