package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * review58 (LOW): store57's {@code OpeningProof.scriptWritten} asks whether the opening replaced a script the store
 * had; a script that was not there before the opening counts as not written. Two openings leave a script then that
 * nothing of ours proved, so the start runs no proven checkpoint and takes work on it until the first timed checkpoint:
 * <ul>
 * <li>a crash inside a checkpoint between HSQLDB's removal of the old script and its rename of the new one
 * ({@code renameNewScript} deletes, then renames; the properties say {@code modified=yes-new-files}): the next opening
 * renames {@code qaqpa.script.new}, written by a checkpoint whose proof never ran, into place;
 * <li>a new store: HSQLDB writes its first script as it creates the store.
 * </ul>
 * As {@code UnwatchedScriptTest}, a failed sync cannot be placed inside HSQLDB's opening, so each test asks what
 * store57's fix does for a script the opening replaced: the script found right after the opening (the test hook
 * {@code Database.afterOpening}) is written anew by a proven checkpoint of ours before the start returns. Both FAIL on
 * 1e329be7 (the opening's script still in place).
 */
class ScriptAbsentBeforeOpeningTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHookLeft() {
        Database.afterOpening = () -> { };
    }

    @Test
    void aStartAfterACrashBetweenTheScriptsRemovalAndItsRenameProvesTheRenamedScript() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            db.update("CREATE CACHED TABLE scratch (marker VARCHAR(64) PRIMARY KEY)");
            db.update("CREATE MEMORY TABLE head (v VARCHAR(64))");
            db.update("INSERT INTO scratch VALUES ('row')");
            db.update("INSERT INTO head VALUES ('the-chains-head')");
        }
        leftBetweenTheScriptsRemovalAndItsRename();
        Object[] openingsScript = new Object[1];
        Database.afterOpening = () -> openingsScript[0] = scriptKey();
        try (Database restarted = Database.hsqldbFile(dir.toString(), 1)) {
            Database.afterOpening = () -> { };
            assertThat(openingsScript[0]).as("the opening put a script in place").isNotNull();
            assertThat(restarted.query("SELECT v FROM head", rs -> rs.getString(1))).contains("the-chains-head");
            assertThat(scriptKey()).as("the script the opening put in place (qaqpa.script.new of a checkpoint whose"
                    + " proof never ran), written anew by a proven checkpoint of ours before any work")
                    .isNotEqualTo(openingsScript[0]);
        }
    }

    @Test
    void aNewStoresFirstScriptIsProvenBeforeAnyWork() throws Exception {
        Object[] openingsScript = new Object[1];
        Database.afterOpening = () -> openingsScript[0] = scriptKey();
        try (Database created = Database.hsqldbFile(dir.toString(), 1)) {
            Database.afterOpening = () -> { };
            assertThat(openingsScript[0]).as("the new store's opening wrote a script").isNotNull();
            assertThat(scriptKey()).as("the new store's first script, written anew by a proven checkpoint of ours"
                    + " before the start returns").isNotEqualTo(openingsScript[0]);
        }
    }

    /**
     * The files as a kill -9 inside HSQLDB's checkpoint leaves them after {@code renameNewScript}'s delete: the new
     * script not yet renamed, the properties saying so.
     */
    private void leftBetweenTheScriptsRemovalAndItsRename() throws IOException {
        Files.move(dir.resolve("qaqpa.script"), dir.resolve("qaqpa.script.new"));
        Path file = dir.resolve("qaqpa.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        properties.setProperty("modified", "yes-new-files");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, null);
        }
    }

    /** The script's file (its inode), or null while there is none. */
    private Object scriptKey() {
        try {
            return CheckpointProof.key(dir.resolve("qaqpa.script"));
        } catch (IOException e) {
            return null;
        }
    }
}
