package kz.qaqpa.catalogue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.xml.namespace.QName;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.regulation.DocumentSchemas;
import kz.qaqpa.regulation.Norm;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * The catalogue as JSON: the list of services, and one service with its regulation facts, channels, steps (ids,
 * descriptions, norms as written and parsed), documents with links to their schemas, result signer, observers and the
 * systems keeping the consumer's history. Configuration facts (result signer, observers, history) are read from the
 * configuration, not repeated in route files.
 */
public final class CatalogueJson {
    /** The step variable that names a step's result documents (comma-separated local names). */
    static final String RESULT_DOCUMENTS = "resultDocuments";
    /** The main route's variable naming the application document as {namespace}local. */
    static final String DOCUMENT = "document";
    static final String TOTAL_TERM = "totalTerm";
    private final DocumentSchemas schemas;
    private final Function<String, String> configuration;
    private final String baseUrl;

    /** @param baseUrl where the gateway is reached (qaqpa.public-url), for the links */
    public CatalogueJson(DocumentSchemas schemas, Function<String, String> configuration, String baseUrl) {
        this.schemas = schemas;
        this.configuration = configuration;
        this.baseUrl = baseUrl;
    }

    public String list(List<ServiceEntry> entries) {
        JsonArray services = new JsonArray();
        for (ServiceEntry e : entries) {
            JsonObject s = new JsonObject();
            s.put("serviceId", e.serviceId());
            s.put("kind", e.kind());
            s.put("title", e.facts().getOrDefault("title", e.description()));
            s.put("channels", new JsonArray(new ArrayList<>(e.channels().keySet())));
            s.put("link", baseUrl + "/catalogue/" + e.serviceId());
            services.add(s);
        }
        JsonObject root = new JsonObject();
        root.put("services", services);
        return Jsoner.prettyPrint(Jsoner.serialize(root), 2);
    }

    public String service(ServiceEntry e) {
        JsonObject s = new JsonObject();
        s.put("serviceId", e.serviceId());
        s.put("kind", e.kind());
        s.put("route", e.route());
        s.put("description", e.description());
        s.put("regulation", regulation(e));
        s.put(TOTAL_TERM, e.facts().containsKey(TOTAL_TERM) ? norm(e.facts().get(TOTAL_TERM)) : null);
        configured(e.serviceId(), s);
        documents(e, s);
        s.put("channels", channels(e));
        s.put("sharedRoutes", routes(e.routes().stream().filter(r -> r.channel() == null).toList()));
        return Jsoner.prettyPrint(Jsoner.serialize(s), 2);
    }

    /** The regulation's facts the route files state, the total term apart. */
    private static JsonObject regulation(ServiceEntry e) {
        JsonObject regulation = new JsonObject();
        e.facts().forEach((name, value) -> {
            if (!TOTAL_TERM.equals(name)) {
                regulation.put(name, value);
            }
        });
        return regulation;
    }

    /** What the configuration says of the service: who signs its results, who is told, who provides it where. */
    private void configured(String serviceId, JsonObject into) {
        // a list: the regulation may have the employees of more than one body sign (seed 003's ЖАО)
        JsonArray signers = csv("qaqpa.service." + serviceId + ".result-signer-bin");
        into.put("resultSignerBins", signers);
        // deprecated, for one release (session 63): a client built before session 61 reads this one БИН; none where the
        // list has more, as such a client would take the first for the only signer and refuse the others' results
        into.put("resultSignerBin", signers.size() == 1 ? signers.get(0) : null);
        into.put("observers", csv("qaqpa.service." + serviceId + ".observers"));
        into.put("history", csv("qaqpa.service." + serviceId + ".history"));
        into.put("providerSystems",
                senders(sender -> listedWithExtra("qaqpa.sender." + sender + ".receives", serviceId)));
        into.put("providerLocalities", providerLocalities(serviceId));
        into.put("resultSignerLocalities", resultSignerLocalities(serviceId));
        into.put("resultSignerLocalityResults",
                csv("qaqpa.service." + serviceId + ".result-signer-locality-results"));
    }

    /** Each channel with the systems that submit on it and its routes. */
    private JsonArray channels(ServiceEntry e) {
        JsonArray channels = new JsonArray();
        e.channels().forEach((channel, routes) -> {
            JsonObject c = new JsonObject();
            c.put("channel", channel);
            // a system submits on this channel for this service only when it is granted both
            c.put("senders", senders(sender -> listed("qaqpa.sender." + sender + ".channels", channel)
                    && listedWithExtra("qaqpa.sender." + sender + ".services", e.serviceId())));
            c.put("routes", routes(routes));
            channels.add(c);
        });
        return channels;
    }

    /** The application document and the result documents, each with the URL of the schema that declares it. */
    private void documents(ServiceEntry e, JsonObject into) {
        JsonArray documents = new JsonArray();
        Set<String> schemaLinks = new LinkedHashSet<>();
        String application = e.setting(DOCUMENT);
        String namespace = null;
        if (application != null) {
            QName name = QName.valueOf(application);
            namespace = name.getNamespaceURI();
            documents.add(document("application", name.getNamespaceURI(), name.getLocalPart(), schemaLinks));
        }
        for (String result : e.stepValues(RESULT_DOCUMENTS)) {
            documents.add(document("result", namespace, result, schemaLinks));
        }
        into.put("documents", documents);
        into.put("schemas", new JsonArray(new ArrayList<>(schemaLinks)));
    }

