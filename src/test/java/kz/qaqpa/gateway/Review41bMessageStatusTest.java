package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * review41b (session 41): getMessageStatus by a later message (fix41, review40 row 6) answers from the message log's
 * entry (sender, messageId). Over real signed HTTP, the test playing the kindergarten service's provider (EASTANA):
 * a later message is answered only to the sender that sent it, and names only the application its own answer named.
 * Coverage the suite lacked (BadInputTest covers an application's first messageId only). docs/security.md
 * "### review41b".
 */
class Review41bMessageStatusTest {
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gateway();
    static final PlayedProvider provider = new PlayedProvider(gateway);

    /**
     * The portal's consent (an UPDATE) is answered to the portal by its messageId; the ЦОН, another channel, asking by
     * the same messageId, learns nothing (SCE030), nor does the portal asking by the provider's REGISTERED
     * notification's messageId, an answer it never got.
     */
    @Test
    void aLaterMessageIsAnsweredOnlyToItsSender() {
        String correlationId = provider.delivered(Channel.PORTAL);
        SendMessage registered = PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(PlayedProvider.status(correlationId, "REGISTERED", "ЖАО-41b-1")));
        provider.accepted(registered);
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        SendMessage consent = PlayedProvider.channelMessage(Channel.PORTAL, "UPDATE", correlationId, PlayedProvider
                .consent(correlationId, true, Instant.now(), gateway.pki().key("citizen-aigerim")));
        String consentId = consent.getRequest().getMessageInfo().getMessageId();
        ShepAnswers.assertAccepted(gateway, provider.post(consent, "portal"), consentId);

        assertThat(gateway.client(Channel.PORTAL).status(consentId).getStatus().getStatusCode()).isEqualTo("CONSENTED");
        assertThatThrownBy(() -> gateway.client(Channel.CON).status(consentId))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
        String providersMessage = registered.getRequest().getMessageInfo().getMessageId();
        assertThatThrownBy(() -> gateway.client(Channel.PORTAL).status(providersMessage))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
    }

    /**
     * A later message refused (the ЦОН's consent to the portal's application: SCE0xx) leaves no entry: asking by its
     * messageId is SCE030, as for a message never sent, not the application's status.
     */
    @Test
    void aRefusedLaterMessageTellsNothing() {
        String correlationId = provider.offered(Channel.PORTAL);
        SendMessage consent = PlayedProvider.channelMessage(Channel.CON, "UPDATE", correlationId, PlayedProvider
                .consent(correlationId, true, Instant.now(), gateway.pki().key("citizen-aigerim")));
        String consentId = consent.getRequest().getMessageInfo().getMessageId();
        assertThat(provider.post(consent, "con").status()).isEqualTo(500);
        assertThatThrownBy(() -> gateway.client(Channel.CON).status(consentId))
                .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                        f -> assertThat(f.error().getErrorCode()).isEqualTo("SCE030"));
    }
}
