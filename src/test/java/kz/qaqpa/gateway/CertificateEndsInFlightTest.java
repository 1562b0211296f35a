package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import kz.qaqpa.TrustSetup;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.evidence.CalledSystems;
import kz.qaqpa.evidence.MessageLogEvidence;
import kz.qaqpa.evidence.Verdict;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.trust.DocumentSigner;
import kz.qaqpa.trust.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * A signer's certificate that ends while what it signed is on its way through the gateway (session 29, attack13),
 * over real signed HTTP with the test PKI: the provider's employee signs a result with a certificate valid for a few
 * seconds more; the gateway takes it while it is valid, and the portal's callback system takes the result only after
 * the certificate has ended.
 */
class CertificateEndsInFlightTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough to sign and send the result while the certificate is valid, on a loaded machine. */
    private static final Duration VALID_FOR = Duration.ofSeconds(8);
    private static final GatewayHarness harness = PlayedProvider.gateway()
            .with("qaqpa.outbox.first-retry-pause", "PT0.1S");
    private static final CallbackProxy portal = proxy();
    @RegisterExtension
    static final GatewayHarness gateway = harness.with("qaqpa.sender.PORTAL.callback", portal.url());
    private static final PlayedProvider provider = new PlayedProvider(gateway);

    private static CallbackProxy proxy() {
        try {
            return CallbackProxy.recording(harness, "portal");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean callbackLoggedAfter(String correlationId, Instant ended) {
        return gateway.assembly().messageChain().ofApplication(correlationId).stream()
                .anyMatch(r -> MessageChain.CALLBACK.equals(r.kind()) && Instant.parse(r.loggedAt()).isAfter(ended));
    }

    @AfterAll
    static void closeProxy() {
        portal.close();
    }

    /**
     * The callback carrying the result is logged when the portal takes it, after the employee's certificate ended.
     * The gateway took the result while the certificate was valid (its request record shows when), and a signature
     * made then does not end with the certificate (validity at signing time, as XAdES judges it): the log must verify.
     * Before, the verifier judged the passed-on document's certificate at the callback's time and the whole log was
     * BAD ("certificate … expired") for a genuine record.
     */
    @Test
    void aResultWhoseSignersCertificateEndsBeforeItsCallbackKeepsTheLogVerifiable() throws IOException {
        portal.answerWith("<not-an-answer/>".getBytes(StandardCharsets.UTF_8));
        String correlationId = provider.delivered(Channel.PORTAL);
        String number = provider.register(correlationId);
        KeyMaterial ending = gateway.pki().issueEndingIn(PlayedProvider.EMPLOYEE_KEY, VALID_FOR);
        Element refusal = ShepXml.toElement(provider.refusal(correlationId, number));
        DocumentSigner.sign(refusal, ending);
        provider.accepted(PlayedProvider.message("RESPONSE", correlationId, refusal));

        Pause.sleep(Duration.between(Instant.now(), ending.certificate().getNotAfter().toInstant().plusSeconds(1)));
        portal.passOn();
        assertThat(gateway.mocks().portal().awaitResult(correlationId, WAIT)).as("the result at the portal").isPresent();

        Instant ended = ending.certificate().getNotAfter().toInstant();
        Instant until = Instant.now().plus(WAIT);
        while (!callbackLoggedAfter(correlationId, ended) && Instant.now().isBefore(until)) {
            Pause.sleep(Duration.ofMillis(100)); // the callback is logged once the portal's answer is read
        }
        assertThat(callbackLoggedAfter(correlationId, ended)).as("the callback logged after the end").isTrue();
        String console = "/message-log/";
        // session 31: judged at its arrival, the request that brought it, and the verdict says so
        assertThat(RawSoap.consoleGet(gateway, console + "verify").text()).startsWith("OK")
                .contains("passed on after their signer's certificate ended were judged at their arrival");
        Path export = Files.createTempFile("export", ".zip");
        try {
            Files.write(export, RawSoap.consoleGet(gateway, console + "export/" + correlationId.replaceAll("[{}]", "")).body());
            Verdict offline = MessageLogEvidence.verifyExport(export, TrustSetup.trustedCertificates(gateway.settings()),
                    TrustSetup.gatewayBin(gateway.settings()).orElse(null), CalledSystems.of(gateway.settings()), null);
            assertThat(offline.toString()).startsWith("OK")
                    .contains("passed on after their signer's certificate ended were judged at their arrival");
        } finally {
            Files.delete(export);
        }
    }
}
