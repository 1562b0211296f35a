package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import kz.qaqpa.regulation.VisibleText;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.xml.XmlCharacters;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Every pattern facet of the contract's and the documents' schemas that repeats without bound sits beside a
 * maxLength within {@link ContractSchemas#PATTERN_TEXT_LIMIT}: the JDK's regex takes time quadratic in a text's length
 * and reads it before its maxLength, so a longer text is first held to its length (ContractSchemas.validate) and
 * only then shown to the pattern. A pattern without such a bound would read a text of megabytes.
 */
class SchemaPatternsTest {
    @Test
    void everyUnboundedPatternHasAShortMaximumLength() throws IOException {
        List<String> unbounded = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("xsd")), Files.walk(Path.of("wsdl/types")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xsd")).toList()) {
                NodeList patterns = SecureXml.parse(Files.readAllBytes(file))
                        .getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "pattern");
                for (int i = 0; i < patterns.getLength(); i++) {
                    Element pattern = (Element) patterns.item(i);
                    String value = pattern.getAttribute("value");
                    if (repeatsWithoutBound(value)) {
                        checked++;
                        if (maxLength((Element) pattern.getParentNode()) > ContractSchemas.PATTERN_TEXT_LIMIT) {
                            unbounded.add(file + ": " + value);
                        }
                    }
                }
            }
        }
        assertThat(checked).as("unbounded patterns found (the check reads the files)").isPositive();
        assertThat(unbounded).as("patterns repeating without bound and no maxLength within the limit").isEmpty();
    }

    /**
     * "At least one visible character" is one definition: every form schema's Text (one line) and LongText (a
     * paragraph) carry the same pattern, the one that refuses a value of Unicode spaces, controls and format characters
     * (BadInputTest#anApplicantNameWithNothingVisible shows it over HTTP). A schema that kept XML Schema's bare
     * {@code \S} would let a no-break or zero-width space pass for a filled-in field.
     */
    @Test
    void everyFormSchemaCountsVisibleCharactersAlike() throws IOException {
        Map<String, Set<String>> patterns = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("xsd"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xsd")).toList()) {
                NodeList types = SecureXml.parse(Files.readAllBytes(file))
                        .getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "simpleType");
                for (int i = 0; i < types.getLength(); i++) {
                    Element type = (Element) types.item(i);
                    if (TEXT_TYPES.containsKey(type.getAttribute("name"))) {
                        Element pattern = (Element) type.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI,
                                "pattern").item(0);
                        patterns.computeIfAbsent(type.getAttribute("name"), n -> new TreeSet<>())
                                .add(pattern == null ? "(none)" : pattern.getAttribute("value"));
                    }
                }
            }
        }
        assertThat(patterns).isEqualTo(TEXT_TYPES);
    }

    /** A letter, number, symbol or punctuation mark, or a character of planes 1 to 3, but none that prints nothing. */
    private static final String VISIBLE = "[\\p{L}\\p{N}\\p{S}\\p{P}\ud800\udc00-\ud8bf\udfff-[\u115f\u1160\u3164\uffa0\u2800"
            + "\ud804\udcbd\ud804\udccd\ud80d\udc30-\ud80d\udc3f\ud82f\udca0-\ud82f\udca3\ud834\udd59"
            + "\ud834\udd73-\ud834\udd7a]]";

    /**
     * What a file name may not hold: a path separator or drive mark, a control, format (bidi) or private-use character,
     * a line or paragraph separator, the plane-1 format controls and planes 14 to 16 (tags, private use).
     */
    private static final String NOT_IN_A_FILE_NAME = "/\\\\:\\p{Cc}\\p{Cf}\\p{Co}\\p{Zl}\\p{Zp}\ud804\udcbd\ud804\udccd"
            + "\ud80d\udc30-\ud80d\udc3f\ud82f\udca0-\ud82f\udca3\ud834\udd73-\ud834\udd7a\udb40\udc00-\udbff\udfff";

    /** attack52: the bidirectional embeddings, overrides and isolates, which no form field holds (BadInputTest). */
    private static final String BIDI_SCOPES = "\u202a-\u202e\u2066-\u2069";

    /** One line (XML Schema's {@code .} is {@code [^\n\r]}) with no bidirectional scope and something visible. */
    private static final String TEXT = "[^\\n\\r" + BIDI_SCOPES + "]*" + VISIBLE + "[^\\n\\r" + BIDI_SCOPES + "]*";

    private static final Map<String, Set<String>> TEXT_TYPES = Map.of(
            "Text", Set.of(TEXT),
            "LongText", Set.of("[^" + BIDI_SCOPES + "]*" + VISIBLE + "[^" + BIDI_SCOPES + "]*"),
            "Comment", Set.of("[^" + BIDI_SCOPES + "]*"),
            "FileName", Set.of("[^" + NOT_IN_A_FILE_NAME + "]*" + VISIBLE.substring(0, VISIBLE.length() - 2)
                    + "\\./\\\\:]][^" + NOT_IN_A_FILE_NAME + "]*"));

    /**
     * attack51: every attachment's fileName in the form schemas is of the FileName type (a base name, bounded), none
     * a bare xs:string or a Text (which lets a path through). BadInputTest#anAttachmentsFileNameThatIsNoBaseName shows
     * it over HTTP.
     */
    @Test
    void everyFileNameIsABaseName() throws IOException {
        Map<String, String> types = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("xsd"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xsd")).toList()) {
                NodeList elements = SecureXml.parse(Files.readAllBytes(file))
                        .getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
                for (int i = 0; i < elements.getLength(); i++) {
                    Element element = (Element) elements.item(i);
                    if (element.getAttribute("name").equals("fileName")) {
                        types.put(file.getFileName().toString(), element.getAttribute("type"));
                    }
                }
            }
        }
        assertThat(types).as("the schemas with a fileName").hasSize(4)
                .allSatisfy((file, type) -> assertThat(type).endsWith(":FileName"));
    }

    /**
     * attack52 (attack51's Left): no element of a form schema is a bare xs:string, which takes any length up to the
     * message limit; serviceCode and correlationId were. The state registers' answers (person, legal-entity,
     * power-of-attorney) are the registers' words, not a client's, and are left out. BadInputTest's
     * aServiceCodeLongerThanAnyServiceId and aResultsCorrelationIdFarLongerThanAnyTheGatewayGives show it over HTTP.
     */
    @Test
    void noFormFieldIsAnUnboundedString() throws IOException {
        List<String> unbounded = new ArrayList<>();
        int forms = 0;
        try (Stream<Path> files = Files.list(Path.of("xsd"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xsd"))
                    .filter(f -> !REGISTER_ANSWERS.contains(f.getFileName().toString())).toList()) {
                forms++;
                NodeList elements = SecureXml.parse(Files.readAllBytes(file))
                        .getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
                for (int i = 0; i < elements.getLength(); i++) {
                    Element element = (Element) elements.item(i);
                    if (element.getAttribute("type").equals("xs:string")) {
                        unbounded.add(file.getFileName() + ": " + element.getAttribute("name"));
                    }
                }
            }
        }
        assertThat(forms).as("the form schemas read").isEqualTo(6);
        assertThat(unbounded).isEmpty();
    }

    /** The schemas of the state registers' look-ups, whose answers the gateway reads from the register itself. */
    private static final Set<String> REGISTER_ANSWERS = Set.of("person.xsd", "legal-entity.xsd",
            "power-of-attorney.xsd");

    /**
     * The gateway's own checks of provider and citizen text ({@link VisibleText}) count what the schemas' Text counts:
     * every character of the BMP XML can carry, and every 61st of the planes above with the edges of each range the
     * pattern names, is a one-character Text exactly when VisibleText sees it.
     */
    @Test
    void theGatewaysOwnChecksCountVisibleCharactersAsTheSchemasDo() throws Exception {
        Validator validator = oneTextSchema().newValidator();
        List<String> disagree = new ArrayList<>();
        IntStream.concat(IntStream.range(0, 0x10000), IntStream.concat(IntStream.range(0, 0x100000 / 61)
                .map(i -> 0x10000 + i * 61), IntStream.of(0x10000, 0x3FFFF, 0x40000, 0x110BD, 0x110CD, 0x1342F,
                        0x13430, 0x1343F, 0x13440, 0x1BC9F, 0x1BCA0, 0x1BCA3, 0x1BCA4, 0x1D158, 0x1D159, 0x1D15A,
                        0x1D172, 0x1D173, 0x1D17A, 0x1D17B, 0x1F600, 0x20000, 0xE0041, 0xE0100, 0xF0000, 0x10FFFD)))
                .filter(c -> XmlCharacters.carries(Character.toString(c)))
                .filter(c -> accepted(validator, c) != VisibleText.shows(Character.toString(c)))
                .limit(20).forEach(c -> disagree.add(String.format("U+%04X", c)));
        assertThat(disagree).isEmpty();
        assertThat(accepted(validator, 'Қ')).as("the check reads the pattern").isTrue();
        assertThat(accepted(validator, 0x3164)).as("the check reads the pattern").isFalse();
    }

    /** A schema of one element of the form schemas' Text. */
    private static Schema oneTextSchema() throws Exception {
        String pattern = TEXT;
        Element schema = SecureXml.parse(("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element name='e'>"
                + "<xs:simpleType><xs:restriction base='xs:string'><xs:pattern value='x'/></xs:restriction>"
                + "</xs:simpleType></xs:element></xs:schema>").getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        ((Element) schema.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "pattern").item(0))
                .setAttribute("value", pattern);
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new DOMSource(schema));
    }

    private static boolean accepted(Validator validator, int c) {
        try {
            validator.validate(new StreamSource(new StringReader(String.format("<e>&#x%X;</e>", c))));
            return true;
        } catch (SAXException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A quantifier {@code *}, {@code +} or {@code {n,}} outside escapes and character classes. */
    private static boolean repeatsWithoutBound(String pattern) {
        String bare = pattern.replaceAll("\\\\.", "").replaceAll("\\[[^\\]]*]", "");
        return bare.matches(".*([*+]|\\{\\d+,}).*");
    }

    private static long maxLength(Element restriction) {
        NodeList facets = restriction.getChildNodes();
        long max = Long.MAX_VALUE;
        for (int i = 0; i < facets.getLength(); i++) {
            if (facets.item(i) instanceof Element facet && (facet.getLocalName().equals("maxLength")
                    || facet.getLocalName().equals("length"))) {
                max = Math.min(max, Long.parseLong(facet.getAttribute("value")));
            }
        }
        return max;
    }
}
