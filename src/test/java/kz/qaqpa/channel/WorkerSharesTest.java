package kz.qaqpa.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import kz.qaqpa.fault.ShepException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** quota48: the rule of {@link WorkerShares} on the class itself (WorkerShareTest runs it over HTTP). */
class WorkerSharesTest {
    private final List<String> counted = new ArrayList<>();
    /** 32 workers at 75%: 24 for one sender while others need a worker. */
    private final WorkerShares shares = new WorkerShares(32, 75, counted::add);
    /** Requests waiting for a worker, as the port would count them. */
    private int waiting;

    @BeforeEach
    void port() {
        shares.watch(() -> waiting);
    }

    @Test
    void aSenderAloneTakesEveryWorkerWhileNoRequestWaitsForOne() {
        take("PORTAL", 32);
        assertThat(shares.held("PORTAL")).isEqualTo(32);
        assertThat(counted).isEmpty();
    }

    @Test
    void whileRequestsWaitForAWorkerASenderAtTheCapIsRefusedNamingIt() {
        take("PORTAL", 30);
        waiting = 1;
        assertThatThrownBy(() -> shares.take("PORTAL")).isInstanceOf(WorkerShares.BeyondShare.class)
                .extracting(e -> ((ShepException) e).code().code()).isEqualTo("SCE911");
        assertThatThrownBy(() -> shares.take("PORTAL")).hasMessage("PORTAL holds 30 of the gateway's 32 worker"
                + " threads while requests wait for one: the most one sender then may hold is 24"
                + " (qaqpa.http.max-workers-per-sender-percent); send again later");
        assertThat(counted).containsExactly("PORTAL", "PORTAL");
        give("PORTAL", 6);
        assertThatThrownBy(() -> shares.take("PORTAL")).hasMessageContaining("PORTAL holds 24");
        shares.give("PORTAL");
        shares.take("PORTAL");
        // another sender's request is taken whatever PORTAL holds
        shares.take("CON");
        waiting = 0;
        shares.take("PORTAL");
        assertThat(shares.held("PORTAL")).isEqualTo(25);
    }

    @Test
    void sendersHoldingOneWorkerEachDoNotShrinkAFloodersShare() {
        for (String poller : List.of("MZH_EDU", "ALMATY_EDU", "ARCHIVE", "EASTANA")) {
            shares.take(poller);
        }
        waiting = 1;
        take("PORTAL", 24);
        assertThatThrownBy(() -> shares.take("PORTAL")).hasMessageContaining("PORTAL holds 24");
    }

    @Test
    void aSecondSenderSendingManyTakesHalfAndTheFirstTakesNoMoreUntilUnderHalf() {
        take("PORTAL", 24);
        take("CON", 12);
        assertThatThrownBy(() -> shares.take("CON")).hasMessage("CON holds 12 of the gateway's 32 worker threads,"
                + " its share while 2 senders hold several (24, qaqpa.http.max-workers-per-sender-percent, divided"
                + " among them); send again later");
        give("PORTAL", 12);
        assertThatThrownBy(() -> shares.take("PORTAL")).hasMessageContaining("PORTAL holds 12");
        shares.give("PORTAL");
        shares.take("PORTAL");
        assertThat(shares.held("PORTAL")).isEqualTo(12);
        // a third sender coming while both hold their halves still takes its first worker, and up to a third
        take("EASTANA", 8);
        assertThatThrownBy(() -> shares.take("EASTANA")).hasMessageContaining("EASTANA holds 8");
    }

    @Test
    void aShareIsAtLeastOneAndItsSettingIsBounded() {
        WorkerShares small = new WorkerShares(2, 1, counted::add);
        small.watch(() -> 1);
        small.take("PORTAL");
        assertThatThrownBy(() -> small.take("PORTAL")).hasMessageContaining("PORTAL holds 1");
        assertThatThrownBy(() -> new WorkerShares(32, 101, counted::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qaqpa.http.max-workers-per-sender-percent");
        assertThatThrownBy(() -> new WorkerShares(32, 0, counted::add))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void take(String sender, int workers) {
        for (int i = 0; i < workers; i++) {
            shares.take(sender);
        }
    }

    private void give(String sender, int workers) {
        for (int i = 0; i < workers; i++) {
            shares.give(sender);
        }
    }
}
