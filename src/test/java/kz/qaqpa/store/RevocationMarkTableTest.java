package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import kz.qaqpa.trust.RevocationMark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * trust27: the store's marks of the newest revocation answers (V25) only ever advance. The trust package writes a mark
 * outside any lock of its own, so two fetches about one key may write in either order: the store's write itself keeps
 * the newer mark (RevocationMark's order: a higher cRLNumber, else a later thisUpdate or producedAt).
 */
class RevocationMarkTableTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    @RegisterExtension
    final FreshStore store = new FreshStore();

    /** A list numbered 7 written after number 8 leaves 8; number 9 replaces it. Before: the last write stayed, 7. */
    @Test
    void anOlderCrlMarkWrittenAfterANewerOneLeavesTheNewer() {
        assertThat(keptAfter("crl", crl(8, 60), crl(7, 3600))).isEqualTo(crl(8, 60));
        assertThat(keptAfter("crl", crl(8, 60), crl(9, 30))).isEqualTo(crl(9, 30));
    }

    /**
     * OCSP answers (no number): one produced earlier, written after a later one, leaves the later; a list without a
     * number is ordered by its thisUpdate.
     */
    @Test
    void anOlderOcspOrUnnumberedMarkWrittenAfterANewerOneLeavesTheNewer() {
        assertThat(keptAfter("ocsp", answer(120, 60), answer(120, 1800))).isEqualTo(answer(120, 60));
        assertThat(keptAfter("crl", unnumbered(60), unnumbered(600))).isEqualTo(unnumbered(60));
    }

    /**
     * Two writers of one new key at once, the older mark and the newer, in rounds: the newer stays each time, and
     * neither fails (both may find no row and insert).
     */
    @Test
    void twoWritersOfOneKeyAtOnceLeaveTheNewer() {
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        for (int round = 0; round < 20; round++) {
            String key = String.format("%064d", round);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int number : new int[] {7, 8}) {
                writers.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    marks.keep("crl", key, crl(number, 60));
                }));
            }
            start.countDown();
            writers.forEach(CompletableFuture::join);
            assertThat(marks.find("crl", key)).as("round " + round).contains(crl(8, 60));
        }
    }

    /** The mark kept for a new key of {@code kind} once {@code first}, then {@code second} were written. */
    private RevocationMark keptAfter(String kind, RevocationMark first, RevocationMark second) {
        RevocationMarkTable marks = new RevocationMarkTable(store.db());
        String key = UUID.randomUUID().toString().replace("-", "").repeat(2);
        marks.keep(kind, key, first);
        marks.keep(kind, key, second);
        return marks.find(kind, key).orElseThrow();
    }

    private static RevocationMark unnumbered(int secondsAgo) {
        return new RevocationMark(null, NOW.minusSeconds(secondsAgo), null, NOW.plusSeconds(3600));
    }

    private static RevocationMark crl(int number, int secondsAgo) {
        return new RevocationMark(BigInteger.valueOf(number), NOW.minusSeconds(secondsAgo), null, NOW.plusSeconds(3600));
    }

    private static RevocationMark answer(int thisUpdateAgo, int producedAgo) {
        return new RevocationMark(null, NOW.minusSeconds(thisUpdateAgo), NOW.minusSeconds(producedAgo), NOW.plusSeconds(3600));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
