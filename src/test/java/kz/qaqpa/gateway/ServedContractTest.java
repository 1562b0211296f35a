package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/**
 * The contract as a client behind a reverse proxy fetches it: the gateway runs with {@code qaqpa.public-url} set to
 * the proxy's address (another host name and a path prefix) and is asked for {@code ?wsdl} on its own address, as
 * the proxy forwards it. The WSDL's soap:address and every {@code ?wsdl=}/{@code ?xsd=} link must name the public
 * address: a client generated from it calls, and a code generator fetches, what it is given. Before, CXF wrote the
 * address the request came to (the gateway's own host and port, unreachable from outside). Also what the served
 * text tells integrators the gateway does (when an unacknowledged message comes again).
 */
class ServedContractTest {
    private static final String PREFIX = "/gateway";

    @RegisterExtension
    static final GatewayHarness gateway = behindAProxy(GatewayHarness.perClass());

    /** 127.0.0.1 where the gateway's own URLs say localhost: the same server under a name the request did not use. */
    private static GatewayHarness behindAProxy(GatewayHarness harness) {
        return harness.with("qaqpa.public-url", "http://127.0.0.1:" + harness.property("qaqpa.http.port") + PREFIX + "/")
                .with("qaqpa.mocks.enabled", "false");
    }

    private static String publicBase() {
        return "http://127.0.0.1:" + gateway.property("qaqpa.http.port") + PREFIX;
    }

    /** What the proxy does: the public address back to the gateway's own. */
    private static String throughTheProxy(String publicUrl) {
        assertThat(publicUrl).startsWith(publicBase());
        return "http://localhost:" + gateway.property("qaqpa.http.port") + publicUrl.substring(publicBase().length());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/shep/async", "/shep/sync"})
    void theServedWsdlNamesThePublicAddressInItsAddressAndItsLinks(String path) {
        RawSoap.Response wsdl = RawSoap.get(throughTheProxy(publicBase() + path) + "?wsdl");
        assertThat(wsdl.status()).as(wsdl.toString()).isEqualTo(200);
        Element address = (Element) wsdl.document().getElementsByTagNameNS("http://schemas.xmlsoap.org/wsdl/soap/", "address")
                .item(0);
        assertThat(address.getAttribute("location")).isEqualTo(publicBase() + path);

        Deque<String> toFetch = new ArrayDeque<>(links(wsdl.text()));
        Set<String> fetched = new HashSet<>();
        while (!toFetch.isEmpty()) {
            String link = toFetch.poll();
            if (!fetched.add(link)) {
                continue;
            }
            assertThat(link).as("a link in the served contract").startsWith(publicBase() + path + "?");
            RawSoap.Response document = RawSoap.get(throughTheProxy(link));
            assertThat(document.status()).as(link + "\n" + document).isEqualTo(200);
            SecureXml.parse(document.body());
            toFetch.addAll(links(document.text()));
        }
        assertThat(fetched).as("the port type's WSDL and the schemas").anyMatch(l -> l.contains("?wsdl="))
                .anyMatch(l -> l.endsWith("?xsd=types/common.xsd"));
    }

    @Test
    void theCatalogueAndTheWsdlAgreeOnThePublicAddress() {
        RawSoap.Response catalogue = RawSoap.get(throughTheProxy(publicBase() + "/catalogue"));
        assertThat(catalogue.status()).isEqualTo(200);
        assertThat(catalogue.text().replace("\\/", "/")).as("the JSON, its slashes unescaped").contains(publicBase() + "/catalogue/").doesNotContain("localhost")
                .doesNotContain(PREFIX + "//");
    }

    private static Set<String> links(String document) {
        Set<String> links = new HashSet<>();
        Matcher link = Pattern.compile("(?:schemaLocation|location)=\"([^\"]*\\?(?:xsd|wsdl)=[^\"]*)\"").matcher(document);
        while (link.find()) {
            links.add(link.group(1).replace("&amp;", "&"));
        }
        return links;
    }

    /**
     * review40 (session 40, docs/security.md "### review40"): the served contract (what wsdl2java and svcutil read, and integrators with them) documents getMessages as
     * "unacknowledged messages are offered again on the next poll"; the gateway offers one again only after
     * qaqpa.provider.redelivery-after (1 minute; README "Polling", RedeliveryTest). An integrator that lost a poll's
     * answer and polls again, as the served text promises, gets nothing and may take the queue for empty. Expected:
     * the served annotation says what the gateway does. On 6e8f803e: the old sentence (wsdl/types/async-types.xsd).
     */
    @Test
    void theServedContractTellsWhenAnUnacknowledgedMessageComesAgain() {
        RawSoap.Response xsd = RawSoap.get(gateway.asyncUrl() + "?xsd=types/async-types.xsd");
        assertThat(xsd.status()).isEqualTo(200);
        assertThat(xsd.text()).contains("AsyncGetMessagesRequest")
                .doesNotContain("offered again on the next poll")
                // review40's "Left" bullet (fix41): a poll's optional messageId and correlationId are not read
                .contains("Not read by this gateway");
    }
}
