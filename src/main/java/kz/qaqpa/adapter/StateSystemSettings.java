package kz.qaqpa.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.namespace.QName;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.ServiceZones;
import kz.qaqpa.channel.SignedClients;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.registry.ServiceRegistry;

/**
 * The state databases the regulations ask, as configured (qaqpa.adapter.*): every service on the sync channel, called
 * at most so many at once. Read once, before anything is made in the data directory ({@link #read}, ops61: a setting
 * the gateway refuses is refused then); their clients are made once the channels are built ({@link #registries}).
 */
public final class StateSystemSettings {
    /** Each sync service's state system, by serviceId in the registry's order. */
    private final Map<String, Configured> systems;
    private final String senderId;
    private final StateCallLimit callLimit;

    private StateSystemSettings(Map<String, Configured> systems, String senderId, StateCallLimit callLimit) {
        this.systems = systems;
        this.senderId = senderId;
        this.callLimit = callLimit;
    }

    /** Every sync service's state system settings, each refused by name when the gateway cannot use it. */
    public static StateSystemSettings read(Settings s, ServiceRegistry services) {
        Map<String, Configured> systems = new LinkedHashMap<>();
        services.servedOn(ServiceRegistry.SYNC).forEach(serviceId -> systems.put(serviceId, configured(s, serviceId)));
        StateCallLimit callLimit = new StateCallLimit(s.integer("qaqpa.adapter.max-calls-at-once"),
                s.duration("qaqpa.adapter.call-wait"));
        return new StateSystemSettings(systems, s.get("qaqpa.sender-id"), callLimit);
    }

    /** The state systems as read, each called through a client of {@code clients} answered by its organisation. */
    public StateRegistries registries(SignedClients clients, ChannelLog channelLog, ContractSchemas schemas,
                                      ServiceZones zones) {
        Map<String, StateRegistries.Endpoint> endpoints = new LinkedHashMap<>();
        systems.forEach((serviceId, system) -> endpoints.put(serviceId, system.endpoint(clients)));
        return new StateRegistries(endpoints, senderId, channelLog, schemas, callLimit, zones);
    }

    /** Each state system's address by serviceId, for /health. */
    public static Map<String, String> urls(StateRegistries registries) {
        Map<String, String> urls = new TreeMap<>();
        registries.endpoints().forEach((serviceId, endpoint) -> urls.put(serviceId, endpoint.url()));
        return urls;
    }

    /** A state system as its settings give it, before a client is made for it. */
    private record Configured(String url, String bin, QName request, AskedKey askedKey) {
        StateRegistries.Endpoint endpoint(SignedClients clients) {
            return new StateRegistries.Endpoint(url, clients.answeredBy(bin, FaultCode.STATE_SYSTEM_UNAVAILABLE),
                    request, askedKey);
        }
    }

    /**
     * A state system answers only signed by its own organisation (qaqpa.adapter.<serviceId>.bin), is asked only with
     * its request document (qaqpa.service.<serviceId>.request-element), and answers only about the key asked
     * (qaqpa.service.<serviceId>.asked-key): a sync service without one of them does not start.
     */
    private static Configured configured(Settings s, String serviceId) {
        String prefix = "qaqpa.adapter." + serviceId;
        QName request = requestElement(s, serviceId);
        String askedKey = "qaqpa.service." + serviceId + ".asked-key";
        // a typo would start a gateway whose every look-up of the service is refused as signed by another БИН
        String bin = Settings.identificationNumber(prefix + ".bin", s.get(prefix + ".bin"), Settings.Empty.REFUSED);
        return new Configured(Settings.url(prefix + ".url", s.get(prefix + ".url")), bin, request,
                AskedKey.parse(askedKey, s.get(askedKey)));
    }

    /** The element a look-up of a sync service is written as, {namespace}localName. */
    private static QName requestElement(Settings s, String serviceId) {
        String key = "qaqpa.service." + serviceId + ".request-element";
        String value = s.get(key);
        QName element = value.startsWith("{") && value.indexOf('}') > 1 ? QName.valueOf(value) : null;
        if (element == null || element.getLocalPart().isBlank()) {
            throw new IllegalStateException(key + " must name the request document as {namespace}localName, not '"
                    + value + "'");
        }
        return element;
    }
}
