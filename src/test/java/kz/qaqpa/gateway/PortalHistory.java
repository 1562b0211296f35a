package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kz.qaqpa.mocks.channel.ChannelMock;

/**
 * The portal's «Қызметтер алу тарихы» / «История получения услуг» (seed 000 para 9, seed 001 para 10 / 9, seed 002
 * para 11, seed 003 para 10), as the portal mock keeps it: an application made on another channel has there every
 * status its channel was told, in the same order, named by the applicant; the channel is told as before.
 */
final class PortalHistory {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PortalHistory() {
    }

    /**
     * Waits for {@code last} on the channel and in the portal's history, then compares them: the same statuses (code,
     * state, text) in the same order; for another channel's application the applicant and channel the notices named
     * ({@code applicant}: applicantIin, applicantBin where an entity applied, channel) and no result on the portal,
     * while the channel heard nothing of the notices; for the portal's own application (channel the portal) nothing
     * twice and no applicant named.
     *
     * @return the statuses' codes as the channel got them
     */
    static List<String> assertTheSame(GatewayHarness gateway, ChannelMock channel, String messageId,
                                      String correlationId, String last, Map<String, String> applicant) {
        ChannelMock portal = gateway.mocks().portal();
        boolean own = channel == portal;
        // the portal's own application is known to it by its messageId, another channel's by the correlationId
        String inHistory = own ? messageId : correlationId;
        assertThat(channel.awaitStatus(messageId, last, WAIT)).as("the channel told " + last).isPresent();
        assertThat(portal.awaitStatus(inHistory, last, WAIT)).as("the portal's history told " + last).isPresent();
        List<ChannelMock.StatusEntry> told = channel.statuses(messageId);
        assertThat(told(portal.statuses(inHistory))).as("the portal's history").containsExactlyElementsOf(told(told));
        if (own) {
            assertThat(portal.applicant(inHistory)).isEmpty();
        } else {
            assertThat(portal.applicant(inHistory)).containsExactlyInAnyOrderEntriesOf(applicant);
            assertThat(portal.results(inHistory)).as("statuses only").isEmpty();
            assertThat(channel.applicant(correlationId)).as("the channel's own notifications").isEmpty();
        }
        return told.stream().map(ChannelMock.StatusEntry::statusCode).toList();
    }

    /** Each status as a channel saw it (code, state, text), a repeated delivery once: an observer against its channel. */
    static List<String> toldOnce(List<ChannelMock.StatusEntry> statuses) {
        return told(statuses).stream().distinct().toList();
    }

    /** Each status as a channel saw it: its code, state and text. */
    private static List<String> told(List<ChannelMock.StatusEntry> statuses) {
        return statuses.stream().map(e -> e.statusCode() + " " + e.messageState() + " " + e.statusMessage()).toList();
    }
}
