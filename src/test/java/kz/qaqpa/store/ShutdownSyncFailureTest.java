package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review56b (a finding): the group commit takes a log writer found closed (or, since b6c41257, its descriptor found
 * null) for a log synced by whoever closed it. That holds for a checkpoint (proven) but not for HSQLDB's SHUTDOWN
 * IMMEDIATELY: its close syncs the file through {@code ScriptWriterBase.forceSync}, which swallows an IOException (a
 * WARN only). A commit written before such a close and synced by nobody else then returns as durable. Emulated: every
 * sync of the log fails (EIO) from the commit on; the commit's group sync is held (the test holds the group commit's
 * lock) until a SHUTDOWN IMMEDIATELY on another connection has closed the log. Expected: the commit is refused (not
 * durable). On main a7ab95b9: it returns.
 */
class ShutdownSyncFailureTest {
    @TempDir
    Path dir;

    @Test
    void aCommitWhoseOnlySyncFailedInAShutdownsCloseIsNotAnsweredDurable() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            GroupCommitTest.insertMarker(db, "before-the-failure");
            AtomicBoolean failing = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(dir), disk -> () -> {
                if (failing.get()) {
                    failed.incrementAndGet();
                    throw new java.io.IOException("Input/output error (injected, as EIO)");
                }
                disk.sync();
            });
            Object lock = GroupCommitTest.groupCommitLockOf(db);
            CompletableFuture<Throwable> commit = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    GroupCommitTest.insertMarker(db, "whose-only-sync-failed");
                    commit.complete(null);
                } catch (RuntimeException e) {
                    commit.complete(e);
                }
            }, "review56b-writer");
            synchronized (lock) {
                failing.set(true);
                writer.start();
                assertThat(GroupCommitTest.blockedInTheGroupCommit(writer))
                        .as("the commit written, its thread at the lock").isTrue();
                try (Connection c = DriverManager.getConnection(StoreFiles.url(dir.toString()) + ";ifexists=true",
                        StoreFiles.USER, "")) {
                    c.createStatement().execute("SHUTDOWN IMMEDIATELY"); // its close's sync fails, swallowed
                }
            }
            Throwable refused = commit.get(60, TimeUnit.SECONDS);
            assertThat(failed.get()).as("the shutdown's close synced the log and failed").isPositive();
            assertThat(refused).as("a commit no successful sync covered returned as durable").isNotNull();
        }
    }
}
