package kz.qaqpa.catalogue;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import kz.qaqpa.channel.ChannelHttpServer;
import kz.qaqpa.http.ContentTypes;
import kz.qaqpa.regulation.DocumentSchemas;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.apache.cxf.Bus;
import org.apache.cxf.transport.http_undertow.UndertowHTTPHandler;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngine;
import org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue metaservice, read-only and public, on the ШЭП channels' port next to {@code /shep/...}, because
 * integrators outside read it and generate their payload classes from its schema links the way they generate the
 * channel client from {@code ?wsdl} (the operator console is bound to an internal interface):
 * {@code GET /catalogue} lists the services, {@code GET /catalogue/{serviceId}} describes one as JSON,
 * {@code GET /xsd/{file}} serves a business document's schema (qaqpa.documents.schemas), {@code GET
 * /contract/AsyncChannelClient.wsdl} the callback contract a channel serves ({@link CallbackContract}). The handlers join the
 * Undertow server CXF runs the channels on once they serve, and leave it when the gateway stops so that CXF can
 * release the port.
 */
public final class CatalogueHttp extends EventNotifierSupport implements ExtendedStartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueHttp.class);
    private static final String CATALOGUE = "/catalogue";
    private static final String XSD = "/xsd";
    private static final String CONTRACT = "/contract";
    private final Bus bus;
    private final String host;
    private final int port;
    private final ServiceCatalogue catalogue;
    private final CatalogueJson json;
    private final DocumentSchemas schemas;
    private UndertowHTTPServerEngine engine;

    public CatalogueHttp(Bus bus, String host, int port, ServiceCatalogue catalogue, CatalogueJson json,
                         DocumentSchemas schemas) {
        this.bus = bus;
        this.host = host;
        this.port = port;
        this.catalogue = catalogue;
        this.json = json;
        this.schemas = schemas;
    }

    public void register(CamelContext context) throws Exception {
        context.addStartupListener(this);
        context.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the channels' HTTP server exists only once the context is fully started
    }

    @Override
    public synchronized void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (engine != null) {
            return; // Camel tells a listener more than once
        }
        engine = new UndertowHTTPServerEngineFactory(bus).retrieveUndertowHTTPServerEngine(port);
        if (engine == null) {
            throw new IllegalStateException("no HTTP server on port " + port + " to serve the catalogue on");
        }
        engine.addServant(url(CATALOGUE), new Endpoint(bus, this::catalogue));
        engine.addServant(url(XSD), new Endpoint(bus, this::schema));
        engine.addServant(url(CONTRACT), new Endpoint(bus, CatalogueHttp::contract));
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public synchronized void notify(CamelEvent event) {
        if (engine != null) {
            engine.removeServant(url(CATALOGUE));
            engine.removeServant(url(XSD));
            engine.removeServant(url(CONTRACT));
            engine = null;
        }
    }

    /** GET /catalogue, /catalogue/{serviceId}. */
    private void catalogue(HttpServerExchange exchange) {
        String rest = exchange.getRequestPath().substring(CATALOGUE.length());
        String serviceId = rest.startsWith("/") ? rest.substring(1) : rest; // Undertow decoded the path already
        if (serviceId.isEmpty()) {
            respond(exchange, 200, ContentTypes.JSON, json.list(catalogue.entries()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Optional<ServiceEntry> entry = catalogue.entry(serviceId);
        if (entry.isPresent()) {
            respond(exchange, 200, ContentTypes.JSON, json.service(entry.get()).getBytes(StandardCharsets.UTF_8));
        } else {
            error(exchange, 404, "no service '" + serviceId + "' is registered at this gateway (GET " + CATALOGUE + " lists them)");
        }
    }

    /** GET /xsd/{file}: only the configured document schemas, by file name. */
    private void schema(HttpServerExchange exchange) {
        String name = exchange.getRequestPath().substring(XSD.length()).replaceFirst("^/", "");
        Optional<DocumentSchemas.Schema> schema = schemas.byFileName(name);
        if (schema.isPresent()) {
            respond(exchange, 200, ContentTypes.XML, schemas.content(schema.get()));
        } else {
            error(exchange, 404, "no schema '" + name + "' (the catalogue links the published ones)");
        }
    }

    /** GET /contract/{name}: the callback contract a channel serves, and the files it links ({@link CallbackContract}). */
    private static void contract(HttpServerExchange exchange) {
        String name = exchange.getRequestPath().substring(CONTRACT.length()).replaceFirst("^/", "");
        Optional<byte[]> file = CallbackContract.file(name);
        if (file.isPresent()) {
            respond(exchange, 200, ContentTypes.TEXT_XML, file.get());
        } else {
            error(exchange, 404, "no contract file '" + name + "' (GET " + CONTRACT + "/" + CallbackContract.WSDL
                    + " is the callback contract a channel serves; ?wsdl on a channel gives the channel's)");
        }
    }

    private static void error(HttpServerExchange exchange, int status, String message) {
        JsonObject body = new JsonObject();
        body.put("error", message);
        respond(exchange, status, ContentTypes.JSON, Jsoner.serialize(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private URL url(String path) {
        try {
            return URI.create("http://" + host + ":" + port + path).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One GET endpoint, run off Undertow's I/O thread; anything else than GET is refused. */
    private static final class Endpoint extends UndertowHTTPHandler implements ChannelHttpServer.ServesBelowItsPath {
        private final HttpHandler handler;

        Endpoint(Bus bus, Consumer<HttpServerExchange> handler) {
            super(bus);
            this.handler = handler::accept;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            if (!List.of("GET", "HEAD").contains(exchange.getRequestMethod().toString())) {
                exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
                error(exchange, 405, "use GET");
                return;
            }
            try {
                handler.handleRequest(exchange);
            } catch (RuntimeException e) {
                LOG.error("the catalogue could not answer {}", exchange.getRequestPath(), e);
                error(exchange, 500, "the catalogue could not be read from the routes; see the gateway's log");
            }
        }
    }
}
