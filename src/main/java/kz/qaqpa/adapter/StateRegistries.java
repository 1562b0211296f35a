package kz.qaqpa.adapter;

import java.util.Map;
import java.util.Optional;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.Replies;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.common.SenderInfo;
import kz.qaqpa.contract.sync.request.RequestData;
import kz.qaqpa.contract.sync.request.SyncSendMessageRequest;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.contract.sync.types.SyncMessageInfo;
import kz.qaqpa.document.person.Person;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.document.poa.PowerOfAttorney;
import kz.qaqpa.document.poa.PowerOfAttorneyRequest;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * Adapters to the state databases (ГБД ФЛ persons, ЕНИС powers of attorney). Each is reached over the ШЭП sync
 * channel at its configured URL, signed with the gateway's key, its answers accepted only with a valid signature.
 */
public final class StateRegistries {
    public static final String PERSONS = "GBDFL_PERSON";
    public static final String POWERS_OF_ATTORNEY = "ENIS_POWER_OF_ATTORNEY";
    private final Map<String, Endpoint> endpoints;
    private final String gatewaySenderId;

    /** A state system's ШЭП endpoint and the client that accepts only that system's signed answers. */
    public record Endpoint(String url, SignedSoapClient client) {
    }

    public StateRegistries(Map<String, Endpoint> endpoints, String gatewaySenderId) {
        this.endpoints = Map.copyOf(endpoints);
        this.gatewaySenderId = gatewaySenderId;
    }

    /** Sync channel pass-through: the caller's request goes to the service's system, its answer comes back. */
    public void forward(Exchange exchange) {
        Inbound in = exchange.getVariable(Inbound.VARIABLE, Inbound.class);
        SendMessage request = (SendMessage) in.request();
        SyncMessageInfo info = request.getRequest().getRequestInfo();
        info.setSessionId(in.sessionId());
        // the caller's gateway password is between it and us; the state system trusts the gateway's signature
        if (info.getSender() != null) {
            info.getSender().setPassword(null);
        }
        Endpoint target = endpoint(info.getServiceId());
        Element answer = target.client().call(target.url(), request);
        exchange.setVariable(Replies.REPLY, answer);
    }

    public Optional<Person> person(String iin) {
        PersonRequest request = new PersonRequest();
        request.setIin(iin);
        return ask(PERSONS, ShepXml.toElement(request)).filter(e -> "person".equals(e.getLocalName()))
                .map(e -> ShepXml.fromNode(e, Person.class));
    }

    public Optional<PowerOfAttorney> powerOfAttorney(String number) {
        PowerOfAttorneyRequest request = new PowerOfAttorneyRequest();
        request.setNumber(number);
        return ask(POWERS_OF_ATTORNEY, ShepXml.toElement(request)).filter(e -> "powerOfAttorney".equals(e.getLocalName()))
                .map(e -> ShepXml.fromNode(e, PowerOfAttorney.class));
    }

    private Optional<Element> ask(String serviceId, Element query) {
        SyncMessageInfo info = new SyncMessageInfo();
        info.setMessageId(java.util.UUID.randomUUID().toString());
        info.setServiceId(serviceId);
        info.setMessageDate(SoapEnvelopes.now());
        info.setSessionId(SessionIds.next());
        SenderInfo sender = new SenderInfo();
        sender.setSenderId(gatewaySenderId);
        info.setSender(sender);
        RequestData data = new RequestData();
        data.setData(ShepXml.dataElement(query));
        SyncSendMessageRequest request = new SyncSendMessageRequest();
        request.setRequestInfo(info);
        request.setRequestData(data);
        SendMessage message = new SendMessage();
        message.setRequest(request);
        Element answer;
        try {
            Endpoint target = endpoint(serviceId);
            answer = target.client().call(target.url(), message);
        } catch (SignedSoapClient.RemoteFault e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, serviceId + " refused the look-up: " + e.getMessage());
        }
        return Optional.ofNullable(ShepXml.dataContent(answer));
    }

    private Endpoint endpoint(String serviceId) {
        Endpoint endpoint = endpoints.get(serviceId);
        if (endpoint == null) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "no adapter is configured for service '" + serviceId + "'");
        }
        return endpoint;
    }
}
