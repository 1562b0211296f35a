package kz.qaqpa.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import kz.qaqpa.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the gateway serves and talks to, as configured: the sender systems (qaqpa.sender.*), the services
 * (qaqpa.services, qaqpa.service.*), the providers by locality and who signs each service's results.
 */
public record Registries(List<String> serviceIds, SenderRegistry senders, ServiceRegistry services,
                         ProviderDirectory providers, ResultSigners resultSigners) {
    private static final Logger LOG = LoggerFactory.getLogger(Registries.class);

    public static Registries fromSettings(Settings s) {
        SenderRegistry senders = SenderRegistry.fromProperties(s::getOrNull);
        ServiceRegistry services = ServiceRegistry.fromProperties(s::getOrNull);
        List<String> serviceIds = serviceIds(s);
        requireServedAdditions(s, senders, serviceIds);
        warnOfRepeatedAdditions(s, senders);
        ProviderDirectory providers = ProviderDirectory.fromProperties(senders, s::getOrNull);
        return new Registries(serviceIds, senders, services, providers,
                ResultSigners.fromProperties(serviceIds, s::getOrNull, providers));
    }

    /**
     * Ours (regs65): what a sender's additive form adds (qaqpa.sender.<id>.services.extra, .receives.extra) is a
     * service the gateway serves: a misspelt one would be a grant of nothing, or a provider never sent the applications
     * it was meant to take. The lists written whole are not held to it: a service taken out of qaqpa.services may stay
     * in them while its applications in flight end (InFlightCheck).
     */
    private static void requireServedAdditions(Settings s, SenderRegistry senders, List<String> serviceIds) {
        for (String list : senderLists(senders)) {
            String key = list + Settings.EXTRA;
            for (String service : s.list(key, Settings.Empty.NONE)) {
                if (!serviceIds.contains(service)) {
                    throw new IllegalStateException(key + " names " + service + ", which is no service of"
                            + " qaqpa.services (or qaqpa.services.extra)");
                }
            }
        }
    }

    /** An additive item its list has already, or names twice: taken once, said once at the start (Settings). */
    private static void warnOfRepeatedAdditions(Settings s, SenderRegistry senders) {
        List<String> lists = new ArrayList<>(List.of("qaqpa.services"));
        lists.addAll(senderLists(senders));
        lists.forEach(key -> Settings.repeatedAdditions(key, s::getOrNull).forEach(LOG::warn));
    }

    /**
     * The senders' lists that have an additive form: each sender's services (grants) and receives (provisions), the
     * senders in sorted order: their ids are a Map.copyOf's keys, whose order changes from one JVM to the next, so
     * which sender a refusal or WARN named first varied between two starts of the same file (review66 8d).
     */
    private static List<String> senderLists(SenderRegistry senders) {
        List<String> lists = new ArrayList<>();
        for (String sender : new TreeSet<>(senders.ids())) {
            lists.add("qaqpa.sender." + sender + ".services");
            lists.add("qaqpa.sender." + sender + ".receives");
        }
        return lists;
    }

    /** qaqpa.services and its additive form: a gateway written with no service would serve nothing. */
    private static List<String> serviceIds(Settings s) {
        return s.listWithExtra("qaqpa.services", Settings.Empty.REFUSED);
    }
}
