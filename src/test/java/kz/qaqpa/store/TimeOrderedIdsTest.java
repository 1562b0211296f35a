package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    /** RFC 9562 version 7: the time in milliseconds first, then version 7, the RFC variant and random bits. */
    @Test
    void idsAreVersionSevenUuidsOfTheirMoment() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
        assertThat(UUID.fromString(id.toString())).isEqualTo(id);
    }

    /** Made later, sorted later as text (the store compares the keys as text); never the same twice. */
    @Test
    void idsMadeLaterSortAfterAndNeverRepeat() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(TimeOrderedIds.next().toString());
            Thread.sleep(2);
        }
        assertThat(ids).isSorted();
        HashSet<UUID> many = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            many.add(TimeOrderedIds.next());
        }
        assertThat(many).hasSize(100_000);
    }
}
