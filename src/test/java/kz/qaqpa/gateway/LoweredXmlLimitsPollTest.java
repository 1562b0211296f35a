package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * review50 (LOW): the XML limits (qaqpa.xml.*) lowered after applications were queued. A queued body over the new
 * limits made the whole poll fail (SCE001), and every poll after it, so the other applications of the service never
 * reached their provider. Now that message is left out with an ERROR naming its application, and the others go. Over
 * real signed HTTP, the test playing the provider (EASTANA).
 */
class LoweredXmlLimitsPollTest {
    /** Declared on the wide application's root besides its own: allowed at intake (the default limit is 100). */
    private static final int EXTRA_NAMESPACES = 40;
    /** qaqpa.xml.max-namespaces-in-scope after the restart: below the wide body's, above what the rest needs. */
    private static final int LOWERED_NAMESPACES = 30;
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    @Test
    void aQueuedMessageOverTheLoweredLimitsIsLeftOutAndTheOthersGo() {
        String wide = submitted(SampleApplication.on(Channel.PORTAL), "wide", form -> {
            for (int i = 0; i < EXTRA_NAMESPACES; i++) {
                form.setAttributeNS(XMLNS, "xmlns:extra" + i, "urn:example:extra:" + i);
            }
        });
        String plain = submitted(SampleApplication.on(Channel.PORTAL), "plain", form -> { });
        Map<String, Long> declared = provider.poll(100).stream().collect(Collectors.toMap(
                m -> m.getMessageInfo().getCorrelationId(), LoweredXmlLimitsPollTest::namespacesOfBody));
        assertThat(declared.get(wide)).as("namespace declarations of the bodies as handed out %s", declared)
                .isGreaterThan(declared.get(plain) + EXTRA_NAMESPACES / 2);

        // restarted with room in scope for the plain body's declarations, and the gateway's own documents', only
        gateway.stop();
        gateway.with("qaqpa.xml.max-namespaces-in-scope", String.valueOf(LOWERED_NAMESPACES)).start();
        try (LogLines log = new LogLines()) {
            // the provider mock's poll at the start (before the harness pauses it) takes the plain one and acknowledges
            // it (the wide one left out): another plain one, queued after the wide one, for the test's poll
            String later = submitted(SampleApplication.on(Channel.PORTAL), "later", form -> { });
            // line51 (review50b, LOW): a poll for one message; the wide one, queued first, is left out and its place
            // goes to the next (before: it took the poll's one place, and each such poll came back empty)
            List<String> polled = provider.poll(1).stream().map(m -> m.getMessageInfo().getCorrelationId()).toList();
            assertThat(polled).as("a poll for one message, the wide one left out").hasSize(1).doesNotContain(wide)
                    .containsAnyOf(plain, later);
            assertThat(provider.application(wide).statusCode()).as("the wide one, never handed out").isEqualTo("ACCEPTED");
            assertThat(log.containing("application " + wide)).as("what the operator reads")
                    .anySatisfy(line -> assertThat(line).contains("left out of the poll").contains("namespace"));
        }
    }

    /** {@code sample} with {@code edit} made to its form before it is signed, accepted; its correlationId. */
    private static String submitted(SampleApplication sample, String messageId, Consumer<Element> edit) {
        Element form = ShepXml.toElement(sample.build());
        edit.accept(form);
        DocumentSigner.sign(form, gateway.pki().key(sample.signerAlias()));
        return gateway.client(Channel.PORTAL).submit(form, messageId).getCorrelationId();
    }

    /** The namespace declarations of the body as handed out. */
    private static long namespacesOfBody(AsyncMessage message) {
        String body = SecureXml.toString(firstElement((Element) message.getMessageData().getData()));
        return Pattern.compile("xmlns[:=]").matcher(body).results().count();
    }

    private static Element firstElement(Element data) {
        for (org.w3c.dom.Node n = data.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalStateException("no document in the message's data");
    }
}
