package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kz.qaqpa.adapter.OutboxDelivery;
import kz.qaqpa.channel.ReplayMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review53b (a failing test, no fix): while the log's sync is stalled (hang53) the outbox's timed pass (every
 * qaqpa.outbox.interval, 300 ms) reads the due entries; the store refuses the read (SCE912's StoreException), and
 * since the database still answers VALUES 1 ({@link Database#reachable}) the pass throws instead of waiting quietly as
 * it does for a store that cannot be reached. In the gateway the timer route's shared error handling then answers a
 * signed fault and logs an ERROR line every pass for as long as the disk hangs.
 */
class HungLogSyncOutboxPassTest {
    @TempDir
    Path dir;

    @Test
    void theOutboxPassWaitsQuietlyWhileTheLogsSyncIsStalled() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 4)) {
            db.syncStallAfter(Duration.ofDays(1));
            // closed however the case ends: its sender threads must not outlive it
            try (OutboxDelivery delivery = new OutboxDelivery(db, new Outbox(db, Clock.systemUTC()),
                    new MessageChain(db), recipient -> null, Duration.ofSeconds(1), Duration.ofMinutes(1), 3, 10, 1,
                    Map.of("PORTAL", "http://127.0.0.1:9/callback"), Duration.ofSeconds(1),
                    Duration.ofMinutes(15), new ReplayMemory(10, List.of("PORTAL"), Duration.ofMinutes(15),
                    Clock.systemUTC()))) {
                CountDownLatch disk = new CountDownLatch(1);
                CompletableFuture<Object> first;
                try {
                    CountDownLatch syncing = HungLogSyncTest.hangEverySyncOfTheLog(dir, disk);
                    first = CompletableFuture.supplyAsync(() -> HungLogSyncTest.insert(db, "first"));
                    assertThat(syncing.await(30, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(1000);
                    db.syncStallAfter(Duration.ofMillis(500));
                    assertThat(db.syncStalledFor()).as("the stall noted").isNotNegative();
                    CompletableFuture<Void> pass = CompletableFuture.runAsync(delivery::deliverDue);
                    try {
                        pass.get(5, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw new AssertionError("the outbox pass threw while the log's sync is stalled"
                                + " (db.reachable() = " + db.reachable() + "): " + e.getCause(), e.getCause());
                    }
                } finally {
                    disk.countDown();
                }
                first.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
