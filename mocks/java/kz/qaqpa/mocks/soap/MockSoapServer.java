package kz.qaqpa.mocks.soap;

import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.SessionIds;
import kz.qaqpa.channel.ShepNames;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.common.ErrorInfo;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.ExceptionListener;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A tiny signed SOAP 1.1 endpoint, shared by all mocks of the state systems, on HttpCore 5's classic (blocking) server:
 * each kept-alive connection has a thread of its own that reads its next request and answers it.
 *
 * <p>POST on {@link #path()}: the envelope is parsed with {@link SecureXml}, its WS-Security signature is checked
 * with {@link EnvelopeVerifier} and the signer certificate is given to the peer check; then the Body payload's QName
 * selects the operation, whose handler returns a JAXB answer. The answer is wrapped, signed with the mock's key and
 * sent as 200 text/xml. Any error becomes a signed SOAP fault carrying the operation's ErrorInfo element (HTTP 500).
 * GET on the path answers a one-line description; further GET contexts can be added with {@link #get}. As on the
 * JDK's server the mocks used until session 49, a context serves every path it is a prefix of, the longest one winning.
 *
 * <p>Why this server (perf49m): on the JDK's server every request passed through three threads (its dispatcher
 * selects, a pooled handler answers, and the dispatcher is woken again to watch the connection for its next request,
 * under the selector's lock the handlers and the dispatcher contend for): the largest lock waits of the sync look-up's
 * benchmark were there. Here the connection's own thread, blocked in its read, is woken by the kernel alone. The
 * gateway's client pools its connections (at most 64 per peer), so the threads are as many as its open connections;
 * one idle for {@link #IDLE_TIMEOUT_SECONDS} is closed, as the JDK server did.
 */
public final class MockSoapServer {
    private static final Logger LOG = LoggerFactory.getLogger(MockSoapServer.class);
    /** A kept-alive connection idle for this long is closed, its thread ended (the JDK server's idle limit). */
    static final int IDLE_TIMEOUT_SECONDS = 30;
    /** How long a fixed port just let go of by a stopped server is tried again, and how often. */
    private static final Duration PORT_RELEASE_WAIT = Duration.ofSeconds(5);
    private static final Duration PORT_RETRY = Duration.ofMillis(20);
    /** Connections waiting to be accepted (the JDK server's backlog here before). */
    private static final int BACKLOG = 50;
    /** The fault element while no operation is registered. */
    private static final QName NO_OPERATION_FAULT = new QName(ShepNames.COMMON, "ErrorInfo");
    private static final ContentType TEXT = ContentType.create("text/plain", StandardCharsets.UTF_8);
    private static final ContentType SOAP = ContentType.create("text/xml", StandardCharsets.UTF_8);
    private static final ContentType XML = ContentType.create("application/xml", StandardCharsets.UTF_8);

    private record Operation(Function<Element, Object> handler, QName faultElement) {
    }

    private final String name;
    private final int requestedPort;
    private final String path;
    private final KeyMaterial key;
    private final Consumer<X509Certificate> peerCheck;
    private final Map<QName, Operation> operations = new LinkedHashMap<>();
    private final Map<String, Function<String, String>> getHandlers = new LinkedHashMap<>();
    /**
     * What the requests read, copied whenever an operation or context is added: no request takes this server's lock
     * (its connections' threads contended for it, perf49m's lock recording).
     */
    private volatile Routes routes = new Routes(Map.of(), NO_OPERATION_FAULT, List.of());

    /** The operations, the fault element of a request no operation takes (the first one's), the GET contexts longest first. */
    private record Routes(Map<QName, Operation> operations, QName defaultFault,
                          List<Map.Entry<String, Function<String, String>>> contexts) {
    }
    private HttpServer server;
    /**
     * Set once the server is told to stop: its listener's socket closing under it is then no failure (the listener
     * may see it after {@link #stop} returned).
     */
    private volatile boolean stopping;

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
        routes = routes();
        return this;
    }

    /**
     * A GET context answered as {@code application/xml; charset=UTF-8}. The handler gets the request path relative to
     * {@code context} ("" or "/x/y") and returns the body, or null for 404.
     */
    public synchronized MockSoapServer get(String context, Function<String, String> handler) {
        getHandlers.put(context, handler);
        routes = routes();
        return this;
    }

    private Routes routes() {
        return new Routes(Collections.unmodifiableMap(new LinkedHashMap<>(operations)),
                operations.isEmpty() ? NO_OPERATION_FAULT
                        : operations.values().iterator().next().faultElement(),
                getHandlers.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue()))
                        .sorted(Comparator.comparingInt((Map.Entry<String, Function<String, String>> e) ->
                                e.getKey().length()).reversed()).toList());
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        stopping = false;
        long giveUp = System.nanoTime() + PORT_RELEASE_WAIT.toNanos();
        HttpServer started = newServer();
        while (true) {
            try {
                started.start();
                break;
            } catch (BindException e) {
                // a server stopped a moment ago on this port lets go of it only once its listener thread has left
                // accept() (the JDK closes a socket a thread is blocked on when that thread returns): a test that
                // puts a stand-in on a mock's port starts it right after stopping the mock
                started.close(CloseMode.IMMEDIATE);
                if (requestedPort == 0 || System.nanoTime() > giveUp) {
                    throw cannotListen(e);
                }
                try {
                    Thread.sleep(PORT_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw cannotListen(e);
                }
                started = newServer();
            } catch (IOException e) {
                started.close(CloseMode.IMMEDIATE);
                throw cannotListen(e);
            }
        }
        server = started;
        LOG.info("{} listening on {}", name, url());
    }

    private HttpServer newServer() {
        return ServerBootstrap.bootstrap()
                .setListenerPort(requestedPort)
                .setSocketConfig(SocketConfig.custom()
                        .setTcpNoDelay(true) // an answer is never held back for the caller's ACK of the one before
                        .setSoReuseAddress(true)
                        .setBacklogSize(BACKLOG)
                        .setSoTimeout(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .build())
                .setRequestRouter((request, context) -> this::handle)
                .setExceptionListener(exceptionsLogged())
                .create();
    }

    private IllegalStateException cannotListen(IOException e) {
        return new IllegalStateException(name + ": cannot listen on port " + requestedPort + ": " + e.getMessage(), e);
    }

    /** A connection the caller closed, or left idle, is the ordinary end of a kept-alive connection. */
    private ExceptionListener exceptionsLogged() {
        return new ExceptionListener() {
            @Override
            public void onError(Exception e) {
                if (stopping) {
                    LOG.debug("{}: closing: {}", name, e.toString());
                } else {
                    LOG.warn("{}: {}", name, e.toString());
                }
            }

            @Override
            public void onError(HttpConnection connection, Exception e) {
                if (e instanceof SocketException || e instanceof SocketTimeoutException
                        || e instanceof ConnectionClosedException) {
                    LOG.debug("{}: connection ended: {}", name, e.toString());
                } else {
                    LOG.warn("{}: connection failed: {}", name, e.toString());
                }
            }
        };
    }

    public synchronized void stop() {
        if (server != null) {
            stopping = true;
            server.close(CloseMode.IMMEDIATE);
            server = null;
            LOG.info("{} stopped", name);
        }
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return server.getLocalPort();
    }

    public String path() {
        return path;
    }

    /** http://localhost:{port}{path} */
    public String url() {
        return "http://localhost:" + port() + path;
    }

    /** Every request: the SOAP path's or a GET context's, the longest that is a prefix of its path; else 404. */
    private void handle(ClassicHttpRequest request, ClassicHttpResponse response,
                        HttpContext context) throws IOException {
        String requestPath = pathOf(request);
        Map.Entry<String, Function<String, String>> get = routes.contexts().stream()
                .filter(e -> requestPath.startsWith(e.getKey())).findFirst().orElse(null);
        if (get != null && (!requestPath.startsWith(path) || get.getKey().length() > path.length())) {
            handleGet(request, response, requestPath, get.getKey(), get.getValue());
        } else if (requestPath.startsWith(path)) {
            handleSoap(request, response);
        } else {
            send(response, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The request's path, without its query, percent-decoded as the JDK server gave it (a correlationId's braces come
     * as %7B/%7D); a target that is no URI is taken as it is.
     */
    private static String pathOf(ClassicHttpRequest request) {
        String target = request.getPath();
        int query = target.indexOf('?');
        String raw = query < 0 ? target : target.substring(0, query);
        try {
            return new URI(raw).getPath();
        } catch (URISyntaxException e) {
            return raw;
        }
    }

    private void handleSoap(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        try {
            if ("GET".equals(request.getMethod())) {
                send(response, 200, TEXT,
                        (name + ": signed SOAP 1.1 endpoint, operations " + routes.operations().keySet() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"POST".equals(request.getMethod())) {
                send(response, 405, TEXT, "POST a SOAP envelope\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = request.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(request.getEntity());
            Answer answer = answer(body);
            send(response, answer.status(), SOAP, answer.bytes());
        } catch (RuntimeException e) {
            LOG.error("{}: cannot answer", name, e);
            throw e;
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
            Operation operation = routes.operations().get(operationName);
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
        return routes.defaultFault();
    }

    private void handleGet(ClassicHttpRequest request, ClassicHttpResponse response, String requestPath,
                           String context, Function<String, String> handler) {
        if (!"GET".equals(request.getMethod())) {
            send(response, 405, TEXT, "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String body;
        try {
            body = handler.apply(requestPath.substring(context.length()));
        } catch (RuntimeException e) {
            LOG.error("{}: GET {} failed", name, request.getPath(), e);
            send(response, 500, TEXT, (e + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (body == null) {
            send(response, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
        } else {
            send(response, 200, XML, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(ClassicHttpResponse response, int status, ContentType contentType, byte[] body) {
        response.setCode(status);
        if (body.length > 0) {
            response.setEntity(new ByteArrayEntity(body, contentType));
        }
    }
}
