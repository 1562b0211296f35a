package kz.qaqpa.store;

import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * Ours (upgrade53): a start refused because a migration of its schema upgrade failed (an error, not a kill). Its
 * {@link UpgradeMark} stays: on HSQLDB each DDL statement commits by itself, so Flyway cannot roll a failed migration
 * back; it records the version as failed, which every later start's upgrade refuses. The failing start says so itself,
 * naming the backup to restore (before upgrade53 only the next start named it, and this one printed Flyway's error
 * with a stack trace).
 */
final class FailedUpgrade extends IllegalStateException {
    /** HSQLDB's message goes on with the whole statement (comments included) after this. */
    private static final String STATEMENT = " in statement [";

    /** @param left what the upgrade's mark says (the versions and the backup) */
    FailedUpgrade(String left, RuntimeException cause) {
        super("the store's schema upgrade failed (" + left + "): " + failure(cause) + ". Its store is left"
                + " half-changed (on HSQLDB each DDL statement commits by itself) and is not upgraded again (db/"
                + UpgradeMark.FILE + " stays). " + UpgradeMark.restoring(left) + ", once the cause is dealt with");
    }

    /** Which migration failed and why, on one line (Flyway's message spans many, the statement's text included). */
    static String failure(RuntimeException e) {
        Throwable root = e;
        FlywayMigrateException migration = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof FlywayMigrateException m && migration == null) {
                migration = m;
            }
        }
        String why = firstLine(String.valueOf(root.getMessage()));
        int statement = why.indexOf(STATEMENT);
        why = statement < 0 ? why : why.substring(0, statement);
        if (migration == null || migration.getMigration() == null) {
            return why;
        }
        return "version " + migration.getMigration().getVersion() + " (" + migration.getMigration().getScript()
                + ") failed: " + why;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
