package kz.qaqpa.gateway;

import java.nio.charset.StandardCharsets;
import kz.qaqpa.trust.WsNames;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * attack65: the header elements of src/test/resources/attacks/id-*.xml, each carrying (where it writes BODY-ID) a signed
 * envelope's Body id under some ID-like attribute, added unsigned to that envelope's Header as anyone on the path can.
 */
final class IdTwinVectors {
    private IdTwinVectors() {
    }

    /** Adds the element of attacks/{@code file}.xml to the signed {@code envelope}'s Header; returns the Body's id. */
    static String addTo(Document envelope, String file) {
        String bodyId = RawSoap.first(envelope, WsNames.SOAP11, "Body").getAttributeNS(WsNames.WSU, "Id");
        String vector = new String(kz.qaqpa.TestResources.read("attacks/" + file + ".xml"), StandardCharsets.UTF_8);
        Element twin = SecureXml.parse(vector.replace("BODY-ID", bodyId).getBytes(StandardCharsets.UTF_8))
                .getDocumentElement();
        RawSoap.first(envelope, WsNames.SOAP11, "Header").appendChild(envelope.importNode(twin, true));
        return bodyId;
    }
}
