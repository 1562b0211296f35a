package kz.qaqpa.adapter;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import jakarta.xml.bind.annotation.XmlRootElement;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.BusinessData;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SyncMessageInfo;
import kz.qaqpa.document.legalentity.LegalEntity;
import kz.qaqpa.document.legalentity.LegalEntityNotFound;
import kz.qaqpa.document.legalentity.LegalEntityRequest;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonNotFound;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyNotFound;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.Dom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Adapters to the state databases (ГБД ФЛ persons, ГБД ЮЛ legal entities, ЕНИС powers of attorney). Each is reached over the ШЭП sync
 * channel at its configured URL, signed with the gateway's key, its answers accepted only with a valid signature.
 */
public final class StateRegistries {
    private static final Logger LOG = LoggerFactory.getLogger(StateRegistries.class);
    public static final String PERSONS = "GBDFL_PERSON";
    public static final String POWERS_OF_ATTORNEY = "ENIS_POWER_OF_ATTORNEY";
    public static final String LEGAL_ENTITIES = "GBDUL_LEGAL_ENTITY";
    private static final QName LOOK_UP_ANSWER = new QName(ShepNames.SYNC, "SendMessageResponse");
    /** The key the gateway's own look-ups are written with at start, to check their configuration against. */
    private static final String PROBE = "probe";
    private final Map<String, Endpoint> endpoints;
    private final String gatewaySenderId;
    private final ChannelLog channelLog;
    private final ContractSchemas schemas;
    private final StateCallLimit limit;

    /**
     * A look-up the gateway itself makes (a regulation's state-database condition), written with {@link #PROBE} as its
     * key: the request it sends, and the system's not-found it reads.
     */
    private record OwnLookUp(Element request, Element notFound) {
    }

    /** The element {@code document} is written as. */
    private static QName nameOf(Element document) {
        return new QName(Objects.toString(document.getNamespaceURI(), ""), document.getLocalName());
    }

    /**
     * A state system's ШЭП endpoint, the client that accepts only that system's signed answers, the element its
     * look-ups are written as (qaqpa.service.<id>.request-element): the one document it is asked with, and the key
     * its look-ups ask by (qaqpa.service.<id>.asked-key): every answer must name the one asked.
     */
    public record Endpoint(String url, SignedSoapClient client, QName request, AskedKey askedKey) {
    }

    /**
     * @param channelLog logs each call with the request it serves (a forwarded sync look-up, or the application whose
     *                   regulation asked), in the transaction that logs that request
     * @param schemas    the contract a forwarded look-up's answer must follow before the gateway signs it
     * @param limit      how many threads may wait for one system at once
     */
    public StateRegistries(Map<String, Endpoint> endpoints, String gatewaySenderId, ChannelLog channelLog,
                           ContractSchemas schemas, StateCallLimit limit) {
        this.endpoints = Map.copyOf(endpoints);
        this.gatewaySenderId = gatewaySenderId;
        this.channelLog = channelLog;
        this.schemas = schemas;
        this.limit = limit;
        ownLookUps().forEach(this::requireAskedAsConfigured);
        this.endpoints.forEach(this::requireItsSchema);
    }

    /** The configured state systems by serviceId (for health checks). */
    public Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    /** Sync channel pass-through: the caller's request goes to the service's system, its answer comes back. */
    public void forward(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        SendMessage request = (SendMessage) in.request();
        SyncMessageInfo info = request.getRequest().getRequestInfo();
        Endpoint target = endpoint(info.getServiceId());
        requireTheServicesRequest(info.getServiceId(), target, in.businessDocument());
        info.setSessionId(sessionId(exchange));
        // the caller's gateway password is between it and us; the state system trusts the gateway's signature
        if (info.getSender() != null) {
            info.getSender().setPassword(null);
        }
        // a look-up the state system refuses with its ErrorInfo (RemoteFault, e.g. a malformed request) reaches the
        // caller with the system's code and words; only failures to get a usable answer become SCE910
        try {
            Element answer = answering(lookUpAnswer(limit.call(info.getServiceId(), () -> target.client()
                    .call(target.url(), request, logged(target, info.getServiceId(), exchange)))),
                    info.getMessageId(), info.getSessionId());
            Element answered = answerDocument(answer);
            requireAboutTheAsked(info.getServiceId(), target, in.businessDocument(), answered);
            exchange.setVariable(Replies.REPLY, answer);
        } catch (SignedSoapClient.RemoteFault e) {
            throw e.error() == null ? refused(info.getServiceId(), target, e, exchange) : e;
        } catch (ShepException e) {
            throw unavailable(info.getServiceId(), target, e, exchange);
        }
    }

