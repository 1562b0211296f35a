package kz.qaqpa.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;

/**
 * Who signs a service's results: employees of its organisations (their БИНs: one, or more where the regulation has
 * the result signed by the employees of more than one body, seed 003's ЖАО) and, where the regulation names the
 * person, only those ИИНs. By default the service's own ({@code qaqpa.service.<id>.result-signer-bin}, a list, and
 * {@code -iins}), or the
 * provider system's own organisation where it has one ({@link ProviderDirectory}, seed 001). Where the regulation
 * has the result signed by the head of the application's locality while one provider system passes the results on
 * (seed 004 S2 para 8.3: the akim of the district signs the order), the service lists the localities it has a signer
 * for ({@code qaqpa.service.<id>.result-signer-localities}), each with
 * {@code qaqpa.service.<id>.locality.<code>.result-signer-bin} and {@code -iins}; the application names its locality
 * in the route's {@code field.locality}. Such an application without a locality that has a signer is refused (SCE036):
 * nobody could sign its result. Where the locality's signer signs only some of the results
 * ({@code qaqpa.service.<id>.result-signer-locality-results}, result document names; seed 004 S2: the akim signs the
 * order, not the provider's refusal), the others are signed as by default; absent, the locality's signer signs all.
 */
public final class ResultSigners {
    /**
     * The organisations whose employees sign (their БИНs in the order written; empty: none configured), and the persons
     * among them who may (empty: any employee).
     */
    public record Signer(List<String> bins, Set<String> iins) {
        public Signer {
            bins = List.copyOf(bins);
            iins = Set.copyOf(iins);
        }

        public boolean allows(String iin) {
            return iins.isEmpty() || iins.contains(iin);
        }

        /** Whether an employee of the organisation {@code bin} signs. */
        public boolean employs(String bin) {
            return bin != null && bins.contains(bin);
        }

        /** The БИНs as a fault message names them: "990540001228" or "990540001228 or 990540003707". */
        public String binsText() {
            return String.join(" or ", bins);
        }
    }

    private final Map<String, Signer> services;
    private final Map<String, Map<String, Signer>> byLocality;
    /** Per service signed per locality, the results its locality's signer signs (absent: all of them). */
    private final Map<String, Set<String>> localityResults;
    private final ProviderDirectory providers;

    public ResultSigners(Map<String, Signer> services, Map<String, Map<String, Signer>> byLocality,
                         Map<String, Set<String>> localityResults, ProviderDirectory providers) {
        this.services = Map.copyOf(services);
        this.byLocality = Map.copyOf(byLocality);
        this.localityResults = Map.copyOf(localityResults);
        this.providers = providers;
    }

    public static ResultSigners fromProperties(List<String> serviceIds, Function<String, String> property,
                                               ProviderDirectory providers) {
        Map<String, Signer> services = new HashMap<>();
        Map<String, Map<String, Signer>> byLocality = new HashMap<>();
        Map<String, Set<String>> localityResults = new HashMap<>();
        for (String serviceId : serviceIds) {
            String prefix = "qaqpa.service." + serviceId + ".";
            services.put(serviceId, signer(property, prefix));
            Map<String, Signer> localities = localitySigners(property, prefix);
            if (!localities.isEmpty()) {
                byLocality.put(serviceId, localities);
            }
            List<String> results = localityResults(property, prefix + "result-signer-locality-results");
            if (!results.isEmpty()) {
                localityResults.put(serviceId, Set.copyOf(results));
            }
        }
        return new ResultSigners(services, byLocality, localityResults, providers);
    }

    /**
     * The results a locality's signer signs; none named (the setting absent) means all of them. The setting written
     * with no name is refused: an operator who writes it means some results, and "none" would read as "all".
     */
    private static List<String> localityResults(Function<String, String> property, String key) {
        return Settings.list(key, property.apply(key), Settings.Empty.REFUSED);
    }

    private static Map<String, Signer> localitySigners(Function<String, String> property, String prefix) {
        Map<String, Signer> localities = new HashMap<>();
        // written empty: no locality signs, as when left out
        String key = prefix + "result-signer-localities";
        for (String locality : Settings.list(key, property.apply(key), Settings.Empty.NONE)) {
            localities.put(locality, localitySigner(property, prefix + "locality." + locality + "."));
        }
        return Map.copyOf(localities);
    }

