package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Random;
import kz.qaqpa.mocks.eastana.Kindergarten;
import kz.qaqpa.mocks.eastana.ProviderStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider's HSQLDB keeps counters, places and the inbox across a close and reopen. */
class ProviderStoreTest {
    @TempDir
    Path dir;

    @Test
    void countersKeepGrowingAndPlacesStayTakenAcrossARestart() {
        try (ProviderStore store = new ProviderStore(dir, Kindergarten.loadDefault())) {
            assertThat(store.next("registration")).isEqualTo(1);
            assertThat(store.next("registration")).isEqualTo(2);
            assertThat(store.next("queue:MBU-031")).isEqualTo(1);
            assertThat(store.takePlace("MBU-012")).isTrue();
            assertThat(store.takePlace("MBU-031")).isFalse();
            store.receive("m-1", "c-1", "ЖАО-2026-000002", "<application/>", Instant.parse("2026-03-02T05:00:00Z"));
            store.advance("m-1", ProviderStore.State.IN_WORK, null);
        }
        try (ProviderStore store = new ProviderStore(dir, Kindergarten.loadDefault())) {
            assertThat(store.next("registration")).isEqualTo(3);
            assertThat(store.next("queue:MBU-031")).isEqualTo(2);
            assertThat(store.next("queue:MBU-045")).isEqualTo(1);
            assertThat(store.kindergartens().get("MBU-012").places()).isEqualTo(1);
            assertThat(store.kindergartens().get("MBU-050").places()).isEqualTo(5);
            assertThat(store.unfinished()).singleElement().satisfies(row -> {
                assertThat(row.state()).isEqualTo(ProviderStore.State.IN_WORK);
                assertThat(row.registrationNumber()).isEqualTo("ЖАО-2026-000002");
                assertThat(row.applicationXml()).isEqualTo("<application/>");
            });
        }
    }

    @Test
    void aFailedTransactionLeavesNoTrace() {
        try (ProviderStore store = new ProviderStore(dir, Kindergarten.loadDefault())) {
            assertThatThrownBy(() -> store.transaction(() -> {
                store.takePlace("MBU-050");
                store.next("referral");
                throw new IllegalStateException("signing failed");
            })).hasMessage("signing failed");
            assertThat(store.kindergartens().get("MBU-050").places()).isEqualTo(5);
            assertThat(store.next("referral")).isEqualTo(1);
        }
    }

    /**
     * The signed envelopes the provider keeps (one per step, three or more per application, for good) are on disk:
     * 48 MiB of them add far less to the heap, also in a store whose tables were made in memory before session 28.
     * The long run found them the one holder that grew with every application (docs/operations.md, "Long run").
     */
    @Test
    void sentEnvelopesStayOnDiskNotInTheHeap() throws SQLException {
        new ProviderStore(dir, Kindergarten.loadDefault()).close();
        try (Connection c = DriverManager.getConnection("jdbc:hsqldb:file:" + dir.resolve("provider") + ";shutdown=true",
                "SA", ""); Statement s = c.createStatement()) {
            s.execute("SET TABLE sent TYPE MEMORY");
        }
        int envelopes = 6_000;
        byte[] envelope = new byte[8 * 1024];
        Random random = new Random(28);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (ProviderStore store = new ProviderStore(dir, Kindergarten.loadDefault())) {
            long before = heapAfterGc(memory);
            for (int i = 0; i < envelopes; i++) {
                random.nextBytes(envelope);
                store.keepSent("m-" + i, envelope);
            }
            long grown = heapAfterGc(memory) - before;
            assertThat(grown).as("heap grown by %d MiB of envelopes", envelopes * envelope.length >> 20)
                    .isLessThan(16L << 20);
            assertThat(store.sent("m-" + (envelopes - 1))).hasValue(envelope);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
