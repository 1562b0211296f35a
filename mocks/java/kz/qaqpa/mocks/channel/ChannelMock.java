package kz.qaqpa.mocks.channel;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.xml.namespace.QName;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyRequest;
import kz.qaqpa.contract.async.itypes.AsyncChangeStatusNotifyResponse;
import kz.qaqpa.contract.async.itypes.AsyncMessageInfo;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageRequest;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.contract.async.types.SendMessageResponse;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotification;
import kz.qaqpa.contract.client.types.ChangeMassageStatusNotificationResponse;
import kz.qaqpa.contract.common.ChangeStatusNotification;
import kz.qaqpa.document.kindergarten.StatusNotification;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.soap.MockService;
import kz.qaqpa.mocks.soap.MockSoapServer;
import kz.qaqpa.trust.DocumentVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A sender channel's callback endpoint (IAsyncChannelClient): the e-gov portal (ЭҮП, key {@code portal}), the ЦОН
 * information system (key {@code con}) or the E-Astana personal cabinet (key {@code eastana}). It keeps the consumer's
 * "history of obtaining services" (Қызметтерді алу тарихы): every status notification and every result document the
 * gateway delivers, in memory.
 *
 * <ul>
 *   <li>{@code changeMassageStatusNotification}: recorded under {@code notification.messageId}, the channel's own
 *       messageId of the application.</li>
 *   <li>{@code sendMessage}: a RESPONSE carries the signed result document (its signature is verified with
 *       {@link DocumentVerifier}, else the call is refused with SCE016/SCE017) and is recorded under
 *       {@code messageInfo.correlationId}; a NOTIFICATION carrying a {@code statusNotification} is recorded as a
 *       status under the correlationId, and so is the gateway's history notice (a NOTIFICATION carrying the status
 *       notification of an application made on another channel), with the applicant its properties name.</li>
 * </ul>
 * The gateway's notifications name the messageId, the result names the correlationId; {@link #link} (called by the
 * sender once its sendMessageResponse gave it the correlationId) joins both, before or after the callbacks arrive.
 * Every accessor takes either id.
 */
public final class ChannelMock extends MockService {
    public static final String PATH = "/callback";
    public static final String HISTORY = "/history";
    static final String CLIENT_NS = "http://bip.bee.kz/AsyncChannel/v10/Types/Client";
    static final String ASYNC_NS = "http://bip.bee.kz/AsyncChannel/v10/Types";
    private static final String KINDERGARTEN_NS = "http://qaqpa.kz/services/kindergarten/v1";

    /**
     * One status change as the channel saw it. messageState is null for a provider NOTIFICATION sent as sendMessage;
     * {@code date} is when the notification was made (its notificationDate; a provider's changedAt), {@code statusDate}
     * when the status changed (MessageStatusInfo.statusDate; a provider's changedAt); {@code dateOffset} and
     * {@code statusDateOffset} the offsets they were written with (null: none written).
     */
    public record StatusEntry(Instant date, String notificationId, String messageState, String statusCode,
                              String statusMessage, String errorCode, Instant statusDate, ZoneOffset dateOffset,
                              ZoneOffset statusDateOffset) {
    }

    /**
     * A result document as received, with its signer; {@code messageDate} the sendMessage's date this mock took (null:
     * none written).
     */
    public record ResultEntry(Instant receivedAt, String messageId, String correlationId, byte[] xml,
                              String signerIin, String signerName, Instant messageDate) {
    }

    /**
     * One callback as it arrived, {@code what} "STATUS &lt;statusCode&gt;" or "RESULT &lt;document's local name&gt;";
     * {@code sequence} orders the arrivals of the whole mock (statuses are filed under the messageId and results
     * under the correlationId until {@link #link} joins them, so each keeps its place).
     */
    public record Arrival(long sequence, String what) {
    }

