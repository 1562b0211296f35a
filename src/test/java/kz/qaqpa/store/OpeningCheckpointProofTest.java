package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review54 (a failing test, no fix): the checkpoint HSQLDB runs by itself when it opens a store a crash left
 * ({@code Log.open}, state "modified": the log replayed, then {@code checkpoint()}) is not proven as the gateway's
 * checkpoints are (store53, review53b's backup): it writes the replayed rows into {@code qaqpa.data}, deletes the log
 * that held them, and a writeback error of the data file during it goes unnoticed (HSQLDB syncs the data file twice,
 * the second succeeds). The gateway then takes changes on a data file whose pages may be lost, the rows of every
 * application acknowledged before the crash among them. Helpers and disk as in {@link DataFileWritebackTest}.
 *
 * <p>Where the device's failure falls in HSQLDB's opening cannot be chosen ({@link #leaveRoom}): in about one opening
 * of four (review54, load ~20) only the data file met it and the checkpoint deleted the log; otherwise the new
 * script's or the properties' sync failed too, HSQLDB gave the checkpoint up and kept the log, and the case is aborted.
 * Seen so on main: the insert after the opening was taken; after a clean stop and the page cache dropped the store did
 * not open again ({@code IO error: RowInputBinary}).
 *
 * <p>open54's fix ({@link OpeningProof}): the opening goes through {@link Database#hsqldbFile} here, as the gateway's
 * does (review54's test opened the store with a connection of its own first, where nothing of the gateway's could see
 * its checkpoint); the opening's unproven checkpoint begins the outage before any work is taken. A run where HSQLDB
 * gave its opening checkpoint up and kept the log is no longer aborted (in open54's runs every run was such a one): the
 * data file's lost pages are rows HSQLDB's cache counts as written, so the next checkpoint that succeeds would delete
 * the log without writing them again (as {@link CheckpointJudge#afterCheckpoint} doubts a checkpoint HSQLDB gave up on).
 */
class OpeningCheckpointProofTest {
    /** The device's room left before the store opens: the new script's 16 KB, some of the data file's 8 MB. */
    private static final long ROOM = 2L * 1024 * 1024;
    @TempDir
    Path dir;

    @Test
    void aStoreOpenedAfterACrashWhoseOpeningCheckpointsDataFileWritebackFailedTakesNoChange() throws Exception {
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        try (Database running = Database.hsqldbFile(crashed.toString(), 2); FaultyDisk disk = failing();
                Database reopened = openedAfterACrashOn(disk, running, crashed)) {
            assertThatThrownBy(() -> DataFileWritebackTest.insert(reopened, "after-the-opening"))
                    .as("the opening checkpoint wrote the replayed rows into a data file whose writeback failed"
                            + " and deleted the log: changes are refused until the data file is written anew")
                    .isInstanceOf(Database.StoreException.class).hasMessageContaining("not durable");
        }
    }

    /**
     * What is at stake: the gateway runs on, is stopped cleanly (its SHUTDOWN writes only the rows changed since, not
     * the pages the failed writeback lost), and the machine restarts (the page cache, which still held those pages, is
     * gone). Every row committed and synced before the crash must be there.
     */
    @Test
    void theRowsCommittedBeforeTheCrashSurviveTheOpeningsFailedWritebackAndARestart() throws Exception {
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        try (Database running = Database.hsqldbFile(crashed.toString(), 2); FaultyDisk disk = failing()) {
            Path store = disk.root().resolve("db");
            try (Database reopened = openedAfterACrashOn(disk, running, crashed)) {
                DataFileWritebackTest.catchAll(() -> DataFileWritebackTest.insert(reopened, "after-the-opening"));
            }
            dropCached(store);
            List<String> rows;
            try (Database restarted = Database.hsqldbFile(store.toString(), 2)) {
                rows = restarted.query("SELECT marker FROM scratch", rs -> rs.getString(1));
            } catch (DoubtedStore e) {
                // open54: the stop's DEFRAG was no proof either (seen in runs where HSQLDB had given its opening
                // checkpoint up), so the stop left the mark: the start refuses, naming it; no silent loss
                assertThat(e).hasMessageContaining("the checkpoint HSQLDB ran as it opened the store");
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("the store does not open after the restart: " + e, e);
            }
            assertThat(rows).as("every row committed (and synced) before the crash").hasSizeGreaterThanOrEqualTo(700)
                    .contains("row-0", "row-699");
        }
    }

    /**
     * store55 (open54's "Left"): the opening's CHECKPOINT DEFRAG, tried at once on the device still failing, failed
     * midway and left HSQLDB's data file closed (in open54's runs every time): each DEFRAG after it failed with
     * {@code "this.dataFile" is null}, so the outage never ended in that process, although the disk was back, and the stop
     * left the store to be restored. Now the store is opened again in the process and the retry (Checkpoints' every 10 s,
     * called here) ends the outage; every row acknowledged is there after a restart. Seen FAILING with the reopening taken
     * out of {@code Database} (the outage still standing after the retries).
     */
    @Test
    void aDefragThatFailedMidwayIsFollowedByOneThatEndsTheOutageInTheSameProcess() throws Exception {
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        try (Database running = Database.hsqldbFile(crashed.toString(), 2); FaultyDisk disk = failing()) {
            Path store = disk.root().resolve("db");
            try (Database reopened = openedAfterACrashOn(disk, running, crashed)) {
                List<String> retries = new java.util.ArrayList<>();
                for (int i = 0; i < 3 && reopened.failedSyncFor() >= 0; i++) {
                    retries.add(retried(reopened) + " " + filesOf(store));
                }
                // flaky64: what each retry met, for the run that fails (style63's: each "not the file watched")
                assertThat(reopened.failedSyncFor()).as("the disk back, a retry in the same process ends the outage;"
                        + " the retries met %s", retries).isEqualTo(-1);
                DataFileWritebackTest.insert(reopened, "after-the-outage");
            }
            assertThat(store.resolve(DoubtMark.FILE)).as("the proven DEFRAG removed the mark").doesNotExist();
            dropCached(store);
            try (Database restarted = Database.hsqldbFile(store.toString(), 2)) {
                assertThat(restarted.query("SELECT marker FROM scratch", rs -> rs.getString(1)))
                        .as("every row acknowledged, before the crash and after the outage")
                        .contains("row-0", "row-699", "after-the-outage").hasSizeGreaterThanOrEqualTo(701);
            }
        }
    }

    /**
     * The gateway's start: HSQLDB replays the log and checkpoints as it opens. Session 56's CI met a case these tests do
     * not ask about: the proven DEFRAG tried at once failed midway (store55), and the reopening that follows met the
     * device still failing (HSQLDB's save of qaqpa.properties, a sync failed), so the start was refused with that
     * error instead of beginning the outage. A refusal on a failing disk loses nothing (the log is kept, the doubt
     * stands), but the case of these tests did not arise: aborted, as when the data file met no writeback error.
     */
    private static Database startedOnTheFailingDevice(FaultyDisk disk, Path store) throws Exception {
        try {
            return Database.hsqldbFile(store.toString(), 2);
        } catch (Database.StoreException refused) {
            disk.recover();
            Assumptions.abort("the start was refused on the still failing device (" + refused.getMessage()
                    + "): the opening's case did not arise");
            throw refused;
        }
    }

    /** One retry of the store's checkpoint (Checkpoints' every 10 s): what it threw, and the outage after it. */
    private static String retried(Database store) {
        String thrown;
        try {
            store.checkpoint();
            thrown = "no error";
        } catch (RuntimeException e) {
            thrown = e.toString();
        }
        return thrown + "; then " + store.unsafe().orElse("no outage");
    }

    /** The store's files, each with its inode and size. */
    private static String filesOf(Path store) throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            return files.sorted().map(f -> {
                try {
                    return f.getFileName() + " " + CheckpointProof.key(f) + " " + Files.size(f);
                } catch (java.io.IOException e) {
                    return f.getFileName() + " " + e;
                }
            }).toList().toString();
        }
    }

    private FaultyDisk failing() throws Exception {
        return FaultyDisk.mount(dir.resolve("disk"));
    }

    /**
     * A store a kill -9 left (the running one's files, its log holding every row) opened by the gateway's own opening
     * ({@link Database#hsqldbFile}: its first connection replays the log and checkpoints) on {@code disk} while the
     * device fails from the opening checkpoint's data file pages on, the device sound again once it is open; aborted
     * when the data file met no writeback error (the case did not arise). open54: review54's test opened it with a
     * connection of its own and then the gateway's, so no fix in the gateway's opening could see that checkpoint.
     */
    private Database openedAfterACrashOn(FaultyDisk disk, Database running, Path crashed) throws Exception {
        DataFileWritebackTest.fill(running); // every row's commit synced in the log: a kill -9 now loses none
        Path store = Files.createDirectories(disk.root().resolve("db"));
        copyAsAKillLeavesIt(crashed, store);
        Database opened;
        try (FileChannel witness = FileChannel.open(store.resolve("qaqpa.data"), StandardOpenOption.WRITE)) {
            // room on the device for the opening checkpoint's new script, not for all of its data file's pages
            leaveRoom(disk, dir.resolve("disk").resolve("backing").resolve("filler"), ROOM);
            opened = startedOnTheFailingDevice(disk, store);
            try {
                disk.recover(); // a passing fault: the disk writes again from the moment the store is open
                System.out.printf("OpeningCheckpointProofTest: log %d bytes in the crash image, %d after the opening%n",
                        Files.size(crashed.resolve("qaqpa.log")), logBytes(store));
                DataFileWritebackTest.assumeWritebackFailed(witness);
                // open54: whether HSQLDB deleted the log (review54's case) or gave its checkpoint up and kept it, the
                // data file is in doubt: HSQLDB's cache counts the rows it wrote as written, so the next checkpoint
                // that succeeds would delete the log without writing them again (CheckpointJudge.afterCheckpoint)
            } catch (Throwable e) {
                opened.close();
                throw e;
            }
        }
        return opened;
    }

    /**
     * The page cache's copy of the store's files dropped, as a restart of the machine drops it (posix_fadvise
     * DONTNEED through dd): what is read next comes from the device. The pages whose writeback failed are clean there.
     */
    private static void dropCached(Path store) throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                command("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
            }
        }
    }

    private static String command(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new java.io.IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /**
     * As {@link FaultyDisk#exhaust}, but {@code room} bytes left (its filler, which {@link FaultyDisk#recover} deletes,
     * cut back): a checkpoint's first files reach the device, the data file's later pages do not. HSQLDB opens its file
     * access before anything of ours can stand in its place, so the moment cannot be hooked as
     * {@link DataFileWritebackTest} hooks it in a running store; where the failure falls varies from run to run.
     */
    private static void leaveRoom(FaultyDisk disk, Path filler, long room) throws Exception {
        command("fstrim", disk.root().toString());
        SmallDisk.fillUntilFull(filler);
        try (FileChannel f = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            f.truncate(Math.max(0, f.size() - room));
        }
    }

    private static long logBytes(Path store) throws Exception {
        Path log = store.resolve("qaqpa.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** The running store's files as a kill -9 leaves them (its lock file aside), synced onto the disk. */
    private static void copyAsAKillLeavesIt(Path from, Path to) throws Exception {
        List<Path> files;
        try (Stream<Path> all = Files.list(from)) {
            files = all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".lck")).toList();
        }
        for (Path file : files) {
            Path copy = to.resolve(file.getFileName());
            // sparse as HSQLDB left it (its data file's length is set ahead of the rows): the rows' pages are new blocks
            command("cp", "--sparse=always", file.toString(), copy.toString());
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        DirectorySync.sync(to);
    }
}