    private JsonObject document(String role, String namespace, String localName, Set<String> schemaLinks) {
        JsonObject d = new JsonObject();
        d.put("role", role);
        d.put("element", localName);
        d.put("namespace", namespace);
        String link = schemas.declaring(namespace, localName).map(s -> baseUrl + "/xsd/" + s.fileName()).orElse(null);
        d.put("schema", link);
        if (link != null) {
            schemaLinks.add(link);
        }
        return d;
    }

    private JsonArray routes(List<RouteFlow> routes) {
        JsonArray array = new JsonArray();
        for (RouteFlow r : routes) {
            JsonObject o = new JsonObject();
            o.put("id", r.id());
            o.put("description", r.description());
            JsonObject settings = new JsonObject();
            r.settings().forEach((k, v) -> {
                if (!k.startsWith(ServiceCatalogue.FACT_PREFIX)) {
                    settings.put(k, v);
                }
            });
            o.put("settings", settings);
            JsonArray steps = new JsonArray();
            steps(r.nodes(), List.of(), steps);
            o.put("steps", steps);
            array.add(o);
        }
        return array;
    }

    /** Steps in route order, each with the conditions it runs under. */
    private void steps(List<RouteFlow.Node> nodes, List<String> when, JsonArray into) {
        for (RouteFlow.Node node : nodes) {
            if (node instanceof RouteFlow.Step step) {
                JsonObject o = new JsonObject();
                o.put("id", step.id());
                o.put("description", step.description());
                o.put("norm", step.norm() == null || step.norm().isBlank() ? null : norm(step.norm()));
                o.put("when", new JsonArray(when));
                o.put("variables", new JsonObject(step.variables()));
                into.add(o);
                steps(step.nodes(), when, into);
            } else if (node instanceof RouteFlow.Branch branch) {
                List<String> previous = new ArrayList<>();
                for (RouteFlow.Guard guard : branch.guards()) {
                    List<String> path = new ArrayList<>(when);
                    path.add(guard.condition() != null ? guard.condition() : "not (" + String.join(") and not (", previous) + ")");
                    steps(guard.nodes(), path, into);
                    previous.add(guard.condition());
                }
            }
        }
    }

    /**
     * A norm as written, and parsed when {@link Norm} reads it: its record components by name, so the catalogue
     * follows whatever units Norm learns; a norm it cannot read yet is shown as written with the reason.
     */
    static JsonObject norm(String text) {
        JsonObject o = new JsonObject();
        o.put("text", text);
        try {
            Object parsed = Norm.parse(text);
            JsonObject fields = new JsonObject();
            if (parsed.getClass().isRecord()) {
                for (RecordComponent c : parsed.getClass().getRecordComponents()) {
                    Object value = c.getAccessor().invoke(parsed);
                    fields.put(c.getName(), value instanceof Boolean || value instanceof Number || value == null
                            ? value : String.valueOf(value));
                }
            } else {
                fields.put("value", String.valueOf(parsed));
            }
            o.put("parsed", fields);
        } catch (RuntimeException | ReflectiveOperationException unreadable) {
            o.put("parsed", null);
            o.put("unparsed", String.valueOf(unreadable.getMessage()));
        }
        return o;
    }

    /** The registered sender systems (qaqpa.senders) that match. */
    private JsonArray senders(Predicate<String> matches) {
        JsonArray senders = new JsonArray();
        csv("qaqpa.senders").stream().map(String::valueOf).filter(matches).forEach(senders::add);
        return senders;
    }

    /**
     * Where a service has several providers (qaqpa.sender.<id>.localities), each provider's localities and the
     * organisation whose employees sign its results; empty for a service whose providers list no localities.
     */
    private JsonArray providerLocalities(String serviceId) {
        JsonArray providers = new JsonArray();
        for (Object sender : senders(id -> listedWithExtra("qaqpa.sender." + id + ".receives", serviceId))) {
            JsonArray localities = csv("qaqpa.sender." + sender + ".localities");
            if (!localities.isEmpty()) {
                JsonObject p = new JsonObject();
                p.put("senderId", sender);
                p.put("localities", localities);
                p.put("resultSignerBin", single("qaqpa.sender." + sender + ".result-signer-bin"));
                providers.add(p);
            }
        }
        return providers;
    }

    /**
     * Where a service's results are signed by the signer of the application's locality (seed 004 S2: the district's
     * akim; qaqpa.service.<id>.result-signer-localities), each locality and the organisation whose employees sign.
     */
    private JsonArray resultSignerLocalities(String serviceId) {
        JsonArray signers = new JsonArray();
        String prefix = "qaqpa.service." + serviceId + ".";
        for (Object locality : csv(prefix + "result-signer-localities")) {
            JsonObject l = new JsonObject();
            l.put("locality", locality);
            l.put("resultSignerBin", single(prefix + "locality." + locality + ".result-signer-bin"));
            signers.add(l);
        }
        return signers;
    }

    private boolean listed(String key, String value) {
        return csv(key).contains(value);
    }

    /** Whether the list {@code key} or its additive form (key.extra, Settings.listWithExtra) names {@code value}. */
    private boolean listedWithExtra(String key, String value) {
        return Settings.listWithExtra(key, configuration, Settings.Empty.NONE).contains(value);
    }

    /**
     * The list setting {@code key}'s items, read by the gateway's one rule (Settings.list); an empty list the start
     * refuses never reaches the catalogue, so it reads no item as none.
     */
    private JsonArray csv(String key) {
        return new JsonArray(Settings.list(key, configuration.apply(key), Settings.Empty.NONE));
    }

    /** The single setting {@code key} by the gateway's one rule (Settings.single); null when absent (or empty). */
    private String single(String key) {
        return Settings.single(key, configuration.apply(key), Settings.Empty.NONE);
    }
}