    /** All that is known about one application; either id may still be null. */
    private static final class Track {
        String messageId;
        String correlationId;
        final List<StatusEntry> statuses = new ArrayList<>();
        final List<ResultEntry> results = new ArrayList<>();
        final List<Arrival> arrivals = new ArrayList<>();
        /** The applicant a history notice named (the gateway's properties applicantIin, applicantBin, channel). */
        final Map<String, String> applicant = new LinkedHashMap<>();
    }

    private final String name;
    private final MockSoapServer server;
    /**
     * By messageId and by correlationId. Only the newest applications are remembered: the benchmark sends tens of
     * thousands, and their results, kept for ever, were most of the gateway JVM's live heap (this mock runs in it).
     */
    private final Map<String, Track> index = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Track> eldest) {
            return size() > MAX_REMEMBERED_KEYS;
        }
    };
    private static final int MAX_REMEMBERED_KEYS = 4_000;
    /**
     * How far a callback's sending date may be from this system's clock, or null: not held (the default). Set, the
     * mock holds a status callback's requestDate and a sendMessage's messageDate to it and refuses one outside with
     * SCE018, as the gateway holds its own senders (qaqpa.message-date.max-skew); a repeat is not told apart (dates65).
     */
    private volatile Duration dateWindow;
    private final Object lock = new Object();
    /** The next {@link Arrival#sequence}; under the lock. */
    private long arrivalSequence;

    /**
     * @param name      e.g. "portal", "con", "eastana" (logs and the history listing)
     * @param port      0 for a free port
     * @param key       the channel system's key, signs every answer
     * @param peerCheck who may call back (normally the gateway)
     */
    public ChannelMock(String name, int port, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this.name = name;
        this.server = new MockSoapServer("channel mock " + name, port, PATH, key, peerCheck)
                .operation(new QName(CLIENT_NS, "changeMassageStatusNotification"),
                        new QName(CLIENT_NS, "changeMassageStatusNotificationFault1_changeMassageStatusNotificationFault"),
                        this::onStatus)
                .operation(new QName(ASYNC_NS, "sendMessage"), new QName(ASYNC_NS, "sendMessageFault1_sendMessageFault"),
                        this::onMessage)
                .get(HISTORY, this::historyXml);
    }

    /** From now on refuses a callback dated further than {@code window} from now (SCE018); null: dates not held. */
    public void holdDatesTo(Duration window) {
        dateWindow = window;
    }

    /** SCE018 when {@link #holdDatesTo} is set and {@code date} lies outside it. */
    private void requireDatedWithin(XMLGregorianCalendar date, String name) {
        Duration window = dateWindow;
        if (window == null || date == null) {
            return;
        }
        Instant now = Instant.now();
        Instant at = instant(date);
        if (at.isBefore(now.minus(window)) || at.isAfter(now.plus(window))) {
            throw new ShepException(FaultCode.MESSAGE_DATE_OUT_OF_WINDOW, this.name + ": " + name + " "
                    + date.toXMLFormat() + " is more than " + window + " away from " + now);
        }
    }

    public String name() {
        return name;
    }

    /** Its url() is the callback URL to register for this sender at the gateway. */
    @Override
    protected MockSoapServer server() {
        return server;
    }

    /** http://localhost:{port}/history */
    public String historyUrl() {
        return "http://localhost:" + port() + HISTORY;
    }

    /** Joins the application's messageId with the correlationId the gateway gave it. */
    public void link(String messageId, String correlationId) {
        synchronized (lock) {
            Track byMessage = index.get(messageId);
            Track byCorrelation = index.get(correlationId);
            Track track = byMessage != null ? byMessage : byCorrelation != null ? byCorrelation : new Track();
            if (byMessage != null && byCorrelation != null && byMessage != byCorrelation) {
                track.statuses.addAll(byCorrelation.statuses);
                track.statuses.sort((a, b) -> a.date().compareTo(b.date()));
                track.results.addAll(byCorrelation.results);
                track.arrivals.addAll(byCorrelation.arrivals);
                track.arrivals.sort(java.util.Comparator.comparingLong(Arrival::sequence));
                track.applicant.putAll(byCorrelation.applicant);
            }
            track.messageId = messageId;
            track.correlationId = correlationId;
            index.put(messageId, track);
            index.put(correlationId, track);
        }
    }

    /** Status changes of the application named by its messageId or correlationId, oldest first. */
    public List<StatusEntry> statuses(String id) {
        synchronized (lock) {
            Track track = index.get(id);
            return track == null ? List.of() : List.copyOf(track.statuses);
        }
    }

    /**
     * The application's callbacks (statuses, filed under its messageId, and results, under its correlationId) in the
     * order they arrived, whether or not {@link #link} has joined the two ids (reg52).
     */
    public List<String> arrivals(String messageId, String correlationId) {
        synchronized (lock) {
            java.util.Set<Track> tracks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.stream.Stream.of(index.get(messageId), index.get(correlationId)).filter(t -> t != null)
                    .forEach(tracks::add);
            return tracks.stream().flatMap(t -> t.arrivals.stream())
                    .sorted(java.util.Comparator.comparingLong(Arrival::sequence)).map(Arrival::what).toList();
        }
    }

    /**
     * What the gateway's history notices about an application made on another channel said of it (properties
     * applicantIin, applicantBin, channel); empty for the channel's own applications.
     */
    public Map<String, String> applicant(String id) {
        synchronized (lock) {
            Track track = index.get(id);
            return track == null ? Map.of() : Map.copyOf(track.applicant);
        }
    }

    /** The latest result document of the application, as a fresh DOM element. */
    public Optional<Element> result(String id) {
        return resultEntry(id).map(r -> SecureXml.parse(r.xml()).getDocumentElement());
    }

    /** Every result the channel was sent for the application, as often as it arrived, oldest first. */
    public List<ResultEntry> results(String id) {
        synchronized (lock) {
            Track track = index.get(id);
            return track == null ? List.of() : List.copyOf(track.results);
        }
    }

    public Optional<ResultEntry> resultEntry(String id) {
        synchronized (lock) {
            Track track = index.get(id);
            return track == null || track.results.isEmpty() ? Optional.empty()
                    : Optional.of(track.results.get(track.results.size() - 1));
        }
    }

    /** Polls {@link #result} every 50 ms until it is there or {@code timeout} passes. */
    public Optional<Element> awaitResult(String id, Duration timeout) {
        return await(() -> result(id), timeout);
    }

    /** Polls until the latest result of the application is a document with this local name (e.g. the final one). */
    public Optional<Element> awaitResult(String id, String localName, Duration timeout) {
        return await(() -> result(id).filter(r -> localName.equals(r.getLocalName())), timeout);
    }

    /** Polls until a status with this statusCode was recorded for the application. */
    public Optional<StatusEntry> awaitStatus(String id, String statusCode, Duration timeout) {
        return await(() -> statuses(id).stream().filter(s -> statusCode.equals(s.statusCode())).findFirst(), timeout);
    }

    /**
     * Polls until {@code count} statuses {@code which} accepts were recorded for the application; those recorded
     * when they are, or when {@code timeout} passes (fewer then), oldest first.
     */
    public List<StatusEntry> awaitStatuses(String id, Predicate<StatusEntry> which, int count, Duration timeout) {
        Supplier<List<StatusEntry>> matching = () -> statuses(id).stream().filter(which).toList();
        return await(() -> Optional.of(matching.get()).filter(found -> found.size() >= count), timeout)
                .orElseGet(matching);
    }

    /** Asks every 50 ms until the answer is there or {@code timeout} passes (callbacks arrive through an outbox). */
    private static <T> Optional<T> await(Supplier<Optional<T>> probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private Object onStatus(Element payload) {
        AsyncChangeStatusNotifyRequest request = ShepXml.fromNode(payload, ChangeMassageStatusNotification.class).getRequest();
        ChangeStatusNotification n = request == null ? null : request.getNotification();
        if (n == null || n.getMessageId() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "changeMassageStatusNotification needs notification/messageId");
        }
        requireDatedWithin(request.getRequestDate(), "requestDate");
        StatusEntry entry = entry(n);
        synchronized (lock) {
            Track track = track(n.getMessageId(), null);
            track.statuses.add(entry);
            arrived(track, "STATUS " + entry.statusCode());
        }
        AsyncChangeStatusNotifyResponse response = new AsyncChangeStatusNotifyResponse();
        response.setResponseDate(SoapEnvelopes.now());
        response.setSessionId(request.getSessionId() != null ? request.getSessionId() : SessionIds.next());
        ChangeMassageStatusNotificationResponse root = new ChangeMassageStatusNotificationResponse();
        root.setResponse(response);
        return root;
    }

    private Object onMessage(Element payload) {
        AsyncSendMessageRequest request = ShepXml.fromNode(payload, SendMessage.class).getRequest();
        AsyncMessageInfo info = request == null ? null : request.getMessageInfo();
        if (info == null || request.getMessageData() == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "sendMessage needs messageInfo and messageData");
        }
        String correlationId = info.getCorrelationId();
        if (correlationId == null || correlationId.isBlank()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a message to a channel must carry the application's correlationId");
        }
        requireDatedWithin(info.getMessageDate(), "messageDate");
        Element document = DataElements.unwrap(request.getMessageData().getData());
        if (DataElements.is(document, CLIENT_NS, "changeMassageStatusNotification")) {
            onHistoryNotice(info, document);
        } else if (DataElements.is(document, KINDERGARTEN_NS, "statusNotification")) {
            StatusNotification n = ShepXml.fromNode(document, StatusNotification.class);
            String text = n.getStatus() + (n.getRegistrationNumber() == null ? "" : " " + n.getRegistrationNumber())
                    + (n.getComment() == null ? "" : ": " + n.getComment());
            StatusEntry entry = new StatusEntry(instant(n.getChangedAt()), info.getMessageId(), null, n.getStatus(), text,
                    null, instant(n.getChangedAt()), offset(n.getChangedAt()), offset(n.getChangedAt()));
            synchronized (lock) {
                track(null, correlationId).statuses.add(entry);
            }
        } else {
            X509Certificate signer = DocumentVerifier.verify(document);
            SubjectIdentity who = SubjectIdentity.of(signer);
            ResultEntry entry = new ResultEntry(Instant.now(), info.getMessageId(), correlationId,
                    SecureXml.serialize(document), who.iin(), who.commonName(),
                    info.getMessageDate() == null ? null : instant(info.getMessageDate()));
            synchronized (lock) {
                Track track = track(null, correlationId);
                track.results.add(entry);
                arrived(track, "RESULT " + document.getLocalName());
            }
        }
        AsyncSendMessageResponse response = new AsyncSendMessageResponse();
        response.setMessageId(info.getMessageId() != null ? info.getMessageId() : UUID.randomUUID().toString());
        response.setCorrelationId(correlationId);
        response.setResponseDate(SoapEnvelopes.now());
        response.setSessionId(info.getSessionId() != null ? info.getSessionId() : SessionIds.next());
        SendMessageResponse root = new SendMessageResponse();
        root.setResponse(response);
        return root;
    }

    /**
     * The gateway's notice for the consumer's history of an application made on another channel (the portal's
     * «Қызметтер алу тарихы»): a NOTIFICATION whose data is the channel's status notification and whose properties
     * name the applicant; recorded under the correlationId with the applicant.
     */
    private void onHistoryNotice(AsyncMessageInfo info, Element document) {
        ChangeStatusNotification n = ShepXml.fromNode(document, ChangeMassageStatusNotification.class).getRequest()
                .getNotification();
        StatusEntry entry = entry(n);
        synchronized (lock) {
            Track track = track(null, info.getCorrelationId());
            track.statuses.add(entry);
            info.getProperties().forEach(p -> track.applicant.put(p.getKey(), p.getValue()));
        }
    }

    private static StatusEntry entry(ChangeStatusNotification n) {
        return new StatusEntry(instant(n.getNotificationDate()), n.getNotificationId(),
                n.getMessageState() == null ? null : n.getMessageState().value(),
                n.getStatus() == null ? null : n.getStatus().getStatusCode(),
                n.getStatus() == null ? null : n.getStatus().getStatusMessage(),
                n.getError() == null ? null : n.getError().getErrorCode(),
                n.getStatus() == null ? null : instant(n.getStatus().getStatusDate()), offset(n.getNotificationDate()),
                n.getStatus() == null ? null : offset(n.getStatus().getStatusDate()));
    }

    /** Caller holds the lock. */
    private void arrived(Track track, String what) {
        track.arrivals.add(new Arrival(arrivalSequence++, what));
    }

    /** Caller holds the lock. */
    private Track track(String messageId, String correlationId) {
        String id = messageId != null ? messageId : correlationId;
        return index.computeIfAbsent(id, k -> {
            Track t = new Track();
            t.messageId = messageId;
            t.correlationId = correlationId;
            return t;
        });
    }

    private static Instant instant(XMLGregorianCalendar value) {
        return value == null ? Instant.now() : value.toGregorianCalendar().toInstant();
    }

    /** The offset {@code value} was written with, or null when it names none. */
    public static ZoneOffset offset(XMLGregorianCalendar value) {
        return value == null || value.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED ? null
                : ZoneOffset.ofTotalSeconds(value.getTimezone() * 60);
    }

    /** GET /history lists every application; GET /history/{id} one of them (by messageId or correlationId). */
    private String historyXml(String rest) {
        synchronized (lock) {
            List<Track> tracks = tracks(rest);
            if (tracks == null) {
                return null;
            }
            Document doc = SecureXml.newDocument();
            Element history = doc.createElement("history");
            history.setAttribute("channel", name);
            doc.appendChild(history);
            for (Track t : tracks) {
                history.appendChild(application(doc, t));
            }
            return new String(SecureXml.serialize(doc), StandardCharsets.UTF_8) + "\n";
        }
    }

    /** Every application for an empty {@code rest}, else the one it names (null: none). Caller holds the lock. */
    private List<Track> tracks(String rest) {
        if (rest.isEmpty() || "/".equals(rest)) {
            return List.copyOf(new LinkedHashSet<>(index.values()));
        }
        Track track = index.get(rest.substring(1));
        return track == null ? null : List.of(track);
    }

    /** Caller holds the lock. */
    private static Element application(Document doc, Track t) {
        Element app = doc.createElement("application");
        attribute(app, "messageId", t.messageId);
        attribute(app, "correlationId", t.correlationId);
        t.applicant.forEach((key, value) -> attribute(app, key, value));
        for (StatusEntry s : t.statuses) {
            Element e = doc.createElement("status");
            attribute(e, "date", s.date().toString());
            attribute(e, "messageState", s.messageState());
            attribute(e, "statusCode", s.statusCode());
            attribute(e, "errorCode", s.errorCode());
            e.setTextContent(s.statusMessage());
            app.appendChild(e);
        }
        for (ResultEntry r : t.results) {
            Element e = doc.createElement("result");
            attribute(e, "receivedAt", r.receivedAt().toString());
            attribute(e, "signerIin", r.signerIin());
            attribute(e, "signer", r.signerName());
            e.appendChild(doc.importNode(SecureXml.parse(r.xml()).getDocumentElement(), true));
            app.appendChild(e);
        }
        return app;
    }

    private static void attribute(Element e, String name, String value) {
        if (value != null) {
            e.setAttribute(name, value);
        }
    }
}