    /**
     * A look-up is the service's request document (xsd/person.xsd, legal-entity.xsd, power-of-attorney.xsd), refused
     * as an event's document that is not one of its service's is (SCE001, EventDocumentCheck): the state system is
     * not called with what it cannot answer. The channel's gate validated a document the schemas declare, inline or
     * escaped (BusinessData), against its schema (qaqpa.documents.schemas names the three); it let through one they
     * do not declare, and another service's. Every sync service names its request (fix14: before, only the three the
     * code knew were checked, a fourth configured one would have been forwarded whatever it carried).
     */
    private static void requireTheServicesRequest(String serviceId, Endpoint target, Element query) {
        QName sent = query == null ? null : nameOf(query);
        if (!target.request().equals(sent)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, serviceId + " is asked with " + target.request()
                    + " in data, not " + (sent == null ? "no document" : sent));
        }
    }

    /** The gateway's own look-ups, each written as it writes them (person, legal entity, power of attorney). */
    private static Map<String, OwnLookUp> ownLookUps() {
        PersonNotFound person = new PersonNotFound();
        person.setIin(PROBE);
        LegalEntityNotFound legalEntity = new LegalEntityNotFound();
        legalEntity.setBin(PROBE);
        PowerOfAttorneyNotFound powerOfAttorney = new PowerOfAttorneyNotFound();
        powerOfAttorney.setNumber(PROBE);
        return Map.of(PERSONS, new OwnLookUp(personRequest(PROBE), ShepXml.toElement(person)),
                LEGAL_ENTITIES, new OwnLookUp(legalEntityRequest(PROBE), ShepXml.toElement(legalEntity)),
                POWERS_OF_ATTORNEY, new OwnLookUp(powerOfAttorneyRequest(PROBE), ShepXml.toElement(powerOfAttorney)));
    }

    /**
     * A system the gateway itself asks is configured as the gateway asks it: with that request, its key named where
     * the gateway writes it in the request and reads it in the not-found. Otherwise every answer would be refused as
     * about another record, or the request check would refuse the gateway's own look-ups.
     */
    private void requireAskedAsConfigured(String serviceId, OwnLookUp own) {
        Endpoint endpoint = endpoints.get(serviceId);
        if (endpoint == null) {
            return;
        }
        QName request = nameOf(own.request());
        if (!request.equals(endpoint.request())) {
            throw new IllegalStateException("qaqpa.service." + serviceId + ".request-element is "
                    + endpoint.request() + ", but the gateway asks " + serviceId + " with " + request);
        }
        AskedKey key = endpoint.askedKey();
        if (!PROBE.equals(onlyKey(own.request(), key.requestField()))
                || !PROBE.equals(onlyKey(own.notFound(), key.answerField()))) {
            throw new IllegalStateException("qaqpa.service." + serviceId + ".asked-key is " + key + ", but the"
                    + " gateway asks " + serviceId + " by another field of <" + own.request().getLocalName()
                    + "> and <" + own.notFound().getLocalName() + ">");
        }
    }

    /**
     * A look-up and its answer are validated against the state system's schema (qaqpa.documents.schemas) only where
     * the schemas declare them: the gate's validation and {@link #lookUpAnswer}'s read {@code data} with a lax
     * wildcard, which lets an undeclared document through unchecked. A sync service whose request no schema declares
     * (its schema left out of the list) is refused at start, naming both settings (fix15: before, its look-ups and
     * answers were forwarded unvalidated).
     */
    private void requireItsSchema(String serviceId, Endpoint endpoint) {
        if (!schemas.declares(endpoint.request())) {
            throw new IllegalStateException("qaqpa.service." + serviceId + ".request-element is " + endpoint.request()
                    + ", which no schema of qaqpa.documents.schemas declares: list the state system's schema there,"
                    + " the gateway validates its look-ups and answers against it");
        }
    }

    /**
     * The document of an answer {@link #lookUpAnswer} validated, valid against the state system's schema; null where
     * {@code data} holds none (a plain value, nothing). Inline, the answer's validation validated it through the
     * contract's lax wildcard, which lets an element the schemas do not declare through unchecked (fix15); as escaped
     * text, which that validation saw as a string, it is read as the gate reads a request's and validated here (fix16).
     * One check that the schemas declare it covers both forms; one they do not declare is the system's failure, not
     * passed on unchecked.
     */
    private Element answerDocument(Element answer) {
        Element inline = ShepXml.dataContent(answer);
        Element document = BusinessData.document(answer);
        if (document != null && !schemas.declares(document)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer's <" + document.getLocalName()
                    + "> in namespace '" + document.getNamespaceURI() + "' is no document the schemas declare");
        }
        if (inline == null && document != null) {
            schemas.validate(document);
        }
        return document;
    }

    /**
     * The gateway signs what it passes on: only the sync contract's answer, valid against the contract (its data is
     * the state system's document, any element). Anything else the system signed is its failure.
     */
    private Element lookUpAnswer(Element answer) {
        if (answer == null || !LOOK_UP_ANSWER.equals(new QName(answer.getNamespaceURI(), answer.getLocalName()))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer is "
                    + (answer == null ? "an empty Body" : "<" + answer.getLocalName() + ">")
                    + ", not the sync channel's SendMessageResponse");
        }
        schemas.validate(answer);
        return answer;
    }

    /**
     * An answer that names the request it answers (its correlationId) or the session it belongs to (its sessionId),
     * each optional in the contract, must name this one: an answer to another request, e.g. an old one replayed, is
     * the system's failure, never passed on.
     */
    private static Element answering(Element answer, String messageId, String sessionId) {
        Element info = Dom.childElement(Dom.childElement(answer, "response"), "responseInfo");
        requireNamedAlike(info, "correlationId", messageId, "request", String::equals);
        requireNamedAlike(info, "sessionId", sessionId, "session", SessionIds::same);
        return answer;
    }

    private static void requireNamedAlike(Element info, String field, String expected, String what,
            BiPredicate<String, String> alike) {
        Element named = Dom.childElement(info, field);
        String value = named == null ? "" : named.getTextContent().trim();
        // a call made outside any session (none sent) lets the system name its own
        if (!value.isEmpty() && expected != null && !alike.test(value, expected)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the answer names " + what + " " + value + ", not "
                    + expected);
        }
    }

    /** @param exchange the inbound message the look-up serves: the call is logged with it, under its session */
    public Optional<Person> person(String iin, Exchange exchange) {
        return ask(PERSONS, personRequest(iin), "personNotFound", Person.class, exchange);
    }

    /** A legal entity (or branch) by БИН from ГБД ЮЛ, with its head and legal address. */
    public Optional<LegalEntity> legalEntity(String bin, Exchange exchange) {
        return ask(LEGAL_ENTITIES, legalEntityRequest(bin), "legalEntityNotFound", LegalEntity.class, exchange);
    }

    public Optional<PowerOfAttorney> powerOfAttorney(String number, Exchange exchange) {
        return ask(POWERS_OF_ATTORNEY, powerOfAttorneyRequest(number), "powerOfAttorneyNotFound",
                PowerOfAttorney.class, exchange);
    }

    private static Element personRequest(String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return ShepXml.toElement(request);
    }

    private static Element legalEntityRequest(String bin) {
        LegalEntityRequest request = new LegalEntityRequest();
        request.setBin(bin);
        return ShepXml.toElement(request);
    }

    private static Element powerOfAttorneyRequest(String number) {
        PowerOfAttorneyRequest request = new PowerOfAttorneyRequest();
        request.setNumber(number);
        return ShepXml.toElement(request);
    }

    /**
     * A signed answer about another record than the one asked for, the record or a not-found naming it, is the state
     * system's failure (SCE910): never passed on under the gateway's signature, nor taken for the asked record's. An
     * answer that names no request (its correlationId is optional) may be an old one about anybody, replayed. A look-up
     * answered without a document says nothing about anyone. The answer is one record naming one key: a second record
     * after it, or a second key in it, would be read by some reader (a JAXB reader keeps the last) as the answer.
     * The key's fields are the system's qaqpa.service.<id>.asked-key, so a state system configured in properties
     * alone is held to it as the three the gateway asks itself (fix15: before, only those three were). An answer whose
     * {@code data} holds no document, a plain value or nothing, names no key (the asked key is a child of the answer's
     * document, AskedKey): refused alike (session 31: before, a forwarded look-up's was passed on as a match for any
     * request).
     */
    private static void requireAboutTheAsked(String serviceId, Endpoint target, Element query, Element answered) {
        AskedKey key = target.askedKey();
        if (answered == null) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " answered no document naming the"
                    + " asked " + key.answerField() + " (a plain value, or nothing)");
        }
        String asked = onlyKey(query, key.requestField());
        String named = Objects.equals(query.getNamespaceURI(), answered.getNamespaceURI())
                && Dom.nextSiblingElement(answered) == null ? onlyKey(answered, key.answerField()) : null;
        if (asked == null || !asked.equals(named)) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " answered about another "
                    + key.answerField() + " than the one asked");
        }
    }

    /**
     * The trimmed text of the one child {@code field} of {@code document}, in the document's namespace; null where it
     * has none, or more than one child of that name in any namespace.
     */
    private static String onlyKey(Element document, String field) {
        String key = null;
        int count = 0;
        for (Element e = Dom.firstChildElement(document); e != null; e = Dom.nextSiblingElement(e)) {
            if (field.equals(e.getLocalName())) {
                count++;
                key = Objects.equals(document.getNamespaceURI(), e.getNamespaceURI()) ? e.getTextContent().trim() : null;
            }
        }
        return count == 1 ? key : null;
    }

    /**
     * Empty only when the system says so with its not-found element about the asked key; the record only as the
     * type's element (the query's namespace): any other answer is the system's failure, SCE910, never the citizen's.
     */
    private <T> Optional<T> ask(String serviceId, Element query, String notFound, Class<T> type, Exchange exchange) {
        String messageId = UUID.randomUUID().toString();
        SendMessage message = SyncMessages.sendMessage(messageId, serviceId, sessionId(exchange), gatewaySenderId,
                null, query);
        Element answer = ownAnswer(serviceId, call(serviceId, message, messageId, exchange), exchange);
        requireAboutTheAsked(serviceId, endpoint(serviceId), query, answer);
        if (notFound.equals(answer.getLocalName())) {
            return Optional.empty();
        }
        String record = type.getAnnotation(XmlRootElement.class).name();
        try {
            if (!record.equals(answer.getLocalName())) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "<" + answer.getLocalName() + ">, not <" + record
                        + "> or <" + notFound + ">");
            }
            return Optional.of(ShepXml.fromNode(answer, type));
        } catch (ShepException e) {
            LOG.warn("session {} {} answered what is not a {}: {}", sessionId(exchange), serviceId, type.getSimpleName(),
                    e.getMessage());
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " gave an answer that cannot be read");
        }
    }

    /**
     * The document of an answer to the gateway's own look-up, checked as a forwarded look-up's answer is (the sync
     * contract, the state system's schema of xsd/, inline or as escaped text): one that fails them (a record person.xsd
     * refuses, text that cannot be read: a DTD, too deep) is the system's failure, SCE910, and the regulation's step
     * records it for its refusal branch (StateDatabaseCondition), never an internal error. Session 31: before, the
     * gateway's own look-ups read the answer with JAXB alone, which takes what the schema refuses (a gender no schema
     * allows, a missing name).
     */
    private Element ownAnswer(String serviceId, Element answer, Exchange exchange) {
        try {
            return answerDocument(lookUpAnswer(answer));
        } catch (ShepException e) {
            LOG.warn("session {} {} answered what its schema does not allow: {}", sessionId(exchange), serviceId,
                    e.getMessage());
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " gave an answer that cannot be read"
                    + " as its schema has it");
        }
    }

    /**
     * One call to a state system. Whatever goes wrong there (no answer, a fault, an answer that is not signed by
     * that system) reaches our caller as SCE910 naming the service; the details go to the log only.
     */
    private Element call(String serviceId, Object message, String messageId, Exchange exchange) {
        Endpoint target = endpoint(serviceId);
        try {
            return answering(limit.call(serviceId, () -> target.client().call(target.url(), message,
                    logged(target, serviceId, exchange))), messageId, sessionId(exchange));
        } catch (SignedSoapClient.RemoteFault e) {
            throw refused(serviceId, target, e, exchange);
        } catch (ShepException e) {
            throw unavailable(serviceId, target, e, exchange);
        }
    }

    /** A state system's fault as the system's failure (SCE910), naming what it said if anything. */
    private static ShepException refused(String serviceId, Endpoint target, SignedSoapClient.RemoteFault e,
                                         Exchange exchange) {
        LOG.warn("session {} {} at {} answered a fault: {}", sessionId(exchange), serviceId, target.url(),
                e.getMessage());
        return new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " refused the look-up: "
                + (e.error() == null ? "no detail" : e.error().getErrorCode() + " " + e.error().getErrorMessage()));
    }

    /**
     * Both signed messages of a call go into the message chain with the inbound message they serve, right after it
     * (the same transaction, so a look-up costs no commit of its own), under its session.
     */
    private SignedSoapClient.Exchanged logged(Endpoint target, String serviceId, Exchange exchange) {
        return (sent, answer, signer) -> channelLog.calls(exchange, callRecords(target, serviceId, sessionId(exchange),
                sent, answer, signer));
    }

    /** The session the channel gate gave the inbound message (the one place it is read from here). */
    private static String sessionId(Exchange exchange) {
        return exchange.getVariable("sessionId", String.class);
    }

    private static MessageChain.Message[] callRecords(Endpoint target, String serviceId, String sessionId, byte[] sent,
                                                      byte[] answer, X509Certificate signer) {
        return new MessageChain.Message[] {
                new MessageChain.Message(MessageChain.OUT, MessageChain.STATE_CALL, serviceId, target.url(), sessionId,
                        null, target.client().signer(), sent),
                new MessageChain.Message(MessageChain.IN, MessageChain.STATE_ANSWER, serviceId, target.url(), sessionId,
                        null, signer, answer)};
    }

    private static ShepException unavailable(String serviceId, Endpoint target, ShepException e, Exchange exchange) {
        // the cause, under the session whose fault (SCE910) follows
        LOG.warn("session {} {} at {} failed: {} {}", sessionId(exchange), serviceId, target.url(), e.code().code(),
                e.getMessage());
        return new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " did not answer usably; try later");
    }

    private Endpoint endpoint(String serviceId) {
        Endpoint endpoint = endpoints.get(serviceId);
        if (endpoint == null) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "no adapter is configured for service '" + serviceId + "'");
        }
        return endpoint;
    }
}
