package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.datatype.Duration;
import javax.xml.datatype.XMLGregorianCalendar;
import kz.qaqpa.Retained;
import kz.qaqpa.TestResources;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The contract schemas' validators, alone. The gateway tests validate through them on every request; what is checked
 * here is what no answer shows: what a validator keeps after it has validated.
 */
class ContractSchemasTest {
    private static final ContractSchemas SCHEMAS = new ContractSchemas(List.of("xsd/kindergarten-registration.xsd"));

    /**
     * attack20 (attack19's "left"): the JDK's validator keeps every element and attribute name it validates in its
     * symbol table, and {@code reset()} keeps them; a validator kept per thread for ever, fed documents of distinct
     * names (the lax {@code data} holds any element), grew the heap for good (attack19 measured 65 MB for 500,000
     * names). The name of a document validated a million name characters ago is let go now; it was held before.
     */
    @Test
    void theNamesOfDocumentsValidatedBeforeAreNotKeptForever() throws InterruptedException {
        WeakReference<String> name = validateOnce("probe" + System.nanoTime());
        Element other = sendMessageWithData(1_000, "abcdefgh");
        for (int i = 0; i < 100; i++) {
            SCHEMAS.validate(other);
        }
        assertThat(Retained.stillHeld(name))
                .as("the name of a document validated a million name characters ago is still held").isFalse();
    }

    /**
     * reg57a's LOW: a value outside an enumeration was refused with Xerces' first message, which quotes the value but
     * names no element, so an integrator could not tell which of two fields of one type it was. The fault names the
     * element's path, a repeated one with its position.
     */
    @Test
    void aViolationNamesTheElementItIsIn() {
        Element payload = SoapEnvelopes.payload(SecureXml.parse(TestResources.read("requests/unsigned-sendMessage.xml")));
        Element secondAttachment = (Element) payload.getElementsByTagNameNS("*", "attachment").item(1);
        secondAttachment.getElementsByTagNameNS("*", "kind").item(0).setTextContent("PASSPORT_PHOTO");

        assertThatThrownBy(() -> SCHEMAS.validate(payload)).isInstanceOfSatisfying(ShepException.class,
                e -> assertThat(e.getMessage()).contains("<sendMessage> does not match the contract at "
                        + "ns3:sendMessage/request/messageData/data/k:application/k:attachment[2]/k:kind: ",
                        "'PASSPORT_PHOTO'"));
    }

    /**
     * dates60: the one list of the contract's xs:dateTime fields, which the gate (before validation), every JAXB read
     * ({@link ShepXml#fromNode}: a partner's fault too) and a state system's answer are held to, read from the
     * contract files and the files they import (review59b: three of the six lie in sync-info.xsd and async-types.xsd).
     */
    @Test
    void theContractsDateTimeFieldsAreReadFromItsFilesAndTheirImports() {
        assertThat(ContractDateTimes.names()).containsExactlyInAnyOrder("messageDate", "requestDate", "responseDate",
                "errorDate", "statusDate", "notificationDate");
    }

    /**
     * review60: the names above come from the contract files' literal {@code type="xs:dateTime"} elements; a contract
     * change adding a derived date type, an attribute or an xs:duration would give JAXB a calendar field that no bound
     * covers. Every calendar or duration field of the generated contract classes is therefore one of these names.
     */
    @Test
    void everyCalendarTheGeneratedContractHoldsIsABoundedName() throws Exception {
        Set<String> fields = new TreeSet<>();
        for (Class<?> type : contractClasses()) {
            for (Field f : type.getDeclaredFields()) {
                if (XMLGregorianCalendar.class.isAssignableFrom(f.getType())
                        || Duration.class.isAssignableFrom(f.getType())) {
                    fields.add(xmlName(f));
                }
            }
        }
        assertThat(fields).isNotEmpty().isSubsetOf(ContractDateTimes.names());
    }

    /** The generated classes of the ШЭП contract (kz.qaqpa.contract and its packages), as compiled. */
    private static List<Class<?>> contractClasses() throws Exception {
        Path root = Path.of(ContractSchemasTest.class.getClassLoader().getResource("kz/qaqpa/contract").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
            List<Class<?>> classes = new ArrayList<>();
            for (Path file : classFiles) {
                String name = "kz.qaqpa.contract." + root.relativize(file).toString()
                        .replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
                classes.add(Class.forName(name));
            }
            return classes;
        }
    }

    /** The element or attribute name JAXB reads a field by. */
    private static String xmlName(Field f) {
        XmlElement element = f.getAnnotation(XmlElement.class);
        XmlAttribute attribute = f.getAnnotation(XmlAttribute.class);
        String named = element != null ? element.name() : attribute != null ? attribute.name() : "##default";
        return "##default".equals(named) ? f.getName() : named;
    }

    /** Validates a sendMessage whose data holds one element named {@code probe}; the document itself is let go. */
    private static WeakReference<String> validateOnce(String probe) {
        Element payload = sendMessageWithData(1, probe);
        // the validator keeps the interned string (its own substring of the qualified name): this is that instance
        WeakReference<String> name = new WeakReference<>(probe.intern());
        SCHEMAS.validate(payload);
        return name;
    }

    /** The schema-valid sendMessage of requests/unsigned-sendMessage.xml, its data holding {@code count} elements. */
    private static Element sendMessageWithData(int count, String localName) {
        Document envelope = SecureXml.parse(TestResources.read("requests/unsigned-sendMessage.xml"));
        Element data = (Element) envelope.getElementsByTagNameNS("*", "data").item(0);
        while (data.getFirstChild() != null) {
            data.removeChild(data.getFirstChild());
        }
        Element holder = envelope.createElementNS("urn:probe", "p:holder");
        for (int i = 0; i < count; i++) {
            holder.appendChild(envelope.createElementNS("urn:probe", "p:" + localName));
        }
        data.appendChild(holder);
        return SoapEnvelopes.payload(envelope);
    }
}
