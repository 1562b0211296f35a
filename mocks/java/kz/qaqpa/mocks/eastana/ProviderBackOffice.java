package kz.qaqpa.mocks.eastana;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.document.kindergarten.Application;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.kindergarten.Consent;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Outcome;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Queue;
import kz.qaqpa.mocks.eastana.KindergartenDecision.Refer;
import kz.qaqpa.mocks.eastana.ProviderStore.InboxRow;
import kz.qaqpa.mocks.eastana.ProviderStore.State;
import kz.qaqpa.mocks.provider.GatewayConnection;
import kz.qaqpa.mocks.provider.Poller;
import kz.qaqpa.mocks.provider.Workers;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SignaturePolicy;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The provider's back office: the E-Astana work cabinet of the Astana city Education Department (ЖАО), which
 * receives the applications of the service ASTANA_KINDERGARTEN_2012 from the gateway by polling.
 *
 * <p>Every {@code pollInterval} it calls the gateway's async {@code getMessages}. A REQUEST (an application) is stored
 * in its inbox with a new registration number, then acknowledged with {@code sendDeliveryNotification}
 * (MESSAGE_ACCEPTED / NOT_RESEND). Each inbox row then goes through these steps, one gateway call each, and a failed
 * step is retried on the next poll (the state is in the database, so a restart resumes too):
 * <ol>
 *   <li>NOTIFICATION {@code statusNotification} REGISTERED with the registration number ("ЖАО-2026-000017");</li>
 *   <li>NOTIFICATION {@code statusNotification} IN_WORK;</li>
 *   <li>the decision ({@link KindergartenDecision}), taken once in a database transaction that also takes the place
 *       or draws the queue number and stores the result document signed by the employee (alias employee-zhao);</li>
 *   <li>RESPONSE carrying that document, with messageInfo.correlationId = the application's correlationId.</li>
 * </ol>
 * All calls are signed with the provider system's key (alias eastana); answers are accepted only when signed by the
 * gateway ({@code gatewayCheck}). Each step's message is kept as signed and sent again byte for byte until the
 * gateway answers it ({@link GatewayConnection}). An application whose signature does not verify, or that cannot be read, is
 * acknowledged as MESSAGE_NOT_ACCTEPTED / NOT_RESEND. Gateway errors are logged and never stop the poller.
 */
