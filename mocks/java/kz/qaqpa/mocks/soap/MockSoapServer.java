package kz.qaqpa.mocks.soap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.JdkHttpServers;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A tiny signed SOAP 1.1 endpoint on the JDK HTTP server, shared by all mocks of the state systems.
 *
 * <p>POST on {@link #path()}: the envelope is parsed with {@link SecureXml}, its WS-Security signature is checked
 * with {@link EnvelopeVerifier} and the signer certificate is given to the peer check; then the Body payload's QName
 * selects the operation, whose handler returns a JAXB answer. The answer is wrapped, signed with the mock's key and
 * sent as 200 text/xml. Any error becomes a signed SOAP fault carrying the operation's ErrorInfo element (HTTP 500).
 * GET on the path answers a one-line description; further GET contexts can be added with {@link #get}.
 */
public final class MockSoapServer {
    private static final Logger LOG = LoggerFactory.getLogger(MockSoapServer.class);

    private record Operation(Function<Element, Object> handler, QName faultElement) {
    }

    private final String name;
    private final int requestedPort;
    private final String path;
    private final KeyMaterial key;
    private final Consumer<X509Certificate> peerCheck;
    private final Map<QName, Operation> operations = new LinkedHashMap<>();
    private final Map<String, Function<String, String>> getHandlers = new LinkedHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param name      shown in logs and in the GET answer, e.g. "GBD FL mock"
     * @param port      TCP port; 0 picks a free one (see {@link #port()} after {@link #start()})
     * @param path      context path of the SOAP endpoint, e.g. "/gbdfl/sync"
     * @param key       the mock's own key: signs every answer and fault
     * @param peerCheck accepts or rejects the caller's transport certificate (throw a {@link ShepException})
     */
    public MockSoapServer(String name, int port, String path, KeyMaterial key, Consumer<X509Certificate> peerCheck) {
        this.name = name;
        this.requestedPort = port;
        this.path = path;
        this.key = key;
        this.peerCheck = peerCheck;
    }

    /** Registers the handler of the operation whose request element is {@code request}. */
    public synchronized MockSoapServer operation(QName request, QName faultElement, Function<Element, Object> handler) {
        operations.put(request, new Operation(handler, faultElement));
        return this;
    }

    /**
     * A GET context answered as {@code application/xml; charset=UTF-8}. The handler gets the request path relative to
     * {@code context} ("" or "/x/y") and returns the body, or null for 404.
     */
    public synchronized MockSoapServer get(String context, Function<String, String> handler) {
        getHandlers.put(context, handler);
        return this;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = JdkHttpServers.create(new InetSocketAddress(requestedPort), 50);
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot listen on port " + requestedPort + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, name.replace(' ', '-') + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(path, this::handleSoap);
        getHandlers.forEach((context, handler) -> server.createContext(context, exchange -> handleGet(exchange, context, handler)));
        server.start();
        LOG.info("{} listening on {}", name, url());
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
            LOG.info("{} stopped", name);
        }
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return server.getAddress().getPort();
    }

    public String path() {
        return path;
    }

    /** http://localhost:{port}{path} */
    public String url() {
        return "http://localhost:" + port() + path;
    }

    private void handleSoap(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                send(exchange, 200, "text/plain; charset=UTF-8",
                        (name + ": signed SOAP 1.1 endpoint, operations " + operations.keySet() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=UTF-8", "POST a SOAP envelope\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] request;
            try (InputStream in = exchange.getRequestBody()) {
                request = in.readAllBytes();
            }
            Answer answer = answer(request);
            send(exchange, answer.status(), "text/xml; charset=UTF-8", answer.bytes());
        } catch (RuntimeException e) {
            LOG.error("{}: cannot answer", name, e);
        }
    }

    private record Answer(int status, byte[] bytes) {
    }

    /** The operation's result signed (200), or a fault (500) as the operation declares its faults. */
    private Answer answer(byte[] request) {
        QName faultElement = defaultFaultElement();
        try {
            Document envelope = SecureXml.parse(request);
            Element payload = SoapEnvelopes.payload(envelope);
            QName operationName = new QName(payload.getNamespaceURI(), payload.getLocalName());
            Operation operation = operations.get(operationName);
            if (operation != null) {
                faultElement = operation.faultElement();
            }
            X509Certificate caller = EnvelopeVerifier.verify(envelope);
            peerCheck.accept(caller);
            if (operation == null) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, name + " has no operation " + operationName);
            }
            Object result = operation.handler().apply(payload);
            return new Answer(200, SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrap(result), key)));
        } catch (RuntimeException e) {
            return new Answer(500, fault(e, faultElement));
        }
    }

    private byte[] fault(RuntimeException e, QName faultElement) {
        FaultCode code = e instanceof ShepException se ? se.code() : FaultCode.INTERNAL_ERROR;
        if (code == FaultCode.INTERNAL_ERROR) {
            LOG.error("{}: internal error", name, e);
        } else {
            LOG.info("{}: fault {}: {}", name, code.code(), e.getMessage());
        }
        ErrorInfo info = SoapEnvelopes.errorInfo(code, String.valueOf(e.getMessage()), SessionIds.next());
        return SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.fault(info, faultElement), key));
    }

    private QName defaultFaultElement() {
        synchronized (this) {
            return operations.isEmpty() ? new QName(ShepNames.COMMON, "ErrorInfo")
                    : operations.values().iterator().next().faultElement();
        }
    }

    private void handleGet(HttpExchange exchange, String context, Function<String, String> handler) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=UTF-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String rest = exchange.getRequestURI().getPath().substring(context.length());
            String body;
            try {
                body = handler.apply(rest);
            } catch (RuntimeException e) {
                LOG.error("{}: GET {} failed", name, exchange.getRequestURI(), e);
                send(exchange, 500, "text/plain; charset=UTF-8", (e + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (body == null) {
                send(exchange, 404, "text/plain; charset=UTF-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, "application/xml; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
