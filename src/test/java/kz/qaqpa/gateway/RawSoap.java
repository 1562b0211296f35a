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
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Raw SOAP over real HTTP, for tests that must send what no well-behaved client would: bytes as they are,
 * envelopes signed and then tampered with. No checks on the answer; the test makes them.
 */
final class RawSoap {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RawSoap() {
    }

    /** The answer as received. */
    record Response(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Document document() {
            return SecureXml.parse(body);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType + "\n" + text();
        }
    }

    static Response post(String url, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"")
                .POST(body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response post(String url, Document envelope) {
        return post(url, SecureXml.serialize(envelope));
    }

    /** A fixed request of src/test/resources/requests/, byte for byte. */
    static byte[] request(String name) {
        try (InputStream in = RawSoap.class.getResourceAsStream("/requests/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no request file requests/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
