package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.contract.async.itypes.AsyncMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.store.Applications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * crl24 (attack23's leftover, sent over HTTP): the provider refuses for good (MESSAGE_NOT_ACCTEPTED, the contract's spelling, NOT_RESEND) the
 * portal's follow-up UPDATE carrying the consumer's consent (seed 002 para 8.10). The refusal is about that message,
 * not the application: the application keeps the consumer's answer and is not stopped (NOT_DELIVERED is for the
 * application's own message, `Applications.stopDelivery`, only while it is still ACCEPTED). Also when the provider
 * sent its offer before acknowledging the application itself (still ACCEPTED when the offer came): the consent moves
 * it on, so a refused consent cannot stop it either.
 */
class RefusedConsentTest {
    @RegisterExtension
    static final GatewayHarness gateway = PlayedProvider.gatewayOfferingAgainAtOnce();
    private static final PlayedProvider provider = new PlayedProvider(gateway);

    @Test
    void aRefusedConsentDoesNotStopTheApplication() {
        String correlationId = provider.offered(Channel.PORTAL);
        refuseTheConsent(correlationId);
        Applications.Application a = provider.application(correlationId);
        assertThat(a.statusCode()).isEqualTo("CONSENTED");
        assertThat(a.messageState()).isNotEqualTo("NOT_DELIVERED");
    }

    @Test
    void aRefusedConsentToAnOfferMadeBeforeTheAcknowledgementDoesNotStopTheApplication() {
        String correlationId = provider.submitted(Channel.PORTAL, "early-offer-");
        AsyncMessage request = provider.polled(correlationId);
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("ACCEPTED");
        provider.accepted(PlayedProvider.message("NOTIFICATION", correlationId,
                ShepXml.toElement(provider.offer(correlationId))));
        refuseTheConsent(correlationId);
        Applications.Application a = provider.application(correlationId);
        assertThat(a.statusCode()).isEqualTo("CONSENTED");
        assertThat(a.messageState()).isNotEqualTo("NOT_DELIVERED");
        provider.acknowledge(request.getMessageInfo().getMessageId(), "MESSAGE_ACCEPTED", "NOT_RESEND");
        assertThat(provider.application(correlationId).statusCode()).isEqualTo("CONSENTED");
    }

    /** The portal sends the applicant's signed consent; the provider fetches it and refuses it for good. */
    private static void refuseTheConsent(String correlationId) {
        provider.consentSent(correlationId, Instant.now());
        AsyncMessage queued = provider.polled(correlationId, "UPDATE");
        provider.acknowledge(queued.getMessageInfo().getMessageId(), "MESSAGE_NOT_ACCTEPTED", "NOT_RESEND");
    }
}
