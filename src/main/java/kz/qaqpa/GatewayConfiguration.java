package kz.qaqpa;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.namespace.QName;
import kz.qaqpa.catalogue.CatalogueHttp;
import kz.qaqpa.catalogue.CatalogueJson;
import kz.qaqpa.catalogue.LoadedFlows;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.catalogue.ServiceCatalogue;
import kz.qaqpa.channel.ChannelHttpServer;
import kz.qaqpa.channel.ContractDocumentGuard;
import kz.qaqpa.channel.ContractSchemas;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.monitoring.JavaLogging;
import kz.qaqpa.regulation.AddedRouteFiles;
import kz.qaqpa.regulation.ChainStatuses;
import kz.qaqpa.regulation.ConsentCheckFields;
import kz.qaqpa.regulation.DocumentSchemas;
import kz.qaqpa.regulation.RegulationBlocks;
import kz.qaqpa.regulation.RegulationEngine;
import kz.qaqpa.regulation.RepeatedFieldPaths;
import kz.qaqpa.regulation.ResultCollector;
import kz.qaqpa.regulation.RouteConventions;
import kz.qaqpa.regulation.StepTerms;
import kz.qaqpa.regulation.TemplateParameters;
import kz.qaqpa.settings.KnownSettings;
import kz.qaqpa.settings.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.jaxws.CxfComponent;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the gateway's parts for the route files: each bean name below is the {@code ref} used in routes/.
 * The parts are built by {@link GatewayAssembly}; this class only exposes them.
 */
