package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * review59b: values of a signed request that JAXB reads in time growing with the square of their digits (the JDK's
 * DatatypeFactory for an xs:dateTime's second's fraction, BigInteger and BigDecimal for xs:integer and xs:decimal),
 * which the schemas take at any length (attack59: a messageDate of a million digits held a worker for minutes), are
 * refused (SCE001) before JAXB reads them: the contract's own xs:dateTime fields, sync and async alike (the sync
 * channel's messageDate is declared in sync-info.xsd, the async one's in async-types.xsd: files the channel files
 * include or import), and a {@code data} element typed by xsi:type, which the contract's xs:anyType takes and JAXB reads
 * as that type.
 */
class LongValuesTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    /**
     * Far past any moment (35 characters with nanoseconds), few enough that main's code, which reads them, answers
     * within the test client's 20 s on a loaded machine (the time grows with the square of the digits).
     */
    private static final int FRACTION_DIGITS = 30_000;

    @ParameterizedTest
    @ValueSource(strings = {"sync", "async"})
    void aSignedMessageDateOfThousandsOfDigitsIsRefused(String channel) {
        String messageId = "review59b-long-date-" + channel + "-" + UUID.randomUUID();
        Document unsigned = RawSoap.envelope("sync".equals(channel) ? syncLookUp(messageId)
                : gateway.client(Channel.PORTAL).request(gateway.signed(SampleApplication.on(Channel.PORTAL)), messageId));
        Element date = RawSoap.first(unsigned, "messageDate");
        date.setTextContent(withFraction(date.getTextContent(), "7".repeat(FRACTION_DIGITS)));
        Document envelope = RawSoap.signed(unsigned, gateway.pki().key("portal"));
        String url = "sync".equals(channel) ? gateway.syncUrl() : gateway.asyncUrl();
        QName detail = "sync".equals(channel) ? ShepAnswers.SYNC_FAULT : ShepAnswers.SEND_MESSAGE_FAULT;

        String said = ShepAnswers.assertFault(gateway, RawSoap.post(url, envelope), detail, "SCE001");

        assertThat(said).contains("messageDate").doesNotContain("7".repeat(100));
    }

    /**
     * A {@code data} with an xsi:type is not swapped for a placeholder ({@code DataPlaceholders} swaps untyped ones
     * only), so JAXB reads its text as the type names: an xs:dateTime through the JDK's DatatypeFactory, an xs:integer
     * as a BigInteger (or a contract type, with its own xs:dateTime children inside {@code data}, which attack59's
     * check skips). Measured with main's jar (JAXB alone, load 23): a fraction of 100,000 digits 2.4 s, an integer of
     * 400,000 digits 9.3 s; one of 2,000,000 digits sent to main's gateway held a worker (BigInteger's constructor,
     * under JAXB's unmarshal on XNIO-3 task-2) for minutes, past the client's timeout and the test's end. The values
     * here are shorter, so main's code answers: SCE001 too, "messageData/data must hold the service's application",
     * but from the regulation, after JAXB read the value; the refusal asserted names the xsi:type, which only a check
     * before JAXB gives: {@code data} carries a document, inline or escaped (xs:string), never another type.
     */
    @ParameterizedTest
    @CsvSource({"xs:dateTime, 20000", "xs:integer, 100000"})
    void aDataTypedOtherThanAStringIsRefusedBeforeJaxbReadsIt(String type, int digits) {
        String messageId = "review59b-typed-data-" + UUID.randomUUID();
        Document unsigned = RawSoap.envelope(gateway.client(Channel.PORTAL)
                .request(gateway.signed(SampleApplication.on(Channel.PORTAL)), messageId));
        Element data = RawSoap.first(unsigned, "data");
        while (data.getFirstChild() != null) {
            data.removeChild(data.getFirstChild());
        }
        data.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xs", XMLConstants.W3C_XML_SCHEMA_NS_URI);
        data.setAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "xsi:type", type);
        String many = "7".repeat(digits);
        data.setTextContent("xs:dateTime".equals(type) ? "2026-11-30T09:15:00." + many + "+05:00" : many);
        Document envelope = RawSoap.signed(unsigned, gateway.pki().key("portal"));

        String said = ShepAnswers.assertFault(gateway, RawSoap.post(gateway.asyncUrl(), envelope),
                ShepAnswers.SEND_MESSAGE_FAULT, "SCE001");

        assertThat(said).contains("data", "xsi:type").doesNotContain("7".repeat(100));
    }

    private static Object syncLookUp(String messageId) {
        PersonRequest request = new PersonRequest();
        request.setIin("850315401201");
        return SyncMessages.sendMessage(messageId, "GBDFL_PERSON", null, "PORTAL", "portal-secret",
                ShepXml.toElement(request));
    }

    /** {@code date} (an xs:dateTime with its offset or Z) with {@code digits} after its seconds' fraction, if any. */
    private static String withFraction(String date, String digits) {
        int offset = date.endsWith("Z") ? date.length() - 1 : Math.max(date.lastIndexOf('+'), date.lastIndexOf('-'));
        String seconds = date.substring(0, offset);
        return seconds + (seconds.contains(".") ? "" : ".") + digits + date.substring(offset);
    }
}
