package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How often {@link Database#inTransaction} runs a transaction that HSQLDB rolls back with a serialization failure
 * (SQLSTATE 40001), on the real store. TrailRetryTest makes a real deadlock; here the work reports the failure itself,
 * so that the count is exact.
 */
class SerializationRunsTest {
    @RegisterExtension
    final FreshStore store = new FreshStore();

    @Test
    void aTransactionThatKeepsFailingRunsAtMostSerializationRunsTimes() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> store.db().inTransaction(() -> failSerializing(runs)))
                .isInstanceOf(Database.StoreException.class).hasRootCauseMessage("serialization failure");
        assertThat(runs).hasValue(Transactions.SERIALIZATION_RUNS);
    }

    /**
     * review52: a thread interrupted while its transaction ran (a gateway stopping) had the pause cut short and ran
     * again, and its caller got "interrupted while waiting for a database connection" instead of the failure.
     */
    @Test
    void aThreadInterruptedMeanwhileIsToldTheFailureAndNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        try {
            assertThatThrownBy(() -> store.db().inTransaction(() -> {
                Thread.currentThread().interrupt();
                return failSerializing(runs);
            })).isInstanceOf(Database.StoreException.class).hasRootCauseMessage("serialization failure");
            assertThat(runs).hasValue(1);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static Object failSerializing(AtomicInteger runs) throws SQLException {
        runs.incrementAndGet();
        throw new SQLException("serialization failure", "40001");
    }
}
