package kz.qaqpa.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Which provider system serves an application. A service usually has one provider (the sender whose
 * {@code qaqpa.sender.<id>.receives} names it). Where a regulation names several (seed 001 para 1: the district and
 * city education departments and the offices of the village and settlement akims of a region), each provider lists
 * the localities it serves ({@code qaqpa.sender.<id>.localities}, КАТО codes) and the application goes to the
 * provider of the locality it names (the route file's {@code field.locality}). A provider without localities serves
 * every locality its service has no other provider for: a single-provider service (seed 002) works as before.
 * A provider's results are signed by employees of {@code qaqpa.sender.<id>.result-signer-bin} where set, otherwise
 * of the service's {@code qaqpa.service.<serviceId>.result-signer-bin}.
 */
public final class ProviderDirectory {
    private final SenderRegistry senders;
    private final List<String> senderOrder;
    private final Map<String, Set<String>> localities;
    private final Map<String, String> signerBins;

    public ProviderDirectory(SenderRegistry senders, List<String> senderOrder, Map<String, Set<String>> localities,
                             Map<String, String> signerBins) {
        this.senders = senders;
        this.senderOrder = List.copyOf(senderOrder);
        this.localities = Map.copyOf(localities);
        this.signerBins = Map.copyOf(signerBins);
    }

    public static ProviderDirectory fromProperties(SenderRegistry senders, Function<String, String> property) {
        List<String> ids = Settings.list("qaqpa.senders", property.apply("qaqpa.senders"), Settings.Empty.REFUSED);
        Map<String, Set<String>> localities = new HashMap<>();
        Map<String, String> signerBins = new HashMap<>();
        for (String id : ids) {
            // written empty, "no locality" would read as every locality (the setting left out): refused
            String key = "qaqpa.sender." + id + ".localities";
            localities.put(id, Set.copyOf(Settings.list(key, property.apply(key), Settings.Empty.REFUSED)));
            // written empty, "no organisation of its own" would read as left out: the service's signer signs instead
            String binKey = "qaqpa.sender." + id + ".result-signer-bin";
            String bin = Settings.identificationNumber(binKey, property.apply(binKey), Settings.Empty.REFUSED);
            if (bin != null) {
                signerBins.put(id, bin);
            }
        }
        return new ProviderDirectory(senders, ids, localities, signerBins);
    }

    /** The provider systems of a service, in the order of {@code qaqpa.senders}. */
    public List<Sender> providersOf(String serviceId) {
        return senderOrder.stream().map(senders::find).flatMap(Optional::stream)
                .filter(s -> s.receives().contains(serviceId)).toList();
    }

    /** The localities a provider serves; empty = every locality no other provider of the service serves. */
    public Set<String> localitiesOf(String senderId) {
        return localities.getOrDefault(senderId, Set.of());
    }

    /**
     * The provider of an application of {@code serviceId} for {@code locality} (null when the route names no
     * locality field). Refused with SCE024 when no provider serves the locality.
     */
    public Sender providerFor(String serviceId, String locality) {
        List<Sender> providers = providersOf(serviceId);
        if (providers.isEmpty()) {
            throw new ShepException(FaultCode.UNKNOWN_SERVICE, "no provider system is registered for service '"
                    + serviceId + "'");
        }
        if (locality != null) {
            Optional<Sender> ofLocality = providers.stream()
                    .filter(p -> localitiesOf(p.id()).contains(locality)).findFirst();
            if (ofLocality.isPresent()) {
                return ofLocality.get();
            }
        }
        List<Sender> everywhere = providers.stream().filter(p -> localitiesOf(p.id()).isEmpty()).toList();
        if (everywhere.size() == 1) {
            return everywhere.get(0);
        }
        throw new ShepException(FaultCode.NO_PROVIDER_FOR_LOCALITY, locality == null
                ? "service '" + serviceId + "' has several providers and the application names no locality"
                : "no provider of service '" + serviceId + "' serves locality '" + locality + "' (providers: "
                + providers.stream().map(p -> p.id() + " " + localitiesOf(p.id())).collect(Collectors.joining(", ")) + ")");
    }

    /** The БИН whose employees sign the results this provider sends, or {@code serviceDefault}. */
    public String resultSignerBin(String providerId, String serviceDefault) {
        return signerBins.getOrDefault(providerId, serviceDefault);
    }
}
