package kz.qaqpa.channel;

import static kz.qaqpa.channel.UnknownSenderFaultBudget.Decision.ALL_SKIP;
import static kz.qaqpa.channel.UnknownSenderFaultBudget.Decision.ALL_SKIP_AND_WARN;
import static kz.qaqpa.channel.UnknownSenderFaultBudget.Decision.LOG;
import static kz.qaqpa.channel.UnknownSenderFaultBudget.Decision.SKIP;
import static kz.qaqpa.channel.UnknownSenderFaultBudget.Decision.SKIP_AND_WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The token buckets behind attack48b's budget (the behaviour over HTTP: gateway.UnknownSenderFaultBudgetTest): a
 * network's budget refills evenly over the hour, a burst beyond it is warned of once, and the networks followed are
 * bounded.
 */
class UnknownSenderFaultBudgetBucketsTest {
    /** A gateway-wide budget the cases about one network's do not reach. */
    private static final long UNBOUNDED = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void aBurstBeyondTheBudgetIsWarnedOfOnceAndTheBudgetRefillsOverTheHour() throws UnknownHostException {
        UnknownSenderFaultBudget budget = new UnknownSenderFaultBudget(2, UNBOUNDED, now::get);
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        assertThat(budget.take(flooder)).isEqualTo(LOG);
        assertThat(budget.take(flooder)).isEqualTo(LOG);
        assertThat(budget.take(flooder)).isEqualTo(SKIP_AND_WARN);
        assertThat(budget.take(flooder)).isEqualTo(SKIP);
        assertThat(budget.take(InetAddress.getByName("192.0.2.2"))).as("another network's budget").isEqualTo(LOG);

        now.addAndGet(TimeUnit.MINUTES.toNanos(29));
        assertThat(budget.take(flooder)).as("half an hour is one of two an hour: not yet").isEqualTo(SKIP);
        now.addAndGet(TimeUnit.MINUTES.toNanos(2));
        assertThat(budget.take(flooder)).isEqualTo(LOG);
        assertThat(budget.take(flooder)).as("a new burst is warned of again").isEqualTo(SKIP_AND_WARN);

        now.addAndGet(TimeUnit.DAYS.toNanos(1));
        assertThat(budget.take(flooder)).isEqualTo(LOG);
        assertThat(budget.take(flooder)).isEqualTo(LOG);
        assertThat(budget.take(flooder)).as("a quiet day refills the budget, no more").isEqualTo(SKIP_AND_WARN);
    }

    /**
     * attack49: the table of networks is bounded, and a network whose budget is spent is not forgotten to make room (it
     * would come back with a full one): a client cycling one network more than the table holds had every fault
     * logged. Now the networks beyond share one budget until a network followed has refilled, and then take its place.
     */
    @Test
    void theNetworksFollowedAreBoundedAndASpentBudgetIsNotForgotten() throws UnknownHostException {
        UnknownSenderFaultBudget budget = new UnknownSenderFaultBudget(1, UNBOUNDED, now::get);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < UnknownSenderFaultBudget.NETWORKS_REMEMBERED; i++) {
                assertThat(budget.take(network(i))).as("round %d, network %d", round, i)
                        .isEqualTo(round == 0 ? LOG : SKIP_AND_WARN);
            }
        }
        assertThat(budget.take(network(-1))).as("the first network beyond the table: the shared budget").isEqualTo(LOG);
        assertThat(budget.take(network(-2))).as("the second: it is spent").isEqualTo(SKIP_AND_WARN);
        assertThat(budget.take(network(0))).as("the first network, still followed").isEqualTo(SKIP);

        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertThat(budget.take(network(-3))).as("an hour on: the least recently seen is full, forgotten").isEqualTo(LOG);
        assertThat(budget.take(network(-3))).as("in its place, with its own budget").isEqualTo(SKIP_AND_WARN);
    }

    private static InetAddress network(int i) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
    }

    @Test
    void anAddressNotKnownSharesOneBudgetAndZeroLogsNone() {
        UnknownSenderFaultBudget budget = new UnknownSenderFaultBudget(1, UNBOUNDED, now::get);
        assertThat(budget.take(null)).isEqualTo(LOG);
        assertThat(budget.take(null)).isEqualTo(SKIP_AND_WARN);
        assertThat(new UnknownSenderFaultBudget(0, UNBOUNDED, now::get).take(null)).isEqualTo(SKIP_AND_WARN);
        assertThatThrownBy(() -> new UnknownSenderFaultBudget(-1, UNBOUNDED, now::get))
                .hasMessageContaining("qaqpa.log.unknown-sender-faults-per-hour");
        assertThatThrownBy(() -> new UnknownSenderFaultBudget(1, -1, now::get)).hasMessageContaining("-in-all");
    }

    /** review50b: a gateway-wide budget of 0 counted as "refilled whole" at every fault, so each one was warned of. */
    @Test
    void aGatewayWideBudgetOfZeroLogsNoneAndWarnsOnce() throws UnknownHostException {
        UnknownSenderFaultBudget budget = new UnknownSenderFaultBudget(5, 0, now::get);
        assertThat(budget.take(network(1))).isEqualTo(ALL_SKIP_AND_WARN);
        assertThat(budget.take(network(1))).isEqualTo(ALL_SKIP);
        now.addAndGet(TimeUnit.HOURS.toNanos(2));
        assertThat(budget.take(network(2))).isEqualTo(ALL_SKIP);
    }

    /**
     * line50 (attack49's Left): the networks' budgets are bounded by one of the whole gateway. Beyond it a fault is
     * not logged though its network has budget left, and that network's budget is not spent meanwhile; warned of once,
     * again only once it has refilled whole.
     */
    @Test
    void allNetworksTogetherHaveOneBudgetAboveTheirOwn() throws UnknownHostException {
        UnknownSenderFaultBudget budget = new UnknownSenderFaultBudget(2, 3, now::get);
        assertThat(budget.take(network(1))).isEqualTo(LOG);
        assertThat(budget.take(network(2))).isEqualTo(LOG);
        assertThat(budget.take(network(3))).isEqualTo(LOG);
        assertThat(budget.take(network(4))).as("a fresh network, the gateway's budget spent").isEqualTo(ALL_SKIP_AND_WARN);
        assertThat(budget.take(network(4))).isEqualTo(ALL_SKIP);
        assertThat(budget.take(network(1))).isEqualTo(ALL_SKIP);
        assertThat(ALL_SKIP.reason()).isEqualTo("all-networks");
        assertThat(SKIP.reason()).isEqualTo("budget");

        now.addAndGet(TimeUnit.MINUTES.toNanos(20));
        assertThat(budget.take(network(4))).as("a third of the hour: one of three back").isEqualTo(LOG);
        assertThat(budget.take(network(4))).as("not yet refilled whole: not said again").isEqualTo(ALL_SKIP);

        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertThat(budget.take(network(4))).isEqualTo(LOG);
        assertThat(budget.take(network(4))).isEqualTo(LOG);
        assertThat(budget.take(network(4))).as("its own budget spent").isEqualTo(SKIP_AND_WARN);
        assertThat(budget.take(network(5))).isEqualTo(LOG);
        assertThat(budget.take(network(6))).as("refilled whole since: said again").isEqualTo(ALL_SKIP_AND_WARN);
    }
}
