package kz.qaqpa.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.Map;
import org.bouncycastle.cert.ocsp.OCSPReq;

/**
 * The handlers of a made-up OCSP responder and CRL distribution point on the JDK's HttpServer, which the tests of
 * hostile or forged revocation answers (ForgedSignerCertificateTest, HostileRevocationAnswersTest) serve their own
 * answers from.
 */
final class RevocationResponder {
    /** The most bytes of an OCSP request read (the gateway's are a few hundred). */
    private static final int MAX_OCSP_REQUEST_BYTES = 64 * 1024;

    /** How a responder answers one OCSP request. */
    interface OcspAnswer {
        void send(OCSPReq asked, HttpExchange exchange) throws Exception;
    }

    private RevocationResponder() {
    }

    /** Reads the OCSP request and answers it as {@code answer} says; 500 when the request or the answer fails. */
    static HttpHandler ocsp(OcspAnswer answer) {
        return exchange -> {
            try (exchange) {
                answer.send(new OCSPReq(exchange.getRequestBody().readNBytes(MAX_OCSP_REQUEST_BYTES)), exchange);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        };
    }

    /** Serves the CRL {@code byPath} holds at the request's path (read as each request comes); 404 for any other. */
    static HttpHandler crls(Map<String, byte[]> byPath) {
        return exchange -> {
            try (exchange) {
                byte[] crl = byPath.get(exchange.getRequestURI().getPath());
                if (crl == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, crl.length);
                    exchange.getResponseBody().write(crl);
                }
            }
        };
    }
}
