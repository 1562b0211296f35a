package kz.qaqpa.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Ours (review51, on lead50's backup before an upgrade): the file in the store's directory saying that a schema upgrade
 * is under way and which backup holds the store as it was. It is written and synced before the first migration runs
 * and removed once the schema is this build's. A start after a kill during the upgrade finds it and refuses, naming that
 * backup, instead of backing up the half-changed store as if it were the store as it was (the newest
 * {@code -before-upgrade} backup would then be the broken one) and upgrading it again.
 */
public final class UpgradeMark {
    /** The mark's file name in the store's directory, beside HSQLDB's files. */
    public static final String FILE = "qaqpa.upgrading";
    /** What the mark says in place of the backup when qaqpa.store.backup-before-upgrade is false. */
    private static final String NO_BACKUP = "no backup (qaqpa.store.backup-before-upgrade = false)";
    private final MarkFile file;

    UpgradeMark(Path storeDirectory) {
        this.file = new MarkFile(storeDirectory, FILE);
    }

    /**
     * What the mark left by an upgrade that did not remove it says (the versions and the backup), if one is there; an
     * empty text when the mark is empty or unreadable (its write failed, before store52 a kill could leave it empty).
     */
    Optional<String> left() {
        return file.left();
    }

    /** Marks an upgrade from {@code versions} ("31 to 33") as under way, the store before it in {@code backup}. */
    void write(String versions, Optional<Path> backup) {
        // written whole and synced before it counts (store52): an empty mark would refuse every start without naming
        // the backup
        file.write("the upgrade from version " + versions + "; the store before it: "
                + backup.map(Path::toString).orElse(NO_BACKUP) + "\n");
    }

    /**
     * What an operator does with a store whose upgrade, as the mark said ({@code left}), did not complete: restore the
     * backup it names, or, when none was taken (upgrade53: it said "restore that backup" all the same), their own.
     */
    static String restoring(String left) {
        String how = " as db (docs/operations.md, Store schema versions) and start again";
        if (left.contains(NO_BACKUP)) {
            return "No backup was taken before it (qaqpa.store.backup-before-upgrade = false): stop, move the store's"
                    + " db directory aside, restore the newest backup of this store from before the upgrade (one"
                    + " POST /store/backup took, or the operator's own copy)" + how;
        }
        return "Stop, move the store's db directory aside, restore that backup" + how;
    }

    /** Removes the mark (none there: nothing to do). True when there was one. */
    boolean clear() {
        return file.clear();
    }
}
