package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway, not HSQLDB, decides when the store checkpoints (session 47): HSQLDB's own limit is off and stays off,
 * the hard mark checkpoints however busy the store is, the quiet mark waits until no work is under way, and a
 * checkpoint made by something else is seen. On the real HSQLDB store.
 */
class CheckpointsTest {
    private static final long MB = 1024 * 1024;
    private static final String FILLER = "x".repeat(20_000);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    @Test
    void hsqldbsOwnCheckpointsAreOffAndStayOff() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(logSize(db)).as("HSQLDB's default").isEqualTo("50");
            Checkpoints.start(db, StoreFiles.logFile(dir.toString()), Checkpoints.Marks.ofMegabytes(123, 0,
                    Duration.ZERO)).close();
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(logSize(db)).as("no limit: HSQLDB never checkpoints by itself").isEqualTo("0");
        }
    }

    @Test
    void theHardMarkCheckpointsHoweverBusyTheStoreIsAndLosesNoRow() throws Exception {
        AtomicInteger written = new AtomicInteger();
        try (Database db = scratch(); Checkpoints checkpoints = Checkpoints.start(db, StoreFiles.logFile(dir.toString()),
                Checkpoints.Marks.ofMegabytes(1, 0, Duration.ZERO))) {
            Thread writer = writeUntil(db, written, () -> checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count() >= 2);
            writer.join(PATIENCE.toMillis());
            assertThat(writer.isAlive()).as("still writing: no two checkpoints after %d rows", written.get()).isFalse();
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).totalSeconds()).isPositive();
            assertThat(checkpoints.logBytes()).isLessThan(MB + MB);
        }
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            assertThat(db.queryOne("SELECT COUNT(*) FROM scratch", rs -> rs.getInt(1))).contains(written.get());
        }
    }

    @Test
    void theQuietMarkWaitsUntilNoWorkIsUnderWay() throws Exception {
        try (Database db = scratch(); Checkpoints checkpoints = Checkpoints.start(db, StoreFiles.logFile(dir.toString()),
                // a hard mark two busy seconds never reach: an idle machine writes about 60 MB of log a second here
                Checkpoints.Marks.ofMegabytes(1024, 1, Duration.ofMillis(500)))) {
            AtomicInteger written = new AtomicInteger();
            long busyUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            // busy, commit after commit, well past the quiet mark
            Thread writer = writeUntil(db, written, () -> checkpoints.logBytes() > 2 * MB
                    && System.nanoTime() > busyUntil);
            writer.join(PATIENCE.toMillis());
            assertThat(writer.isAlive()).isFalse();
            assertThat(checkpoints.tally(Checkpoints.Trigger.QUIET).count()).as("checkpoints while busy").isZero();
            assertThat(checkpoints.logBytes()).isGreaterThan(2 * MB);

            awaitTrue(() -> checkpoints.tally(Checkpoints.Trigger.QUIET).count() == 1);
            assertThat(checkpoints.logBytes()).isLessThan(MB);
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count()).isZero();
        }
    }

    @Test
    void aCheckpointMadeBySomethingElseIsSeen() throws Exception {
        try (Database db = scratch(); Checkpoints checkpoints = Checkpoints.start(db, StoreFiles.logFile(dir.toString()),
                Checkpoints.Marks.ofMegabytes(64, 0, Duration.ZERO))) {
            for (int i = 0; i < 20; i++) {
                db.update("INSERT INTO scratch VALUES (?, ?)", i, FILLER);
            }
            // a look at the grown log, taken here rather than slept for (three of the timer's looks were assumed)
            checkpoints.look();
            db.update("CHECKPOINT"); // as an operator's backup checkpoints
            awaitTrue(() -> checkpoints.others() == 1);
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count()).isZero();
        }
    }

    /**
     * A checkpoint on a full disk: HSQLDB notes it and returns, leaving its log as it was, so the gateway tells it by
     * the log not started anew, warns, and tries again after a pause once there is room; no commit is lost.
     */
    @Test
    void aCheckpointThatFailsOnAFullDiskIsWarnedOfAndDoneOnceThereIsRoom() throws Exception {
        Path disk = java.nio.file.Files.createDirectory(dir.resolve("small-disk"));
        String store = disk.resolve("db").toString();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(Checkpoints.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (SmallDisk small = SmallDisk.mount(disk, 16); Database db = Database.hsqldbFile(store, 2)) {
            db.update("CREATE CACHED TABLE scratch (id INT PRIMARY KEY, filler VARCHAR(30000))");
            db.checkpointOnlyWhenAsked();
            for (int i = 0; i < 80; i++) {
                db.update("INSERT INTO scratch VALUES (?, ?)", i, FILLER);
            }
            Checkpoints checkpoints = Checkpoints.unscheduled(db, StoreFiles.logFile(store),
                    Checkpoints.Marks.ofMegabytes(1, 0, Duration.ZERO));
            long before = checkpoints.logBytes();
            assertThat(before).isGreaterThan(MB);
            Path filler = disk.resolve("filler");
            small.fill(filler);
            checkpoints.look();
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count()).isZero();
            assertThat(checkpoints.logBytes()).as("the log kept").isGreaterThanOrEqualTo(before);
            assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().startsWith("store checkpoint (log-size) failed after")
                    .contains("tried again in 10 s");
            java.nio.file.Files.delete(filler);
            checkpoints.look();
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count()).as("at once again").isZero();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(Checkpoints.LOOK_EVERY.toMillis());
                checkpoints.look();
            }
            assertThat(checkpoints.tally(Checkpoints.Trigger.LOG_SIZE).count()).isOne();
            assertThat(checkpoints.logBytes()).isLessThan(MB);
            assertThat(db.queryOne("SELECT COUNT(*) FROM scratch", rs -> rs.getInt(1))).contains(80);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void marksOutOfOrderAreRefused() {
        assertThatThrownBy(() -> Checkpoints.Marks.ofMegabytes(0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 MB");
        assertThatThrownBy(() -> Checkpoints.Marks.ofMegabytes(100, 101, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint-quiet-log-mb");
        assertThatThrownBy(() -> Checkpoints.Marks.ofMegabytes(100, 50, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint-quiet");
    }

    private Database scratch() {
        Database db = Database.hsqldbFile(dir.toString(), 2);
        db.update("CREATE CACHED TABLE scratch (id INT PRIMARY KEY, filler VARCHAR(30000))");
        return db;
    }

    /** A thread committing one row after another, each counted once committed, until {@code done}. */
    private static Thread writeUntil(Database db, AtomicInteger written, BooleanSupplier done) {
        Thread t = new Thread(() -> {
            while (!done.getAsBoolean()) {
                db.update("INSERT INTO scratch VALUES (?, ?)", written.get(), FILLER);
                written.incrementAndGet();
            }
        }, "writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as("within %s", PATIENCE).isTrue();
    }

    private static String logSize(Database db) {
        return db.queryOne("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                + " WHERE PROPERTY_NAME = 'hsqldb.log_size'", rs -> rs.getString(1)).orElseThrow();
    }
}
