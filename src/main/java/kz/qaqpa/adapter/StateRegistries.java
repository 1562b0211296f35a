package kz.qaqpa.adapter;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import jakarta.xml.bind.annotation.XmlRootElement;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.ServiceZones;
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
    /** The key the gateway's own look-ups are written with at start, to check their configuration against. */
    private static final String PROBE = "probe";
    private final Map<String, Endpoint> endpoints;
    private final String gatewaySenderId;
    private final ChannelLog channelLog;
    private final ServiceZones zones;
    private final ContractSchemas schemas;
    private final StateCallLimit limit;
    private final LookUpAnswers answers;

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
     * @param zones      dates the gateway's own look-ups in its zone (qaqpa.time-zone)
     */
    public StateRegistries(Map<String, Endpoint> endpoints, String gatewaySenderId, ChannelLog channelLog,
                           ContractSchemas schemas, StateCallLimit limit, ServiceZones zones) {
        this.zones = zones;
        this.endpoints = Map.copyOf(endpoints);
        this.gatewaySenderId = gatewaySenderId;
        this.channelLog = channelLog;
        this.schemas = schemas;
        this.limit = limit;
        this.answers = new LookUpAnswers(schemas);
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
            Element answer = LookUpAnswers.answering(answers.lookUpAnswer(limit.call(info.getServiceId(),
                    in.sender().id(), () -> target.client().call(target.url(), request,
                            logged(target, info.getServiceId(), exchange)))),
                    info.getMessageId(), info.getSessionId());
            Element answered = answers.answerDocument(answer);
            LookUpAnswers.requireAboutTheAsked(info.getServiceId(), target, in.businessDocument(), answered);
            exchange.setVariable(Replies.REPLY, answer);
        } catch (SignedSoapClient.RemoteFault e) {
            throw e.error() == null ? refused(info.getServiceId(), target, e, exchange) : e;
        } catch (FairTurns.NoTurn e) {
            throw noTurn(e, exchange);
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
                    + " in data, " + (sent == null ? "but data holds no document" : "not " + sent));
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
        if (!PROBE.equals(LookUpAnswers.onlyKey(own.request(), key.requestField()))
                || !PROBE.equals(LookUpAnswers.onlyKey(own.notFound(), key.answerField()))) {
            throw new IllegalStateException("qaqpa.service." + serviceId + ".asked-key is " + key + ", but the"
                    + " gateway asks " + serviceId + " by another field of <" + own.request().getLocalName()
                    + "> and <" + own.notFound().getLocalName() + ">");
        }
    }

    /**
     * A look-up and its answer are validated against the state system's schema (qaqpa.documents.schemas) only where
     * the schemas declare them: the gate's validation and {@link LookUpAnswers#lookUpAnswer}'s read {@code data} with a
     * lax wildcard, which lets an undeclared document through unchecked. A sync service whose request no schema declares
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
     * Empty only when the system says so with its not-found element about the asked key; the record only as the
     * type's element (the query's namespace): any other answer is the system's failure, SCE910, never the citizen's.
     */
    private <T> Optional<T> ask(String serviceId, Element query, String notFound, Class<T> type, Exchange exchange) {
        String messageId = UUID.randomUUID().toString();
        SendMessage message = SyncMessages.sendMessage(messageId, serviceId, sessionId(exchange), gatewaySenderId,
                null, query, zones.gatewayNow());
        Element answer = ownAnswer(serviceId, call(serviceId, message, messageId, exchange), exchange);
        LookUpAnswers.requireAboutTheAsked(serviceId, endpoint(serviceId), query, answer);
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
            return answers.answerDocument(answers.lookUpAnswer(answer));
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
            return LookUpAnswers.answering(limit.callOwn(serviceId, applyingSender(exchange), () -> target.client()
                    .call(target.url(), message, logged(target, serviceId, exchange))), messageId, sessionId(exchange));
        } catch (SignedSoapClient.RemoteFault e) {
            throw refused(serviceId, target, e, exchange);
        } catch (FairTurns.NoTurn e) {
            throw noTurn(e, exchange);
        } catch (ShepException e) {
            throw unavailable(serviceId, target, e, exchange);
        }
    }

    /**
     * Whose application the gateway's own look-up checks, for its share of the system's turns (attack47b): the inbound
     * message's authenticated sender; the gateway itself for a message not authenticated (none reaches a regulation's
     * condition so, but a missing sender must not fail the look-up).
     */
    private String applyingSender(Exchange exchange) {
        Inbound in = Inbound.of(exchange);
        return in == null || in.sender() == null ? gatewaySenderId : in.sender().id();
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

    /**
     * No turn for the call within qaqpa.adapter.call-wait (SCE910): passed on with its text, which names the caller's
     * share of the system's turns, where others hold them; the system was not called.
     */
    private static ShepException noTurn(FairTurns.NoTurn e, Exchange exchange) {
        LOG.warn("session {} {}", sessionId(exchange), e.getMessage());
        return e;
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
