package kz.qaqpa.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * The published ШЭП schemas (../shared/reference/shep-contract, outside this repository) for checking that what
 * Qaqpa sends validates against them. Tests skip themselves where the directory is absent.
 */
final class PublishedContract {
    static final Path REFERENCE = Path.of("..", "shared", "reference", "shep-contract");

    private PublishedContract() {
    }

    static boolean available() {
        return Files.isDirectory(REFERENCE);
    }

    static Schema schema(String file) {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            // the published set imports one namespace from several files; by default only the first file is read
            factory.setFeature("http://apache.org/xml/features/honour-all-schemaLocations", true);
            return factory.newSchema(new StreamSource(REFERENCE.resolve(file).toFile()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the published schema " + file, e);
        }
    }

    static Schema async() {
        return schema("AsyncChannel/v10/Types/IAsyncChannel.xsd");
    }

    static void assertValid(Schema schema, Element element) {
        try {
            schema.newValidator().validate(new DOMSource(element));
        } catch (Exception e) {
            throw new AssertionError("<" + element.getLocalName() + "> does not validate against the published "
                    + "ШЭП contract: " + e.getMessage() + "\n" + SecureXml.toString(element), e);
        }
    }
}
