package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded cache behind the statements kept per connection. */
class RecentlyUsedTest {

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedIsForgottenAndHandedOver() {
        List<String> forgotten = new ArrayList<>();
        RecentlyUsed<String, String> map = new RecentlyUsed<>(2, forgotten::add);
        map.put("a", "A");
        map.put("b", "B");
        map.get("a"); // a read counts as a use: "b" is now the least recently used
        map.put("c", "C");

        assertThat(map).containsOnlyKeys("a", "c");
        assertThat(forgotten).containsExactly("B");
    }

    @Test
    void withinItsCapacityNothingIsForgotten() {
        RecentlyUsed<Integer, Integer> map = new RecentlyUsed<>(3);
        for (int i = 0; i < 3; i++) {
            map.put(i, i);
        }
        map.put(1, 10); // a key written again takes no more room

        assertThat(map).hasSize(3).containsEntry(1, 10);
    }
}
