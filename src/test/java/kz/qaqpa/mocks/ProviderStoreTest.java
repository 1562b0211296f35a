package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
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
}
