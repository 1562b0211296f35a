package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.xml.Dom;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xmlunit.builder.DiffBuilder;

/** The JAXB binding reads {@code data} (xs:anyType) as JAXB would, and leaves the DOM it read as it was. */
class ShepXmlTest {
    private static final String QUERY = "<p:personRequest xmlns:p=\"urn:person\"><p:iin>900101300123</p:iin>"
            + "<p:ref xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"q:code\">x</p:ref>"
            + "</p:personRequest>";

    @Test
    void dataIsReadAsItsOwnElementAndTheDomIsUnchanged() {
        Element message = ShepXml.toElement(SyncMessages.sendMessage("m-1", "GBDFL_PERSON", null, "PORTAL", null,
                SecureXml.parse(QUERY.getBytes(StandardCharsets.UTF_8)).getDocumentElement()));
        // an envelope around it declares the prefix q that the data's content uses in a value
        Document envelope = SoapEnvelopes.wrap(message);
        envelope.getDocumentElement().setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:q", "urn:q");
        envelope = SecureXml.parse(SecureXml.serialize(envelope));
        Element payload = SoapEnvelopes.payload(envelope);
        String before = SecureXml.toString(envelope);

        SendMessage read = ShepXml.fromNode(payload, SendMessage.class);

        assertThat(SecureXml.toString(envelope)).isEqualTo(before);
        Element data = (Element) read.getRequest().getRequestData().getData();
        assertThat(data.getLocalName()).isEqualTo("data");
        assertThat(data.getOwnerDocument()).isNotSameAs(envelope);
        assertThat(data.lookupNamespaceURI("q")).as("inherited prefix declared on the copy").isEqualTo("urn:q");
        Element query = Dom.firstChildElement(data);
        assertThat(DiffBuilder.compare(QUERY).withTest(SecureXml.toString(query)).ignoreWhitespace()
                .checkForSimilar().build().hasDifferences()).isFalse();
        assertThat(read.getRequest().getRequestInfo().getMessageId()).isEqualTo("m-1");
    }

    @Test
    void aReadMessageMarshalsBackWithItsData() {
        Element message = ShepXml.toElement(SyncMessages.sendMessage("m-2", "GBDFL_PERSON", null, "PORTAL", null,
                SecureXml.parse(QUERY.getBytes(StandardCharsets.UTF_8)).getDocumentElement()));

        Element again = ShepXml.toElement(ShepXml.fromNode(message, SendMessage.class));

        assertThat(DiffBuilder.compare(SecureXml.toString(message)).withTest(SecureXml.toString(again))
                .checkForSimilar().build().hasDifferences()).isFalse();
    }

    @Test
    void aDataElementWithItsOwnTypeIsBoundByThatType() {
        String xml = "<ns:SendMessage xmlns:ns=\"http://bip.bee.kz/SyncChannel/v10/Types\"><request>"
                + "<requestInfo><messageId>m-3</messageId><serviceId>S</serviceId><messageDate>2026-11-30T10:00:00+05:00"
                + "</messageDate><sender><senderId>PORTAL</senderId></sender></requestInfo><requestData>"
                + "<data xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
                + " xsi:type=\"xs:string\">plain text</data></requestData></request></ns:SendMessage>";

        SendMessage read = ShepXml.fromNode(SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement(),
                SendMessage.class);

        assertThat(read.getRequest().getRequestData().getData()).isEqualTo("plain text");
    }

    @Test
    void aMarshalledMessageDeclaresOnlyTheNamespacesItUses() {
        SendMessage message = SyncMessages.sendMessage("m-4", "GBDFL_PERSON", null, "PORTAL", null,
                SecureXml.parse(QUERY.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
        Element withDocument = ShepXml.toElement(message);
        message.getRequest().getRequestData().setData("plain text"); // JAXB writes it with xsi:type="xs:string"
        Element withText = ShepXml.toElement(message);

        assertThat(declaredOn(withDocument)).containsExactly("http://bip.bee.kz/SyncChannel/v10/Types");
        assertThat(declaredOn(withText)).containsExactly("http://bip.bee.kz/SyncChannel/v10/Types");
        // what was dropped was not needed: both read back to what was marshalled, over the wire's bytes
        for (Element marshalled : java.util.List.of(withDocument, withText)) {
            Element reparsed = SecureXml.parse(SecureXml.serialize(SoapEnvelopes.wrap(marshalled))).getDocumentElement();
            Element again = ShepXml.toElement(ShepXml.fromNode(SoapEnvelopes.payload(reparsed.getOwnerDocument()),
                    SendMessage.class));
            assertThat(DiffBuilder.compare(SecureXml.toString(marshalled)).withTest(SecureXml.toString(again))
                    .checkForSimilar().build().hasDifferences()).isFalse();
        }
        assertThat(((String) ShepXml.fromNode(withText, SendMessage.class).getRequest().getRequestData().getData()))
                .isEqualTo("plain text");
    }

    /**
     * Session 24: a large document in {@code data} is marshalled without copies of its text (DataContents), and the
     * message object keeps its own element. Before: JAXB's identity Transformer copied the text through a char[], a
     * StringBuffer and a new String, some 54 MB for this 4.5 MB document.
     */
    @Test
    void aLargeDocumentInDataIsMarshalledWithoutCopiesOfItsText() {
        int large = 4_500_000;
        String query = "<p:personRequest xmlns:p=\"urn:person\"><!--c--><p:iin>ё" + "x".repeat(large)
                + "</p:iin></p:personRequest>";
        SendMessage message = SyncMessages.sendMessage("m-5", "GBDFL_PERSON", null, "PORTAL", null,
                SecureXml.parse(query.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
        Object data = message.getRequest().getRequestData().getData();
        ShepXml.toElement(message); // the code it runs warmed
        Element[] marshalled = new Element[1];

        long allocated = kz.qaqpa.Allocations.during(() -> marshalled[0] = ShepXml.toElement(message));

        assertThat(allocated).as("bytes allocated marshalling %d characters", large).isLessThan(large);
        assertThat(message.getRequest().getRequestData().getData()).isSameAs(data);
        assertThat(DiffBuilder.compare(query).withTest(SecureXml.toString(ShepXml.dataContent(marshalled[0])))
                .ignoreComments().checkForSimilar().build().hasDifferences()).isFalse();
        assertThat(ShepXml.dataIn(marshalled[0]).getAttributes().getLength()).as("no mark left").isZero();
    }

    @Test
    void aPrefixUsedOnlyInAnXsiTypeValueStaysDeclared() {
        Element root = SecureXml.parse(("<a:root xmlns:a=\"urn:a\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:unused=\"urn:unused\" xmlns=\"urn:d\">"
                + "<data xmlns=\"\" xsi:type=\"xs:string\">text</data></a:root>").getBytes(StandardCharsets.UTF_8))
                .getDocumentElement();

        UnusedNamespaces.drop(root);

        assertThat(declaredOn(root)).containsExactlyInAnyOrder("urn:a", "http://www.w3.org/2001/XMLSchema",
                "http://www.w3.org/2001/XMLSchema-instance", "urn:d");
    }

    /** The namespaces declared on {@code element} itself. */
    private static java.util.List<String> declaredOn(Element element) {
        java.util.List<String> declared = new java.util.ArrayList<>();
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            org.w3c.dom.Node a = element.getAttributes().item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                declared.add(a.getNodeValue());
            }
        }
        return declared;
    }
}
