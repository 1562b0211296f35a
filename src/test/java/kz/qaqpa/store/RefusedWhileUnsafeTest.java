package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review55: fd4c295e made a refusal of ours (a stalled sync, a hold) a {@link Database.StoreRefused}, which
 * {@code Faults.outageOf} answers SCE912 by itself, whatever the store says by the time the fault is written (hang54:
 * asked again, the store may say no outage any more, and the refusal became SCE909 with a stack trace). The other
 * refusal of ours before a change is made, a change refused while a failed sync of the log is not made good
 * ({@code StoreOutage.refuseWhileUnsafe}, "not durable"), is still a plain StoreException: the checkpoint that ends
 * that outage (Checkpoints.AFTER_FAILURE, 10 s after the failure) may run between the refusal and its fault, and the
 * refused sender is then told SCE909 (an internal error) instead of SCE912 (send again later).
 */
class RefusedWhileUnsafeTest {
    @TempDir
    Path dir;

    @Test
    void aChangeRefusedWhileAFailedSyncStandsIsARefusalOfOurs() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            GroupCommitTest.replaceTheSyncOf(GroupCommitTest.logOf(dir), log -> () -> {
                throw new IOException("Input/output error (injected, as EIO)");
            });
            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('whose-log-sync-failed')"))
                    .isInstanceOf(Database.StoreException.class);

            assertThatThrownBy(() -> db.update("INSERT INTO scratch VALUES ('refused-before-it-is-taken')"))
                    .hasMessageContaining("not durable")
                    .as("refused by us before its change is made, as a stalled sync's refusal is")
                    .isInstanceOf(Database.StoreRefused.class);
        }
    }
}