public final class ProviderBackOffice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderBackOffice.class);
    public static final String SERVICE_ID = "ASTANA_KINDERGARTEN_2012";
    public static final String EMPLOYEE_IIN = "750618409005";
    /** Who issues the results (App. 11 «Берілді»): the provider, para 1. */
    public static final String PROVIDER_NAME = "«Астана қаласының Білім басқармасы» ММ";

    /**
     * @param gatewayAsyncUrl the gateway's async channel endpoint, e.g. http://localhost:8080/shep/async
     * @param serviceId       the service polled, {@value ProviderBackOffice#SERVICE_ID}
     * @param senderId        the provider's senderId in the gateway's sender registry
     * @param password        its password
     * @param dataDir         directory of the provider's HSQLDB (created when missing)
     * @param pollInterval    delay between the end of one poll and the start of the next
     * @param systemKey       transport key of the provider system (test PKI alias eastana)
     * @param employeeKey     key of the ЖАО employee who signs the results (alias employee-zhao)
     * @param gatewayCheck    accepts the gateway's answer certificate (throw to refuse)
     * @param clock           time of its messages and of the pauses between their retries (the system clock)
     * @param documentClock   time of registration numbers, notifications and documents (the gateway's qaqpa.clock)
     * @param workers         how many applications' gateway calls go out at once ({@link Workers})
     */
    public record Config(String gatewayAsyncUrl, String serviceId, String senderId, String password, Path dataDir,
                         Duration pollInterval, KeyMaterial systemKey, KeyMaterial employeeKey,
                         Consumer<X509Certificate> gatewayCheck, Clock clock, Clock documentClock, int workers) {
        /** One clock for messages and documents alike. */
        public Config(String gatewayAsyncUrl, String serviceId, String senderId, String password, Path dataDir,
                      Duration pollInterval, KeyMaterial systemKey, KeyMaterial employeeKey,
                      Consumer<X509Certificate> gatewayCheck, Clock clock, int workers) {
            this(gatewayAsyncUrl, serviceId, senderId, password, dataDir, pollInterval, systemKey, employeeKey,
                    gatewayCheck, clock, clock, workers);
        }
    }

    private final Config config;
    private final ProviderStore store;
    private final GatewayConnection gateway;
    private final ResultDocuments results;
    private final Poller poller;
    private final Workers workers;
    /** Documents are read as a provider configured with its own key's CAs reads them (a chain of others' is refused). */
    private final SignaturePolicy documents;

    public ProviderBackOffice(Config config) {
        this.config = config;
        this.documents = SignaturePolicy.DEFAULT.withCaCertificates(config.systemKey().issuerChain());
        this.store = new ProviderStore(config.dataDir(), Kindergarten.loadDefault());
        this.gateway = new GatewayConnection(config.gatewayAsyncUrl(), config.senderId(), config.password(),
                config.systemKey(), config.gatewayCheck(), config.pollInterval(), config.clock(), store);
        this.poller = new Poller("provider-back-office", config.pollInterval(), this::pollSafely);
        this.workers = new Workers("provider-back-office-worker", config.workers());
        String iin = SubjectIdentity.of(config.employeeKey().certificate()).iin();
        this.results = new ResultDocuments(store, iin != null ? iin : EMPLOYEE_IIN);
    }

    public void start() {
        poller.start();
        LOG.info("provider back office polls {} for {} every {}", config.gatewayAsyncUrl(), config.serviceId(), config.pollInterval());
    }

    /**
     * Stops polling (waits for a running poll) and keeps the register open: the applications wait at the gateway, as
     * for a work cabinet nobody opens, until {@link #resume()} (a test that lets a term run out).
     */
    public void pause() {
        poller.stop();
    }

    /** Polls again after {@link #pause()}. */
    public void resume() {
        poller.start();
    }

    /** Stops polling (waits for a running poll) and closes the database. */
    public void stop() {
        stopping = true;
        poller.stop();
        workers.close();
        store.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** The register with the current free places. */
    public Map<String, Kindergarten> kindergartens() {
        return store.kindergartens();
    }

    public ProviderStore store() {
        return store;
    }

    private void pollSafely() {
        try {
            // a full batch means more are waiting: like a provider system, it drains the queue before it pauses
            while (pollOnce() == GatewayConnection.POLL_AMOUNT && !stopping) {
                LOG.debug("provider back office: a full batch; polling again at once");
            }
        } catch (RuntimeException e) {
            LOG.warn("provider back office: poll failed, retrying next time: {}", e.toString());
        } catch (Error e) {
            LOG.error("provider back office: poll failed", e);
        }
    }

    private boolean pollFailing;
    private volatile boolean stopping;
    /** Acknowledgements the gateway did not take, by messageId: sent again with each poll until it takes them. */
    private final Map<String, Receipt> owedAcknowledgements = new ConcurrentHashMap<>();

    /**
     * One round: fetch and acknowledge new messages, then take every unfinished application as far as it goes. The
     * gateway calls of different applications go out at once ({@link Workers}); the decisions are taken one at a
     * time in the order of registration, so places and queue numbers still go first come, first served.
     *
     * @return how many messages the gateway gave and took the acknowledgement of
     */
    public synchronized int pollOnce() {
        List<Receipt> received = receiveNew();
        Map<String, Receipt> due = new LinkedHashMap<>(owedAcknowledgements);
        received.forEach(r -> due.put(r.messageId(), r));
        workers.forEach(List.copyOf(due.values()), r -> {
            if (acknowledgeSafely(r)) {
                owedAcknowledgements.remove(r.messageId());
            } else {
                owedAcknowledgements.put(r.messageId(), r);
            }
        });
        // an application whose receipt the gateway has not taken waits until it is acknowledged
        List<String> unfinished = store.unfinished().stream().map(InboxRow::messageId)
                .filter(id -> !owedAcknowledgements.containsKey(id)).toList();
        workers.forEach(unfinished, id -> step(id, this::report));
        unfinished.forEach(id -> step(id, this::decide));
        workers.forEach(unfinished, id -> step(id, this::deliver));
        return (int) received.stream().filter(r -> !owedAcknowledgements.containsKey(r.messageId())).count();
    }

    /** False when the gateway did not take it: it is sent again with the next poll. */
    private boolean acknowledgeSafely(Receipt receipt) {
        return gateway.acknowledged(config.serviceId(), receipt.messageId(), receipt.error());
    }

    /** An acknowledgement to send: MESSAGE_ACCEPTED when {@code error} is null. */
    private record Receipt(String messageId, ErrorInfo error) {
    }

    /** Fetches the new messages and registers each, in the order given; what to acknowledge for each. */
    private List<Receipt> receiveNew() {
        try {
            List<Receipt> receipts = gateway.fetch(config.serviceId()).stream().map(this::accept).toList();
            pollFailing = false;
            return receipts;
        } catch (RuntimeException e) {
            // the gateway may be down for a while: say so once, not every poll
            if (!pollFailing) {
                LOG.warn("provider back office: getMessages failed (quiet until it works again): {}", e.toString());
            }
            pollFailing = true;
            return List.of();
        }
    }

    /** One stage of an application as it is in the inbox now; a failed call leaves it for the next poll. */
    private void step(String messageId, Consumer<InboxRow> stage) {
        InboxRow row = store.inbox(messageId).orElseThrow();
        try {
            stage.accept(row);
        } catch (GatewayConnection.RetryPause waiting) {
            LOG.debug("provider back office: application {}: {}", row.registrationNumber(), waiting.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("provider back office: application {} stays at {}: {}", row.registrationNumber(), row.state(), e.toString());
        }
    }

    private Receipt accept(AsyncMessage message) {
        AsyncMessageInfo info = message.getMessageInfo();
        String messageId = info.getMessageId();
        if (store.inbox(messageId).isPresent()) {
            return new Receipt(messageId, null);
        }
        if ("UPDATE".equals(info.getMessageType())) {
            return acceptConsent(message);
        }
        if (!"REQUEST".equals(info.getMessageType())) {
            LOG.info("provider back office: {} message {} is not an application; acknowledged and ignored",
                    info.getMessageType(), messageId);
            return new Receipt(messageId, null);
        }
        Element application;
        try {
            application = DataElements.unwrap(message.getMessageData() == null ? null : message.getMessageData().getData());
            DocumentVerifier.verify(application, documents);
            ShepXml.fromNode(application, Application.class);
            if (info.getCorrelationId() == null || info.getCorrelationId().isBlank()) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the application message has no correlationId");
            }
        } catch (ShepException e) {
            LOG.warn("provider back office: message {} refused: {}", messageId, e.getMessage());
            return new Receipt(messageId, SoapEnvelopes.errorInfo(e.code(), e.getMessage(), null));
        }
        Instant now = config.documentClock().instant();
        int year = now.atZone(KindergartenDecision.ASTANA).getYear();
        String registrationNumber = store.transaction(() -> {
            String number = String.format("ЖАО-%d-%06d", year, store.next("registration"));
            store.receive(messageId, info.getCorrelationId(), number, SecureXml.toString(application), now);
            return number;
        });
        LOG.info("provider back office: application {} (correlationId {}) registered as {}", messageId,
                info.getCorrelationId(), registrationNumber);
        return new Receipt(messageId, null);
    }

    /** The consumer's signed consent (or refusal) to an offered place, passed on by the gateway as an UPDATE. */
    private Receipt acceptConsent(AsyncMessage message) {
        String messageId = message.getMessageInfo().getMessageId();
        try {
            Element document = DataElements.unwrap(message.getMessageData() == null ? null : message.getMessageData().getData());
            DocumentVerifier.verify(document, documents);
            Consent consent = ShepXml.fromNode(document, Consent.class);
            boolean answered = store.answerOffer(consent.getCorrelationId(), consent.isAgreed());
            LOG.info("provider back office: consent for {}: {}{}", consent.getCorrelationId(),
                    consent.isAgreed() ? "agreed" : "declined", answered ? "" : " (no open offer; ignored)");
            return new Receipt(messageId, null);
        } catch (ShepException e) {
            LOG.warn("provider back office: consent message {} refused: {}", messageId, e.getMessage());
            return new Receipt(messageId, SoapEnvelopes.errorInfo(e.code(), e.getMessage(), null));
        }
    }

    /** The status notifications of a new application: REGISTERED, then IN_WORK. */
    private void report(InboxRow row) {
        State state = row.state();
        if (state == State.RECEIVED) {
            send(row, "REGISTERED", "NOTIFICATION", ShepXml.toElement(status(row, "REGISTERED",
                    "Application registered by the Astana city Education Department")));
            store.advance(row.messageId(), state = State.REGISTERED, null);
        }
        if (state == State.REGISTERED) {
            send(row, "IN_WORK", "NOTIFICATION", ShepXml.toElement(status(row, "IN_WORK",
                    "Accepted for execution by an employee of the Education Department")));
            store.advance(row.messageId(), State.IN_WORK, null);
        }
    }

    /** The decision on an application in work or queued, or what follows the consumer's answer to an offer. */
    private void decide(InboxRow row) {
        State state = row.state();
        if (state == State.IN_WORK || state == State.QUEUED) {
            decide(row, state == State.QUEUED);
        } else if (state == State.OFFERED) {
            afterConsent(row);
        }
    }

    /** What a decision sends: the offer of a place, a registration slip, or the result. */
    private void deliver(InboxRow row) {
        State state = row.state();
        if (state == State.OFFER_DECIDED) {
            ProviderStore.Offer offer = store.offerOf(row.messageId()).orElseThrow();
            send(row, "OFFERED/" + offer.round(), "NOTIFICATION", ShepXml.toElement(offered(row, offer)));
            store.advance(row.messageId(), State.OFFERED, null);
        } else if (state == State.INTERIM_DECIDED) {
            send(row, "RESULT/interim", "RESPONSE", resultDocument(row));
            store.advance(row.messageId(), State.QUEUED, null);
            LOG.info("provider back office: registration slip of {} sent; waiting for a place", row.registrationNumber());
        } else if (state == State.DECIDED) {
            send(row, "RESULT", "RESPONSE", resultDocument(row));
            store.advance(row.messageId(), State.DONE, null);
            LOG.info("provider back office: result of {} sent", row.registrationNumber());
        }
    }

    private static Element resultDocument(InboxRow row) {
        return SecureXml.parse(row.resultXml().getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    /** A place freed up (or was added) at this organisation: queued children get it on the next poll. */
    public void freePlace(String kindergartenCode) {
        store.addPlace(kindergartenCode);
    }

    /**
     * Decides once in a database transaction that also takes the place or draws the queue numbers and stores the
     * signed result. A place for a portal application is reserved and offered first (para 8.10: the consumer's
     * written consent, then the referral). A child already queued keeps waiting until a chosen place is free, and is
     * not refused then (the registration slip was the decision to queue it: the gateway takes no refusal after it,
     * audit session 35).
     */
    private State decide(InboxRow row, boolean queued) {
        Application application = application(row);
        return store.transaction(() -> {
            Outcome outcome = KindergartenDecision.decide(application, withoutDeclined(row, store.kindergartens()));
            if (queued && !(outcome instanceof Refer)) {
                return State.QUEUED;
            }
            if (outcome instanceof Refer refer) {
                if (!store.takePlace(refer.kindergartenCode())) {
                    throw new IllegalStateException("place at " + refer.kindergartenCode() + " vanished");
                }
                if (application.getChannel() == Channel.PORTAL) {
                    store.offer(row.messageId(), refer.kindergartenCode());
                    store.advance(row.messageId(), State.OFFER_DECIDED, null);
                    LOG.info("provider back office: {} offered a place at {}", row.registrationNumber(), refer.kindergartenCode());
                    return State.OFFER_DECIDED;
                }
            }
            return issue(row, application, outcome);
        });
    }

    /** A place the consumer declined is not offered to them again (the mock's own rule). */
    private Map<String, Kindergarten> withoutDeclined(InboxRow row, Map<String, Kindergarten> register) {
        Map<String, Kindergarten> copy = new LinkedHashMap<>(register);
        store.offerOf(row.messageId()).filter(o -> Boolean.FALSE.equals(o.agreed()))
                .ifPresent(o -> copy.computeIfPresent(o.kindergartenCode(), (code, k) -> k.withPlaces(0)));
        return copy;
    }

    /**
     * The consumer answered the offer: agreed, the referral to that organisation; declined, the place goes back, is
     * not offered to this child again, and the child is queued (a registration slip, unless the child is queued
     * already). The mock's own rule: the regulation does not say what follows a declined offer.
     */
    private State afterConsent(InboxRow row) {
        ProviderStore.Offer offer = store.offerOf(row.messageId()).orElseThrow();
        if (offer.agreed() == null) {
            return State.OFFERED;
        }
        Application application = application(row);
        return store.transaction(() -> {
            if (offer.agreed()) {
                return issue(row, application, new Refer(offer.kindergartenCode()));
            }
            store.addPlace(offer.kindergartenCode());
            if (row.resultXml() != null) {
                store.advance(row.messageId(), State.QUEUED, null);
                return State.QUEUED;
            }
            return issue(row, application, new Queue());
        });
    }

    /** Forms, signs and stores the result document of {@code outcome} (inside the caller's transaction). */
    private State issue(InboxRow row, Application application, Outcome outcome) {
        Object document = results.of(row, application, outcome, config.documentClock().instant());
        State next = outcome instanceof Queue ? State.INTERIM_DECIDED : State.DECIDED;
        Element element = ShepXml.toElement(document);
        DocumentSigner.sign(element, config.employeeKey());
        store.advance(row.messageId(), next, SecureXml.toString(element));
        LOG.info("provider back office: {} decided: {}", row.registrationNumber(), outcome);
        return next;
    }

    private static Application application(InboxRow row) {
        return ShepXml.fromNode(SecureXml.parse(row.applicationXml().getBytes(StandardCharsets.UTF_8))
                .getDocumentElement(), Application.class);
    }

    private StatusNotification offered(InboxRow row, ProviderStore.Offer offer) {
        Kindergarten k = store.kindergartens().get(offer.kindergartenCode());
        StatusNotification n = status(row, "OFFERED", "A place is offered for the consumer's written consent");
        StatusNotification.OfferedKindergarten offered = new StatusNotification.OfferedKindergarten();
        offered.setKindergartenCode(k.code());
        offered.setKindergartenName(k.name());
        n.setOfferedKindergarten(offered);
        return n;
    }

    private StatusNotification status(InboxRow row, String status, String comment) {
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(row.correlationId());
        n.setStatus(status);
        n.setRegistrationNumber(row.registrationNumber());
        n.setChangedAt(now());
        n.setComment(comment);
        return n;
    }

    /** One step's message of {@code row}, sent (or resent) through the gateway connection. */
    private void send(InboxRow row, String step, String messageType, Element document) {
        gateway.send(row.messageId(), config.serviceId(), row.correlationId(), step, messageType, document);
    }

    private XMLGregorianCalendar now() {
        return DataElements.dateTime(config.documentClock().instant());
    }
}
