package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Field paths of child steps are read by a walk of the DOM (ChildPath), the rest by XPath: whichever way, a path
 * selects exactly what the JDK's XPath selects from the same element, in the same order.
 */
class DocumentFieldsTest {
    private static final String NS = "urn:test:form";
    private static final String FORM = """
            <d:form xmlns:d="urn:test:form" xmlns:o="urn:test:other">
              <d:header><d:childIin> 200506504503 </d:childIin><o:childIin>999</o:childIin></d:header>
              <d:child><d:iin>111</d:iin><d:name><d:lastName>A<!-- c -->B</d:lastName></d:name></d:child>
              <o:child><d:iin>222</d:iin></o:child>
              <d:child><d:iin>333</d:iin><d:iin>334</d:iin></d:child>
              <d:child><d:name/></d:child>
              <childIin>unqualified</childIin>
              <d:empty>   </d:empty>
              <d:ӘріпKz.x-1>kazakh</d:ӘріпKz.x-1>
            </d:form>""";

    static Stream<String> paths() {
        return Stream.of("d:header/d:childIin", "d:child", "d:child/d:iin", "d:child[1]/d:iin", "d:child[2]/d:iin",
                "d:child[2]/d:iin[2]", "d:child[3]/d:iin", "d:child[9]", "d:child/d:name/d:lastName", "d:missing",
                "d:empty", "d:ӘріпKz.x-1", "childIin", "d:child[d:iin='333']/d:iin", "d:child | d:header",
                "d:child/d:iin[last()]", "d:header/d:childIin", "count(d:child)", "boolean(d:child[3])",
                "d:child[1]/d:iin=d:header/d:childIin", "d:*/d:iin", "d:*", "d:*[2]", "d:header | d:child | d:header",
                "d:child/d:iin | d:*/d:childIin | d:empty", "d:child[2]/d:iin[2] | d:child[1]/d:iin", "d:missing | d:empty");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aPathSelectsWhatXPathSelects(String path) throws Exception {
        Element form = form();
        boolean nodeSet = !path.startsWith("count(") && !path.startsWith("boolean(") && !path.contains("=d:");
        if (nodeSet) {
            List<Element> expected = xpathElements(form, path);
            assertThat(DocumentFields.elements(form, path)).containsExactlyElementsOf(expected);
            assertThat(DocumentFields.read(form, path))
                    .isEqualTo(expected.isEmpty() ? null : expected.get(0).getTextContent().trim());
        }
        String string = ((String) xpath().evaluate(path, form, XPathConstants.STRING)).trim();
        assertThat(DocumentFields.value(form, path)).isEqualTo(string.isEmpty() ? null : string);
    }

    @Test
    void childStepsAreWalkedAndOtherExpressionsAreNot() {
        assertThat(ChildPath.of("d:child[1]/d:iin")).hasValue(new ChildPath(
                List.of(new ChildPath.Step("child", 1), new ChildPath.Step("iin", 0))));
        for (String other : List.of("childIin", "d:child[0]", "d:child[last()]", "d:a//d:b", "./d:a", "d:a/@b",
                "d:a/text()", "x:a", "d:a | d:b", " d:a", "d:a/", "d:a[1][2]")) {
            assertThat(ChildPath.of(other)).as(other).isEmpty();
        }
    }

    /** perf54: the route files' persons with a birth date (field.birthDated) are unions of child steps, walked too. */
    @Test
    void unionsOfChildStepsAreWalkedAndOthersAreNot() {
        assertThat(ChildPaths.of("d:applicant | d:*/d:child|d:adopter/d:spouse")).hasValueSatisfying(
                u -> assertThat(u.alternatives()).containsExactly(ChildPath.of("d:applicant").orElseThrow(),
                        ChildPath.of("d:*/d:child").orElseThrow(), ChildPath.of("d:adopter/d:spouse").orElseThrow()));
        for (String other : List.of("d:a | x:b", "d:a |", "| d:a", "d:a || d:b", "d:a | d:b[last()]", "d:a | count(d:b)",
                " d:a | d:b")) {
            assertThat(ChildPaths.of(other)).as(other).isEmpty();
        }
    }

    /**
     * perf54: a union of child steps, as the intake's birth-date check reads for every application, allocates little.
     * Through the JDK's XPath it allocated its tables of the document at each read, some 1 MB an application in (c)'s
     * profile (seen failing so: over a megabyte for these reads).
     */
    @Test
    void aUnionOfChildStepsIsReadWithoutXPathsTables() throws Exception {
        Element form = form();
        String persons = "d:header | d:*/d:iin | d:child";
        DocumentFields.elements(form, persons);

        long allocated = kz.qaqpa.Allocations.during(() -> {
            for (int i = 0; i < 10; i++) {
                DocumentFields.elements(form, persons);
            }
        });

        assertThat(allocated).as("bytes allocated by 10 reads of a union").isLessThan(100_000);
    }

    @Test
    void aPathWithAnotherPrefixIsABrokenRouteFileEitherWay() throws Exception {
        Element form = form();
        assertThatThrownBy(() -> DocumentFields.read(form, "o:child/d:iin")).isInstanceOf(ShepException.class)
                .hasMessageContaining("o:child/d:iin");
    }

    /** Whichever way a broken path is read (a node, a string, a node set), it is the route file's mistake, by name. */
    @Test
    void aBrokenPathIsAnInternalErrorNamingIt() throws Exception {
        Element form = form();
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> reads = List.of(
                () -> DocumentFields.read(form, "o:child"), () -> DocumentFields.value(form, "o:child"),
                () -> DocumentFields.elements(form, "o:child"), () -> DocumentFields.readAll(form, "o:child"),
                () -> DocumentFields.value(form, "count(d:child"));
        for (var read : reads) {
            assertThatThrownBy(read).isInstanceOfSatisfying(ShepException.class,
                    e -> assertThat(e.code()).isEqualTo(FaultCode.INTERNAL_ERROR))
                    .hasMessageContaining("the regulation's field path").hasMessageContaining("is broken");
        }
    }

    private static Element form() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(FORM))).getDocumentElement();
    }

    private static List<Element> xpathElements(Element form, String path) throws Exception {
        NodeList nodes = (NodeList) xpath().evaluate(path, form, XPathConstants.NODESET);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static XPath xpath() {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return "d".equals(prefix) ? NS : null;
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xpath;
    }
}
