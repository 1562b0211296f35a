package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import javax.xml.namespace.QName;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.SharedTestPki;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.xml.XsDateTime;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * review59c: a partner's signed fault (a state system's answer to a look-up, a channel's answer to a callback) is read
 * by JAXB into ErrorInfo ({@link SoapEnvelopes#answeredFault}) with no bound on its errorDate (xs:dateTime), which
 * JAXB reads with the JDK's DatatypeFactory in time growing with the square of a second's fraction's digits (attack59:
 * minutes for a million). attack59's {@link XsDateTime#MAX_TEXT} was applied by ChannelGate to arrivals only; since
 * dates60 {@link ShepXml#fromNode} applies it ({@link ContractDateTimes}) to every message JAXB reads.
 */
class RemoteFaultDatesTest {
    private static final String CLIENT_NS = "http://bip.bee.kz/AsyncChannel/v10/Types/Client";
    /** Far more than the factory reads in this time on any load; a refusal takes milliseconds. */
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void aSignedFaultsErrorDateOfAMillionDigitsIsRefusedBeforeJaxbReadsIt() throws Exception {
        byte[] answer = signedFaultDated("2026-12-06T10:00:00." + "1".repeat(1_000_000) + "Z");
        // refused as an answer that cannot be read (the answerer's failure to its callers): JAXB never reads it
        callPartnerAnswering(answer, call -> assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(call)
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.getMessage())
                        .startsWith("<errorDate> holds 1000021 characters, more than any xs:dateTime"))));
    }

    /** The control: the same fault with an ordinary date is the partner's RemoteFault with its ErrorInfo. */
    @Test
    void aSignedFaultWithAnOrdinaryDateIsReadAsThePartnersFault() throws Exception {
        byte[] answer = signedFaultDated("2026-12-06T10:00:00.123Z");
        callPartnerAnswering(answer, call -> assertThatThrownBy(call)
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class, f -> assertThat(
                        f.error().getErrorDate().toXMLFormat()).isEqualTo("2026-12-06T10:00:00.123Z")));
    }

    /**
     * A partner over real HTTP that answers every call with {@code answer} (HTTP 500, a fault's status); {@code expect}
     * is given the gateway's signed call to it.
     */
    static void callPartnerAnswering(byte[] answer, Consumer<ThrowingCallable> expect) throws IOException {
        HttpServer partner = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        partner.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/xml; charset=UTF-8");
            exchange.sendResponseHeaders(500, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        partner.start();
        try {
            SignedSoapClient client = new SignedSoapClient(SharedTestPki.key("gateway"), signer -> { }, GENEROUS);
            String url = "http://localhost:" + partner.getAddress().getPort() + "/";
            Document request = SoapEnvelopes.wrap(SecureXml.parseText("<q:ping xmlns:q='urn:q'/>").getDocumentElement());
            expect.accept(() -> client.call(url, request, (sent, got, signer) -> { }));
        } finally {
            partner.stop(0);
        }
    }

    private static byte[] signedFaultDated(String errorDate) {
        Document fault = SoapEnvelopes.fault(SoapEnvelopes.errorInfo(FaultCode.MALFORMED_MESSAGE, "refused", null),
                new QName(CLIENT_NS, "sendMessageFault1_sendMessageFault"));
        Element date = (Element) fault.getElementsByTagNameNS("*", "errorDate").item(0);
        date.setTextContent(errorDate);
        return SecureXml.serialize(EnvelopeSigner.sign(fault, SharedTestPki.key("portal")));
    }
}