public class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    private GatewayAssembly gateway;
    private CamelContext context;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        context = camelContext;
        JavaLogging.throughSlf4j(); // Santuario logs through JUL: its lines in the gateway's format
        // the files a deployment adds (qaqpa.routes.extra) are loaded as written before Camel reads the patterns
        AddedRouteFiles.require(camelContext);
        // before the route files load: their templated routes take the shared blocks' parameters from it
        RegulationBlocks.register(camelContext);
        // each templated route's parameters, as it loads: a misspelt one would leave the block's value in force
        // silently, a missing one fail the build with Camel's dump of the route (regs63)
        TemplateParameters.checkEachAsItLoads(camelContext);
        warnOfUnknownSettings(camelContext);
        warnOfRepeatedAdditions(Settings.of(camelContext));
        GatewayAssembly g = gateway();
        try {
            configureParts(camelContext, g);
        } catch (Exception | Error e) {
            // leak67: a refusal here (a setting read only now, a schema or route check) comes before Camel knows to
            // stop the parts (closeOnStop), and Camel Main, whose start then fails, stops no context: the console,
            // the monitoring port, the test PKI's server and the store were left open in a JVM that goes on
            GatewayAssembly.stopStarted(List.of(g::closeRefused), e);
            throw e;
        }
    }

    /** The gateway's parts bound for the route files, its channels, the catalogue and the start's checks. */
    private void configureParts(CamelContext camelContext, GatewayAssembly g) throws Exception {
        camelContext.getManagementStrategy().addEventNotifier(g.regulation.stepRecorder());
        bind("gatewayAssembly", g);
        measureRoutes(camelContext, g);
        bindParts(g);
        CxfEndpoint asyncChannel = bindChannels(g);
        g.mocks.register(camelContext);
        new ReadyLine(g.settings).register(camelContext);
        // one view of the loaded routes for the catalogue and the start's check of them
        ServiceCatalogue services = new ServiceCatalogue(camelContext, g.registries.services());
        DocumentSchemas schemas = new DocumentSchemas(ContractSchemas.documents(g.settings));
        catalogue(asyncChannel, services, schemas).register(camelContext);
        readAndCheckTheRoutes(camelContext, g, services, schemas);
        camelContext.addStartupListener((started, alreadyStarted) -> {
            // each regulation's zone (its route data) before anything counts a day: the replan below counts them
            g.regulation.serviceCalendars().read(LoadedFlows.atStart(camelContext).all());
            g.regulation.branchOnlyTerms().read(LoadedFlows.atStart(camelContext).all());
            g.regulation.inFlightCheck().require(camelContext);
            g.regulation.calendarReplan().run(camelContext);
        });
        closeOnStop(camelContext, g);
    }

    /**
     * At the start: the loaded routes' flows read once ({@link LoadedFlows}: the catalogue and the regulation share that
     * reading), then every route checked together.
     */
    private static void readAndCheckTheRoutes(CamelContext camelContext, GatewayAssembly g, ServiceCatalogue services,
                                              DocumentSchemas schemas) throws Exception {
        camelContext.addStartupListener((started, alreadyStarted) -> {
            List<RouteFlow> flows = LoadedFlows.atStart(camelContext).all();
            // every service is served by a route the gateway loaded (regs65: none checked it; a service added with a
            // route file left out started and refused each application as an unknown service)
            g.registries.services().requireRoutesLoaded(route -> camelContext.getRoute(route) != null);
            // the results a locality's signer signs are results the service's routes take (a misspelt name would
            // leave the result it meant signed by the service's signer)
            g.registries.resultSigners().requireResultsOfTheService(services::resultDocuments);
            // a result.repeats path no document can match would pass every result: a typo must not start
            RepeatedFieldPaths.require(flows, schemas);
            // a route asking for the consent check must name the organisation's fields, or the check would not run
            ConsentCheckFields.require(flows);
            // a mistyped rule of who may collect a result would fail the first hand-over instead of the start
            ResultCollector.requireKnownRules(flows);
            // a norm, a start or a unit the plan cannot read, or a placeholder left in a step, would fail every
            // application of the route at its intake instead of the start (reg48d)
            StepTerms.require(flows);
            // a route loaded from anywhere (a deployment's file:, a test's classpath:) says what it does, numbers its
            // steps as the regulation does and states a total term that reads; its chain's status codes are ones a
            // provider can send and tell apart (regs64: RouteFilesTest checked routes/ only, nothing the codes); a step
            // id's prefix naming no channel a sender may send on is warned of (review66 8c)
            RouteConventions.require(camelContext, flows, g.registries.senders().channels());
            ChainStatuses.require(camelContext);
        });
    }

    /** A configured qaqpa.* key the gateway does not read (misspelt) is told, once, before the start goes on. */
    private static void warnOfUnknownSettings(CamelContext camelContext) {
        Set<String> configured = new TreeSet<>(camelContext.getPropertiesComponent()
                .loadProperties(key -> key.startsWith("qaqpa.")).stringPropertyNames());
        configured.addAll(System.getProperties().stringPropertyNames());
        KnownSettings.shipped().warnOfUnknown(configured, System.getenv());
    }

    /**
     * The regulation's lists read beside the registries' (regs66: the documents' schemas, the block files): an
     * addition the list has already is taken once and said once here, as Registries says it of its lists.
     */
    private static void warnOfRepeatedAdditions(Settings s) {
        for (String list : List.of(ContractSchemas.DOCUMENTS, RegulationBlocks.FILES)) {
            Settings.repeatedAdditions(list, s::getOrNull).forEach(LOG::warn);
        }
    }

    /** Camel's route metrics (exchanges, failures, processing time per route) in the gateway's registry. */
    private void measureRoutes(CamelContext camelContext, GatewayAssembly g) {
        bind(MicrometerConstants.METRICS_REGISTRY_NAME, g.metrics.registry());
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(g.metrics.registry());
        camelContext.addRoutePolicyFactory(routeMetrics);
    }

    /** The parts the route files call by name. */
    private void bindParts(GatewayAssembly g) {
        bind("channelGate", g.channels.gate());
        bind("replies", g.channels.replies());
        bind("messageFreshness", g.channels.messageFreshness());
        bind("faults", g.channels.faults());
        bind("senderAuthentication", g.channels.senderAuthentication());
        bind("serviceDispatch", g.channels.serviceDispatch());
        bind("newWorkAdmission", g.channels.newWorkAdmission());
        bind("providerPolling", g.channels.providerPolling());
        bind("deliveryAcknowledgement", g.channels.deliveryAcknowledgement());
        bind("messageStatusQuery", g.channels.messageStatusQuery());
        bind("stateRegistries", g.stateRegistries);
        bindRegulation(g.regulation);
        bind("outboxDelivery", g.outboxDelivery);
        bind("retention", g.retention);
        bind("headStamping", g.evidence.headStamping());
        bind("messageLogEvidence", g.evidence.messageLogEvidence());
    }

    /** The regulation's verbs the route files call by name. */
    private void bindRegulation(RegulationEngine r) {
        bind("senderCondition", r.senderCondition());
        bind("applicationChannel", r.applicationChannel());
        bind("applicationForm", r.applicationForm());
        bind("documentSignatureCheck", r.documentSignatureCheck());
        bind("refusals", r.refusals());
        bind("applicationForwarding", r.applicationForwarding());
        bind("applicationIntake", r.applicationIntake());
        bind("providerEvents", r.providerEvents());
        bind("providerWorkstation", r.providerWorkstation());
        bind("termExtension", r.termExtension());
        bind("consumerWait", r.consumerWait());
        bind("channelEvents", r.channelEvents());
        bind("eventDocumentCheck", r.eventDocumentCheck());
        bind("eventIdentification", r.eventIdentification());
        bind("applicationEvents", r.applicationEvents());
        bind("stateDatabaseCondition", r.stateDatabaseCondition());
        bind("packageCondition", r.packageCondition());
        bind("overdueSteps", r.overdueSteps());
    }

    /** The ШЭП channels' endpoints on the gateway's own HTTP server; returns the asynchronous one (the catalogue's). */
    private CxfEndpoint bindChannels(GatewayAssembly g) {
        Settings s = g.settings;
        ChannelHttpServer.register(s.get("qaqpa.http.host"), s.port("qaqpa.http.port"), g.channels.httpLimits(),
                g.channels.faults(), g.channels.workerShares());
        synchronousChannels();
        CxfEndpoint asyncChannel = endpoint("/shep/async", "wsdl/AsyncChannel.wsdl", ShepNames.ASYNC_BINDING,
                "AsyncChannelHttpService", "AsyncChannelHttpPort");
        bind("asyncChannel", asyncChannel);
        bind("syncChannel", endpoint("/shep/sync", "wsdl/SyncChannel.wsdl", ShepNames.SYNC_BINDING,
                "ISyncChannelHttpService", "SyncChannelHttpPort"));
        // bound always, served only when qaqpa.bench.echo-enabled starts its route (routes/bench-echo.yaml)
        bind("benchEcho", endpoint("/bench/echo", "wsdl/SyncChannel.wsdl", ShepNames.SYNC_BINDING,
                "ISyncChannelHttpService", "SyncChannelHttpPort"));
        return asyncChannel;
    }

    /**
     * Every route behind a channel runs on the worker that took the request (direct: and beans; a call to a state
     * system blocks it), so CXF's servlet continuation freed nothing: it started an AsyncContext (its timeout set on
     * an I/O thread) and handed the finished answer to a second worker to write, which waited on the AsyncContext's
     * monitor for the first to leave it (perf50f). Synchronous, the worker that ran the route writes the answer.
     * Set on the component: it overrides the flag of each {@code cxf:bean:} endpoint with its own when the route
     * files resolve them.
     */
    private void synchronousChannels() {
        context.getComponent("cxf", CxfComponent.class).setSynchronous(true);
    }

    /** The gateway's parts close when Camel stops. */
    private static void closeOnStop(CamelContext camelContext, GatewayAssembly g) throws Exception {
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                g.close();
            }
        });
    }

    private synchronized GatewayAssembly gateway() {
        if (gateway == null) {
            gateway = new GatewayAssembly(Settings.of(context));
        }
        return gateway;
    }

    private void bind(String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    /** The catalogue metaservice on the channels' HTTP server (the one the async channel runs on). */
    private CatalogueHttp catalogue(CxfEndpoint channel, ServiceCatalogue services, DocumentSchemas schemas) {
        GatewayAssembly g = gateway();
        return new CatalogueHttp(channel.getBus(), g.settings.get("qaqpa.http.host"), g.settings.port("qaqpa.http.port"),
                services, new CatalogueJson(schemas, g.settings::getOrNull, publicUrl(g.settings)), schemas);
    }

    /** qaqpa.public-url without a trailing slash. */
    private static String publicUrl(Settings s) {
        return Settings.url("qaqpa.public-url", s.get("qaqpa.public-url")).replaceAll("/+$", "");
    }

    /** A CXF endpoint in RAW mode: the channel gate reads and verifies the envelope itself. */
    private CxfEndpoint endpoint(String path, String wsdl, String namespace, String service, String port) {
        Settings s = gateway().settings;
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setCamelContext(context);
        endpoint.setAddress("http://" + s.get("qaqpa.http.host") + ":" + s.port("qaqpa.http.port") + path);
        // ?wsdl gives clients the address others reach the gateway by (a proxy's), also in its ?xsd= and ?wsdl= links
        endpoint.setPublishedEndpointUrl(publicUrl(s) + path);
        endpoint.setWsdlURL(wsdl);
        endpoint.setServiceName(new QName(namespace, service).toString());
        endpoint.setPortName(new QName(namespace, port).toString());
        endpoint.setDataFormat(DataFormat.RAW);
        endpoint.getInInterceptors().add(new ContractDocumentGuard(gateway().channels.faults()));
        return endpoint;
    }
}
