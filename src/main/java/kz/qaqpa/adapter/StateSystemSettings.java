package kz.qaqpa.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.namespace.QName;
import kz.qaqpa.Settings;
import kz.qaqpa.channel.ChannelLog;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.ServiceZones;
import kz.qaqpa.channel.SignedClients;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.registry.ServiceRegistry;

/**
 * The state databases the regulations ask, as configured (qaqpa.adapter.*): every service on the sync channel, called
 * at most so many at once.
 */
public final class StateSystemSettings {
    private StateSystemSettings() {
    }

    public static StateRegistries fromSettings(Settings s, ServiceRegistry services, SignedClients clients,
                                               ChannelLog channelLog, ContractSchemas schemas, ServiceZones zones) {
        Map<String, StateRegistries.Endpoint> systems = new LinkedHashMap<>();
        services.servedOn(ServiceRegistry.SYNC)
                .forEach(serviceId -> systems.put(serviceId, endpoint(s, clients, serviceId)));
        return new StateRegistries(systems, s.get("qaqpa.sender-id"),
                channelLog, schemas, new StateCallLimit(s.integer("qaqpa.adapter.max-calls-at-once"),
                        s.duration("qaqpa.adapter.call-wait")), zones);
    }

    /** Each state system's address by serviceId, for /health. */
    public static Map<String, String> urls(StateRegistries registries) {
        Map<String, String> urls = new TreeMap<>();
        registries.endpoints().forEach((serviceId, endpoint) -> urls.put(serviceId, endpoint.url()));
        return urls;
    }

    /**
     * Every sync service's state system settings read, so that one the gateway refuses is refused before anything is
     * made in the data directory (ops61); {@link #fromSettings} reads them again once the clients are built.
     */
    public static void requireReadable(Settings s, ServiceRegistry services) {
        services.servedOn(ServiceRegistry.SYNC).forEach(serviceId -> configured(s, serviceId));
    }

    /** A state system as its settings give it, before a client is made for it. */
    private record Configured(String url, String bin, QName request, AskedKey askedKey) {
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
        return new Configured(Settings.url(prefix + ".url", s.get(prefix + ".url")), s.get(prefix + ".bin"), request,
                AskedKey.parse(askedKey, s.get(askedKey)));
    }

    private static StateRegistries.Endpoint endpoint(Settings s, SignedClients clients, String serviceId) {
        Configured system = configured(s, serviceId);
        return new StateRegistries.Endpoint(system.url(),
                clients.answeredBy(system.bin(), FaultCode.STATE_SYSTEM_UNAVAILABLE), system.request(),
                system.askedKey());
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
