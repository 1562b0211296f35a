package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import kz.qaqpa.trust.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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

    private static final Map<String, Set<String>> TEXT_TYPES = Map.of(
            "Text", Set.of(".*[^\\p{Z}\\p{Cc}\\p{Cf}].*"),
            "LongText", Set.of("[\\p{Z}\\p{Cc}\\p{Cf}]*[^\\p{Z}\\p{Cc}\\p{Cf}][\\s\\S]*"));

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
