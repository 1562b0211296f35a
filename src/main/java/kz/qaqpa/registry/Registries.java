package kz.qaqpa.registry;

import java.util.List;
import kz.qaqpa.settings.Settings;

/**
 * Who the gateway serves and talks to, as configured: the sender systems (qaqpa.sender.*), the services
 * (qaqpa.services, qaqpa.service.*), the providers by locality and who signs each service's results.
 */
public record Registries(List<String> serviceIds, SenderRegistry senders, ServiceRegistry services,
                         ProviderDirectory providers, ResultSigners resultSigners) {

    public static Registries fromSettings(Settings s) {
        SenderRegistry senders = SenderRegistry.fromProperties(s::getOrNull);
        ServiceRegistry services = ServiceRegistry.fromProperties(s::getOrNull);
        List<String> serviceIds = serviceIds(s);
        ProviderDirectory providers = ProviderDirectory.fromProperties(senders, s::getOrNull);
        return new Registries(serviceIds, senders, services, providers,
                ResultSigners.fromProperties(serviceIds, s::getOrNull, providers));
    }

    /** qaqpa.services: a gateway written with no service would serve nothing. */
    private static List<String> serviceIds(Settings s) {
        return s.list("qaqpa.services", Settings.Empty.REFUSED);
    }
}
