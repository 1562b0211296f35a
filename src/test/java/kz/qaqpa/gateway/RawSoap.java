package kz.qaqpa.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import kz.qaqpa.TestResources;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Raw SOAP over real HTTP, for tests that must send what no well-behaved client would: bytes as they are,
 * envelopes signed and then tampered with. No checks on the answer; the test makes them.
 */
final class RawSoap {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** How long a request's answer is awaited unless the case says otherwise. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(20);

    private RawSoap() {
    }

    /** The answer as received; {@code headerNames} in lower case. */
    record Response(int status, String contentType, byte[] body, java.util.Set<String> headerNames) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Document document() {
            return SecureXml.parse(body);
        }

        /** A fault's faultstring (the code and its text), or the answer's status: what a failed case shows. */
        String faultOrStatus() {
            String text = text();
            int start = text.indexOf("<faultstring>");
            return start < 0 ? "HTTP " + status
                    : text.substring(start + "<faultstring>".length(), text.indexOf("</faultstring>", start));
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType + "\n" + text();
        }
    }

    static Response post(String url, byte[] body) {
        return post(url, body, ANSWER_WAIT);
    }

    /** The same, its answer awaited up to {@code timeout} (a request the test holds on purpose waits longer). */
    static Response post(String url, byte[] body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request);
    }

    /**
     * A POST with the given headers instead of the usual Content-Type and SOAPAction (a null value leaves that header
     * out); the body as it is, or streamed chunked when {@code chunked}.
     */
    static Response post(String url, byte[] body, java.util.Map<String, String> headers, boolean chunked,
                         boolean expectContinue) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("Content-Type", "text/xml; charset=UTF-8");
        all.put("SOAPAction", "\"\"");
        all.putAll(headers);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .expectContinue(expectContinue)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        all.forEach((name, value) -> {
            if (value != null) {
                request.header(name, value);
            }
        });
        return send(request.build());
    }

    /** A GET, as a client fetching the contract ({@code ?wsdl}, {@code ?xsd=...}) sends it. */
    static Response get(String url) {
        return get(url, Duration.ofSeconds(20));
    }

    /** A GET whose answer may take up to {@code timeout} (a verification of a whole message log). */
    static Response get(String url, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    /** ops45: a GET of the console's {@code path} presenting its token, as an operator's curl does. */
    static Response consoleGet(GatewayHarness gateway, String path) {
        return consoleGet(gateway, path, Duration.ofSeconds(20));
    }

    /** A GET presenting {@code authorization} (a console's token: a gateway in a process of its own). */
    static Response getWith(String url, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).GET().build());
    }

    static Response consoleGet(GatewayHarness gateway, String path, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + path)).timeout(timeout)
                .header("Authorization", gateway.consoleAuthorization()).GET().build());
    }

    /** ops45: a POST without a body to the console's {@code path} (an action), presenting its token. */
    static Response consolePost(GatewayHarness gateway, String path) {
        return send(HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", gateway.consoleAuthorization()).POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), java.util.Set.copyOf(response.headers().map().keySet().stream()
                            .map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET of {@code target} (path and query) on {@code url}'s host, sent as given over a raw socket; for answers
     * with a Content-Length, as the gateway's faults have.
     */
    static Response getRaw(String url, String target) {
        return getRawFrom(null, url, target);
    }

    /** As {@link #getRaw}, from the local address {@code from} (null: any; another loopback address is another client). */
    static Response getRawFrom(String from, String url, String target) {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket()) {
            if (from != null) {
                socket.bind(new java.net.InetSocketAddress(from, 0));
            }
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + target + " failed", e);
        }
    }

    /**
     * A POST with {@code Expect: 100-continue} over a raw HTTP/1.1 connection: the body sent after the interim
     * 100 (Continue) when {@code awaitContinue}, else in one write with the head (RFC 9110 10.1.1 lets a client send
     * it without waiting); the final answer, the interim one skipped.
     */
    static Response postExpectingContinue(String url, byte[] body, boolean awaitContinue) {
        URI uri = URI.create(url);
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"\"\r\nContent-Length: " + body.length
                + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            socket.setTcpNoDelay(true);
            java.io.OutputStream out = socket.getOutputStream();
            if (awaitContinue) {
                out.write(head);
                out.flush();
                String interim = readHead(socket.getInputStream());
                if (!interim.startsWith("HTTP/1.1 100 ")) {
                    throw new AssertionError("no 100 (Continue) before the body but: " + interim);
                }
                out.write(body);
            } else {
                byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                out.write(all);
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " with Expect: 100-continue failed", e);
        }
    }

    /**
     * Each request on one kept-alive HTTP/1.1 connection, as .NET's HttpWebRequest (WCF's transport) sends them:
     * {@code Connection: Keep-Alive}, {@code Expect: 100-continue} with the body after the interim 100, the SOAPAction
     * header as given; the answers in order. A connection closed before the last answer fails.
     */
    static java.util.List<Response> postKeptAlive(java.util.List<java.util.Map.Entry<String, byte[]>> requests,
                                                  String soapAction) {
        URI first = URI.create(requests.get(0).getKey());
        java.util.List<Response> answers = new java.util.ArrayList<>();
        try (java.net.Socket socket = new java.net.Socket(first.getHost(), first.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            for (java.util.Map.Entry<String, byte[]> request : requests) {
                byte[] body = request.getValue();
                out.write(("POST " + URI.create(request.getKey()).getRawPath() + " HTTP/1.1\r\nHost: " + first.getHost()
                        + ":" + first.getPort() + "\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: " + soapAction
                        + "\r\nContent-Length: " + body.length + "\r\nExpect: 100-continue\r\nConnection: Keep-Alive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String interim = readHead(socket.getInputStream());
                if (!interim.startsWith("HTTP/1.1 100 ")) {
                    throw new AssertionError("request " + (answers.size() + 1) + ": no 100 (Continue) but " + interim);
                }
                out.write(body);
                out.flush();
                Response answer = readAnswer(socket.getInputStream());
                if (answer == null) {
                    throw new AssertionError("request " + (answers.size() + 1) + ": the connection closed without an answer");
                }
                answers.add(answer);
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("kept-alive requests to " + first + " failed after " + answers.size(), e);
        }
    }

    /**
     * A POST as a given client writes it, on a connection of its own: the request line, Host, {@code headers} as they
     * are ("Name: value", in the client's order), Content-Length, and the body in the same write; the first answer,
     * however the connection goes on (kept alive or not).
     */
    static Response postAsWritten(String url, java.util.List<String> headers, byte[] body) {
        URI uri = URI.create(url);
        StringBuilder head = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\n");
        headers.forEach(header -> head.append(header).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            Response answer = readAnswer(socket.getInputStream());
            if (answer == null) {
                throw new AssertionError("the connection closed without an answer");
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " as written failed", e);
        }
    }

    /** One response head, up to its empty line, read byte by byte so that nothing after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    static Response post(String url, Document envelope) {
        return post(url, SecureXml.serialize(envelope));
    }

    static Response post(String url, Document envelope, Duration timeout) {
        return post(url, SecureXml.serialize(envelope), timeout);
    }

    /** Writes a request body, or part of one, to a raw socket; may fail once the server has closed the connection. */
    @FunctionalInterface
    interface BodyWriter {
        void write(java.io.OutputStream out) throws IOException;
    }

    /**
     * An exchange over a raw socket: how many body bytes went out before the server stopped taking them, the answer
     * (null when the server closed without one) and how long until the answer or the close.
     */
    record Streamed(long bodyBytesSent, Response answer, Duration took) {
    }

    /**
     * A POST of text/xml written by hand, for requests no HTTP client would send: the head with {@code headers}
     * (e.g. "Content-Length: 524288000" or "Transfer-Encoding: chunked"), then whatever {@code body} writes, from
     * another thread, while this one reads the answer until the server closes the connection or {@code timeout}.
     */
    static Streamed stream(String url, java.util.List<String> headers, BodyWriter body, Duration timeout) {
        return stream("POST", url, headers, true, body, timeout);
    }

    /** As {@link #stream}, with another HTTP method than POST. */
    static Streamed stream(String method, String url, java.util.List<String> headers, BodyWriter body, Duration timeout) {
        return stream(method, url, headers, true, body, timeout);
    }

    /** As {@link #stream}, but the head is left open: {@code rest} writes the rest of it (or never does). */
    static Streamed streamUnfinishedHead(String url, BodyWriter rest, Duration timeout) {
        return stream("POST", url, java.util.List.of(), false, rest, timeout);
    }

    /**
     * As {@link #stream}, from the local address {@code from} (another loopback address such as 127.0.0.2, so that
     * the gateway sees another client).
     */
    static Streamed streamFrom(String from, String url, java.util.List<String> headers, BodyWriter body,
                               Duration timeout) {
        return stream("POST", url, headers, true, body, timeout, from);
    }

    private static Streamed stream(String method, String url, java.util.List<String> headers, boolean endHead,
                                   BodyWriter body, Duration timeout) {
        return stream(method, url, headers, endHead, body, timeout, null);
    }

    private static Streamed stream(String method, String url, java.util.List<String> headers, boolean endHead,
                                   BodyWriter body, Duration timeout, String from) {
        URI uri = URI.create(url);
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        try (java.net.Socket socket = new java.net.Socket()) {
            if (from != null) {
                socket.bind(new java.net.InetSocketAddress(from, 0));
            }
            socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            StringBuilder head = new StringBuilder(method + " " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nContent-Type: text/xml; charset=UTF-8\r\nSOAPAction: \"\"\r\n");
            headers.forEach(h -> head.append(h).append("\r\n"));
            java.io.OutputStream out = new CountingOutput(socket.getOutputStream(), sent);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(head.append(endHead ? "\r\n" : "").toString()
                            .getBytes(StandardCharsets.US_ASCII));
                    body.write(out);
                    out.flush();
                } catch (IOException | RuntimeException e) {
                    // the server stopped reading and closed: expected for refused requests
                }
            }, "raw-soap-writer");
            writer.setDaemon(true);
            writer.start();
            Response answer = readAnswer(socket.getInputStream());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            socket.close(); // stops a writer still writing,
            writer.interrupt(); // and one still waiting to
            writer.join(timeout.toMillis());
            return new Streamed(sent.get(), answer, took);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no answer and no close within " + timeout + " (" + sent.get() + " body bytes sent)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("raw POST " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Bytes sent as they are (a request file of {@code attacks/}, head and all) and what came back: the first answer,
     * the bytes after it (a second answer, to a request the server read out of the first one's body), and whether the
     * server closed the connection within {@code timeout}.
     */
    record AsIs(Response first, byte[] after, boolean closed) {
        /** The same for the bytes after the first answer: the second answer first. */
        AsIs next() {
            return split(after, closed);
        }

        private static AsIs split(byte[] bytes, boolean closed) {
            Response first = parseAnswer(bytes);
            int end = first == null ? bytes.length
                    : new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4 + first.body().length;
            return new AsIs(first, java.util.Arrays.copyOfRange(bytes, end, bytes.length), closed);
        }
    }

    static AsIs sendAsIs(String url, byte[] request, Duration timeout) {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            boolean closed = true;
            try {
                socket.getInputStream().transferTo(received);
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                // reset by the server after its answer
            }
            return AsIs.split(received.toByteArray(), closed);
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to " + url + " failed", e);
        }
    }

    /** The answer read up to the close (the gateway closes after a refusal); null when it closed without one. */
    private static Response readAnswer(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
                Response complete = parseAnswer(received.toByteArray());
                if (complete != null) {
                    return complete;
                }
            }
        } catch (java.net.SocketException e) {
            // reset by the server after its answer or instead of one
        }
        return parseAnswer(received.toByteArray());
    }

    /**
     * Status, Content-Type and body of an HTTP/1.1 answer with Content-Length, or null while incomplete; interim (1xx)
     * answers before it are skipped.
     */
    private static Response parseAnswer(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int endOfHead = text.indexOf("\r\n\r\n");
        if (endOfHead < 0) {
            return null;
        }
        String[] lines = text.substring(0, endOfHead).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        if (status < 200) { // an interim answer (100 Continue): the final one follows
            return parseAnswer(java.util.Arrays.copyOfRange(bytes, endOfHead + 4, bytes.length));
        }
        String contentType = "";
        int length = -1;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.indexOf(':') > 0) {
                names.add(lower.substring(0, lower.indexOf(':')).trim());
            }
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        int bodyStart = endOfHead + 4;
        if (length < 0 || bytes.length < bodyStart + length) {
            return null;
        }
        return new Response(status, contentType, java.util.Arrays.copyOfRange(bytes, bodyStart, bodyStart + length),
                java.util.Set.copyOf(names));
    }

    /** Counts what went out, so a test can tell how much of a body the server took before it refused. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        private final java.util.concurrent.atomic.AtomicLong count;

        CountingOutput(java.io.OutputStream out, java.util.concurrent.atomic.AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count.incrementAndGet();
        }
    }

    /** A fixed attack of src/test/resources/attacks/ (one scenario a file), byte for byte. */
    static byte[] attack(String name) {
        return TestResources.read("attacks/" + name);
    }

    /** A fixed request of src/test/resources/requests/, byte for byte. */
    static byte[] request(String name) {
        return TestResources.read("requests/" + name);
    }

    /** A fixed request parsed, to be completed or signed by the test. */
    static Document requestDocument(String name) {
        return SecureXml.parse(request(name));
    }

    /** A JAXB request (e.g. SendMessage) in a new unsigned envelope. */
    static Document envelope(Object jaxbRequest) {
        return SoapEnvelopes.wrap(jaxbRequest);
    }

    /** The envelope signed in place (WS-Security over the Body) with {@code key}. */
    static Document signed(Document envelope, KeyMaterial key) {
        return EnvelopeSigner.sign(envelope, key);
    }

    static Document signed(Object jaxbRequest, KeyMaterial key) {
        return signed(envelope(jaxbRequest), key);
    }

    /** The first element in document order with this namespace and local name. */
    static Element first(Document doc, String namespace, String localName) {
        Element e = (Element) doc.getElementsByTagNameNS(namespace, localName).item(0);
        if (e == null) {
            throw new IllegalArgumentException("no {" + namespace + "}" + localName + " in the document");
        }
        return e;
    }

    /** The first element with this local name in no namespace (the async contract's inner elements). */
    static Element first(Document doc, String localName) {
        Element e = (Element) doc.getElementsByTagNameNS("*", localName).item(0);
        if (e == null) {
            throw new IllegalArgumentException("no " + localName + " in the document");
        }
        return e;
    }
}
