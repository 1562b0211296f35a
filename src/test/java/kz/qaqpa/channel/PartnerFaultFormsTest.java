package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import javax.xml.namespace.QName;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.SharedTestPki;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * review61: attack60 held SOAP messages to two more envelope rules in {@code SoapEnvelope.body} (no attribute of the
 * SOAP namespace on the Envelope, Header or Body, WS-I BP R1032; every header block namespace-qualified, SOAP 1.1 4.2),
 * and {@link SignedSoapClient} holds a partner's answer to them through {@link SoapEnvelopes#payload}. A partner's
 * signed fault is found before that ({@link SoapEnvelopes#answeredFault}), and 079566b6 gave it only the processing
 * instruction rule: so the same malformed envelope is an answer the gateway cannot read when it answers, and the
 * partner's own refusal when it is a fault (a state system's code passed on to the asker, a callback stopped for the
 * operator rather than retried). Each form over real HTTP, signed by the partner's key from the test PKI.
 */
class PartnerFaultFormsTest {
    private static final String CLIENT_NS = "http://bip.bee.kz/AsyncChannel/v10/Types/Client";
    private static final String ENCODING_STYLE = "http://schemas.xmlsoap.org/soap/encoding/";

    /** The control: an answer (no fault) in each malformed form is an answer the gateway cannot read (SCE001). */
    @ParameterizedTest
    @ValueSource(strings = {"header block in no namespace", "encodingStyle on the Envelope", "element after the Body"})
    void anAnswerInAMalformedEnvelopeIsNoAnswer(String form) throws Exception {
        Document answer = SoapEnvelopes.wrap(SecureXml.parseText("<q:pong xmlns:q='urn:q'/>").getDocumentElement());
        assertCannotBeRead(signedIn(answer, form));
    }

    @ParameterizedTest
    @ValueSource(strings = {"header block in no namespace", "encodingStyle on the Envelope", "element after the Body"})
    void aFaultInAMalformedEnvelopeIsNoAnswerEither(String form) throws Exception {
        Document fault = SoapEnvelopes.fault(SoapEnvelopes.errorInfo(FaultCode.MALFORMED_MESSAGE, "refused", null),
                new QName(CLIENT_NS, "sendMessageFault1_sendMessageFault"));
        assertCannotBeRead(signedIn(fault, form));
    }

    private static void assertCannotBeRead(byte[] answer) throws Exception {
        Consumer<org.assertj.core.api.ThrowableAssert.ThrowingCallable> expect = call -> assertThatThrownBy(call)
                .isInstanceOfSatisfying(ShepException.class, e -> assertThat(e.code())
                        .isEqualTo(FaultCode.MALFORMED_MESSAGE));
        RemoteFaultDatesTest.callPartnerAnswering(answer, expect);
    }

    /** {@code envelope} made malformed as {@code form} says, then signed by the partner (its Body covered). */
    private static byte[] signedIn(Document envelope, String form) {
        Element root = envelope.getDocumentElement();
        switch (form) {
            case "header block in no namespace" -> header(root).appendChild(envelope.createElementNS(null, "token"));
            case "encodingStyle on the Envelope" -> root.setAttributeNS(WsNames.SOAP11, "soapenv:encodingStyle",
                    ENCODING_STYLE);
            case "element after the Body" -> root.appendChild(envelope.createElementNS("urn:q", "q:trailer"));
            default -> throw new IllegalArgumentException(form);
        }
        return SecureXml.serialize(EnvelopeSigner.sign(envelope, SharedTestPki.key("portal")));
    }

    private static Element header(Element envelope) {
        return (Element) envelope.getElementsByTagNameNS(WsNames.SOAP11, "Header").item(0);
    }
}