    /**
     * A locality's signer is one organisation (the catalogue prints its {@code resultSignerBin} as one БИН; session
     * 61's list is the service's): a list is refused at start naming the key (review62: it was taken as a list and
     * printed in the catalogue as the one string "A,B").
     */
    private static Signer localitySigner(Function<String, String> property, String prefix) {
        Signer signer = signer(property, prefix);
        if (signer.bins().size() > 1) {
            throw new IllegalStateException(prefix + "result-signer-bin names " + signer.bins().size() + " БИНs: a"
                    + " locality's results are signed by one organisation, name its БИН alone");
        }
        return signer;
    }

    /**
     * At start: a service's {@code result-signer-locality-results} names results of that service ({@code resultsOf}:
     * those its routes take) and the service has its results signed per locality; a misspelt name, or one on a
     * service no locality signs for, would leave the result it meant signed by the service's signer, unnoticed.
     */
    public void requireResultsOfTheService(Function<String, Set<String>> resultsOf) {
        localityResults.forEach((serviceId, named) -> {
            String key = "qaqpa.service." + serviceId + ".result-signer-locality-results";
            if (!perLocality(serviceId)) {
                throw new IllegalStateException(key + " names results a locality's signer signs, but no locality"
                        + " signs the service's results (no qaqpa.service." + serviceId + ".result-signer-localities)");
            }
            Set<String> unknown = new TreeSet<>(named);
            unknown.removeAll(resultsOf.apply(serviceId));
            if (!unknown.isEmpty()) {
                throw new IllegalStateException(key + " names " + unknown + ", not results of the service (its"
                        + " routes take " + new TreeSet<>(resultsOf.apply(serviceId)) + ")");
            }
        });
    }

    /** Whether the service's results are signed by the signer of the application's locality. */
    public boolean perLocality(String serviceId) {
        return byLocality.containsKey(serviceId);
    }

    /** At intake: an application of a service signed per locality must name a locality that has a signer. */
    public void requireSignerFor(String serviceId, String locality) {
        if (perLocality(serviceId)) {
            ofLocality(serviceId, locality);
        }
    }

    /**
     * The signer of the result {@code result} (a document's name; null: any) of {@code serviceId} that provider
     * {@code providerId} sends for an application of {@code locality}.
     */
    public Signer of(String serviceId, String providerId, String locality, String result) {
        if (signedByLocality(serviceId, result)) {
            return ofLocality(serviceId, locality);
        }
        Signer service = services.getOrDefault(serviceId, new Signer(List.of(), Set.of()));
        // a provider system with its own signing organisation signs as that one, else as the service says
        String providersOwn = providers.resultSignerBin(providerId, null);
        return providersOwn == null ? service : new Signer(List.of(providersOwn), service.iins());
    }

    /** Whether the locality's signer signs {@code result} of the service (null: a result of any kind). */
    public boolean signedByLocality(String serviceId, String result) {
        Set<String> results = localityResults.get(serviceId);
        return perLocality(serviceId) && (results == null || result == null || results.contains(result));
    }

    private Signer ofLocality(String serviceId, String locality) {
        Map<String, Signer> signers = byLocality.get(serviceId);
        Signer signer = locality == null ? null : signers.get(locality);
        if (signer == null) {
            throw new ShepException(FaultCode.NO_PROVIDER_FOR_LOCALITY, "the results of service '" + serviceId
                    + "' are signed by the signer of the application's locality; " + (locality == null
                    ? "the application names no locality" : "locality '" + locality + "' has no signer")
                    + " (localities with a signer: " + new TreeSet<>(signers.keySet()) + ")");
        }
        return signer;
    }

    private static Signer signer(Function<String, String> property, String prefix) {
        // written empty, no organisation would sign: every result refused, the operator's mistake named at start
        String bins = prefix + "result-signer-bin";
        // left out, any employee of the БИНs signs: written empty, "nobody" would read as "anybody"
        String iins = prefix + "result-signer-iins";
        return new Signer(Settings.identificationNumbers(bins, property.apply(bins), Settings.Empty.REFUSED),
                Set.copyOf(Settings.identificationNumbers(iins, property.apply(iins), Settings.Empty.REFUSED)));
    }
}
