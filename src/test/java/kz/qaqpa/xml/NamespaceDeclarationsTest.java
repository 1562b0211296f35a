package kz.qaqpa.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.SharedTestPki;
import kz.qaqpa.trust.WsNames;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A DOM built with createElementNS (as JAXB and our envelope code build them) has no xmlns attributes; after the
 * fix-up its serialized form must parse back to the same names, and signatures made over it must verify on the wire.
 */
class NamespaceDeclarationsTest {
    private static final String A = "urn:a";
    private static final String B = "urn:b";

    @Test
    void builtTreeSerializesToTheSameNames() {
        Document doc = SecureXml.newDocument();
        Element root = doc.createElementNS(A, "a:root");
        doc.appendChild(root);
        Element plain = doc.createElementNS(A, "item"); // default namespace urn:a
        root.appendChild(plain);
        Element none = doc.createElementNS(null, "data"); // no namespace below a default one
        plain.appendChild(none);
        Element other = doc.createElementNS(B, "a:other"); // prefix a rebound to urn:b
        none.appendChild(other);
        other.setAttributeNS(A, "a:attr", "prefix a is taken here"); // must be renamed
        other.setAttributeNS(B, "b:same", "1");
        Element back = doc.createElementNS(A, "a:back"); // a means urn:a again below the rebinding
        other.appendChild(back);
        back.setAttributeNS(null, "plain", "no namespace");

        List<String> before = names(root);
        NamespaceDeclarations.declareMissing(root);
        Document reparsed = SecureXml.parse(SecureXml.serialize(doc));

        assertThat(names(reparsed.getDocumentElement())).isEqualTo(before);
    }

    @Test
    void existingDeclarationsAreKeptAndNotRepeated() {
        Document doc = SecureXml.parse("<a:root xmlns:a=\"urn:a\"><a:x><b:y xmlns:b=\"urn:b\"/></a:x></a:root>".getBytes());
        String before = SecureXml.toString(doc);

        NamespaceDeclarations.declareMissing(doc.getDocumentElement());

        assertThat(SecureXml.toString(doc)).isEqualTo(before);
    }

    @Test
    void aSignedEnvelopeBuiltWithoutDeclarationsVerifiesOnTheWire() {
        Document doc = SecureXml.newDocument();
        Element envelope = doc.createElementNS(WsNames.SOAP11, "soapenv:Envelope");
        doc.appendChild(envelope);
        Element body = doc.createElementNS(WsNames.SOAP11, "soapenv:Body");
        envelope.appendChild(body);
        Element payload = doc.createElementNS(A, "request");
        body.appendChild(payload);
        Element child = doc.createElementNS(B, "b:value");
        child.setTextContent("Сәлем");
        payload.appendChild(child);

        EnvelopeSigner.sign(doc, SharedTestPki.key("gateway"));
        Document received = SecureXml.parse(SecureXml.serialize(doc));

        assertThat(EnvelopeVerifier.verify(received)).isEqualTo(SharedTestPki.key("gateway").certificate());
    }

    /** Every element and non-xmlns attribute as {namespace}localName, in document order. */
    private static List<String> names(Element root) {
        List<String> names = new ArrayList<>();
        Dom.forEachElement(root, e -> {
            names.add("{" + nullToEmpty(e.getNamespaceURI()) + "}" + e.getLocalName());
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Node a = attributes.item(i);
                if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                    names.add("@{" + nullToEmpty(a.getNamespaceURI()) + "}" + a.getLocalName() + "=" + ((Attr) a).getValue());
                }
            }
        });
        names.sort(null); // attribute order is not significant; a sorted list still catches any renamed namespace
        return names;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
