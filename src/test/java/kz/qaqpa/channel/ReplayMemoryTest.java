package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kz.qaqpa.MovableClock;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.Test;

/**
 * replay44: what {@link ReplayMemory} holds whatever clients send. Each answered poll or status query is remembered
 * until its date leaves the window, then forgotten (its bytes are SCE018 by then); at most {@code max} at once, and at
 * that many a new one is refused as the gateway's busy (SCE911) while the remembered ones stay refused as replays;
 * each registered sender holds an equal share of that many, so one at its share leaves the others room (replay45).
 * Over real HTTP: {@code ReplayedPollTest}.
 */
class ReplayMemoryTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    /** Two senders, two requests each (replay45: a share each). */
    private final ReplayMemory memory = new ReplayMemory(4, List.of("P1", "P2"), WINDOW, clock);

    @Test
    void aRequestIsRememberedUntilItsDateLeavesTheWindow() {
        Instant sent = clock.instant().minus(Duration.ofMinutes(5));
        assertThat(memory.remember("P1", "a", sent.plus(WINDOW), "a")).isTrue();
        assertThat(memory.remember("P1", "a", sent.plus(WINDOW), "a again")).as("the same again").isFalse();
        clock.move(Duration.ofMinutes(9));
        assertThat(memory.remember("P1", "a", sent.plus(WINDOW), "a again")).as("a second before its date leaves")
                .isFalse();
        clock.move(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(memory.remember("P1", "a", sent.plus(WINDOW), "a after the window"))
                .as("forgotten once its date is out of the window, where freshness refuses it").isTrue();
    }

    @Test
    void atItsShareASendersNewRequestIsRefusedAsBusyAndNoneIsForgotten() {
        Instant until = clock.instant().plus(WINDOW);
        assertThat(memory.remember("P1", "a", until, "a")).isTrue();
        assertThat(memory.remember("P1", "b", until, "b")).isTrue();
        assertThatThrownBy(() -> memory.remember("P1", "c", until, "c")).isInstanceOf(ShepException.class)
                .hasMessageContaining("P1").hasMessageContaining("qaqpa.message-date.max-remembered")
                .satisfies(e -> assertThat(((ShepException) e).code()).isEqualTo(FaultCode.GATEWAY_BUSY));
        assertThat(memory.remember("P1", "a", until, "a again")).as("a replay at the limit is still a replay").isFalse();
        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.remember("P2", "d", until, "d")).as("another sender's own share is untouched").isTrue();
        assertThat(memory.remember("P2", "e", until, "e")).isTrue();
        assertThatThrownBy(() -> memory.remember("P2", "f", until, "f")).isInstanceOf(ShepException.class);
        assertThat(memory.size()).as("never more than qaqpa.message-date.max-remembered in all").isEqualTo(4);

        clock.move(WINDOW.plusSeconds(1));
        assertThat(memory.remember("P1", "c", clock.instant().plus(WINDOW), "c later"))
                .as("room again once the others' window passed").isTrue();
    }

    /**
     * attack64: a recipient's signed answers to callbacks: the same one again is a replay; at its share a new answer
     * is taken unremembered (no SCE911: the memory never holds a callback back), so it is no replay if it comes again,
     * and a remembered one still is. Forgotten, it is taken again (its delivery was not recorded). A recipient that is
     * no registered sender is taken unremembered.
     */
    @Test
    void atItsShareARecipientsNewAnswerIsTakenUnrememberedAndNoCallbackHeld() {
        Instant until = clock.instant().plus(WINDOW.multipliedBy(2));
        assertThat(memory.rememberAnswer("P1", "a", until)).isTrue();
        assertThat(memory.rememberAnswer("P1", "a", until)).as("the same signed answer again").isFalse();
        assertThat(memory.rememberAnswer("P1", "b", until)).isTrue();
        assertThat(memory.rememberAnswer("P1", "c", until)).as("at the share: taken").isTrue();
        assertThat(memory.rememberAnswer("P1", "c", until)).as("unremembered, so taken again").isTrue();
        assertThat(memory.rememberAnswer("P1", "a", until)).as("a remembered one is still a replay").isFalse();
        assertThat(memory.size()).isEqualTo(2);
        memory.forgetAnswer("P1", "a", until);
        assertThat(memory.rememberAnswer("P1", "a", until)).as("forgotten: its delivery was not recorded").isTrue();
        assertThat(memory.rememberAnswer("UNKNOWN", "z", until)).isTrue();
        assertThat(memory.rememberAnswer("UNKNOWN", "z", until)).isTrue();
    }

    @Test
    void aShareIsAtLeastOneAndOnlyARegisteredSenderClaims() {
        assertThatThrownBy(() -> new ReplayMemory(1, List.of("P1", "P2"), WINDOW, clock))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("qaqpa.message-date.max-remembered");
        assertThatThrownBy(() -> memory.remember("NOT_REGISTERED", "a", clock.instant().plus(WINDOW), "a"))
                .isInstanceOf(IllegalStateException.class);
    }
    /**
     * attack49 (session 48's LOW, the claim's give-back): a refused copy's claim is given back twice, by the fault
     * (Faults.respond, at once) and by its exchange's completion (later). Given back by value, the late one removed the
     * claim of the very same bytes sent again meanwhile (the same SignedInfo, the same date: the same entry), which was
     * then being answered, so a third copy was answered too (a captured poll: the provider's queue handed out again).
     * Now each claim is given back once, its own.
     */
    @Test
    void aRefusedCopysLateGiveBackLeavesTheNextCopysClaim() {
        Instant sent = clock.instant().minus(Duration.ofMinutes(1));
        org.apache.camel.Exchange refused = pollOf("P1", "poll-1");
        memory.claim(refused, sent);
        ReplayMemory.giveBack(refused); // its fault, at once

        org.apache.camel.Exchange again = pollOf("P1", "poll-1");
        memory.claim(again, sent); // the same bytes sent again on the fault: claimed, being answered
        ReplayMemory.giveBack(refused); // the refused exchange's completion, later

        assertThatThrownBy(() -> memory.claim(pollOf("P1", "poll-1"), sent)).as("a third copy is a replay")
                .isInstanceOfSatisfying(ShepException.class,
                        e -> assertThat(e.code()).isEqualTo(FaultCode.REQUEST_REPLAYED));
    }

    /** An authenticated {@code sender}'s poll whose canonical SignedInfo is {@code signedInfo}'s bytes. */
    private static org.apache.camel.Exchange pollOf(String sender, String signedInfo) {
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        exchange.setVariable(Inbound.VARIABLE, new Inbound("getMessages", "session-" + signedInfo, null, null, null, null,
                null, null, null, signedInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new kz.qaqpa.registry.Sender(sender, "secret", "000000000000", java.util.Set.of(), java.util.Set.of(),
                        java.util.Set.of(), null)));
        return exchange;
    }
}
