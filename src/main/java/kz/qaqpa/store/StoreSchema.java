package kz.qaqpa.store;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * The store's schema against the one this build knows: Flyway's migrations in {@code store/migration} and the history
 * of those applied in the store's {@code flyway_schema_history}. The gateway brings a store up to date
 * ({@link #migrate}); a reader that must not change what it reads (the message log's verifier) only asks whether the
 * store is at this build's version ({@link #mismatch}).
 */
final class StoreSchema {
    private static final String MIGRATIONS = "classpath:store/migration";
    /** A store made before Flyway holds exactly version 1 and no history table. */
    private static final String BEFORE_FLYWAY = "1";

    private StoreSchema() {
    }

    /** Brings the schema to the newest version; a store made before Flyway is baselined at 1 and upgraded from there. */
    static void migrate(DataSource store) {
        boolean skipped = Arrays.stream(flyway(store, false).info().all())
                .anyMatch(m -> m.getState() == MigrationState.IGNORED);
        flyway(store, skipped).migrate();
    }

    /**
     * The upgrade {@link #migrate} would make of a store that holds a version already ("31 to 32"), or empty: a fresh
     * store (nothing to keep) and one at this build's version have none. A store made before Flyway (no history) is
     * not told apart from a fresh one here.
     */
    static Optional<String> pendingUpgrade(DataSource store) {
        MigrationInfoService info = flyway(store, true).info();
        MigrationInfo[] pending = info.pending();
        if (info.current() == null || pending.length == 0) {
            return Optional.empty();
        }
        return Optional.of(info.current().getVersion() + " to " + pending[pending.length - 1].getVersion());
    }

    /**
     * Why the store's schema is not the one this build knows (older, newer, or an upgrade that did not complete), or
     * empty when it is. Reads the history only: nothing is created or changed.
     */
    static Optional<String> mismatch(DataSource store) {
        MigrationInfoService info = flyway(store, true).info();
        MigrationInfo[] all = info.all();
        String known = knownVersion(all);
        String current = info.current() == null ? BEFORE_FLYWAY + " (made before schema versions were recorded)"
                : info.current().getVersion().toString();
        String failed = versions(all, m -> m.getState().isFailed());
        String missing = versions(all, m -> m.getState().isResolved() && !m.getState().isApplied()
                && (info.current() != null || !BEFORE_FLYWAY.equals(m.getVersion().toString())));
        if (!failed.isEmpty()) {
            return Optional.of("its schema upgrade to version " + failed + " did not complete");
        }
        Optional<String> unknown = unknownVersions(info, "this build");
        if (unknown.isPresent()) {
            return unknown;
        }
        if (!missing.isEmpty()) {
            return Optional.of("its schema is at version " + current + ", older than this build's version " + known
                    + " (it lacks version " + missing + ")");
        }
        return Optional.empty();
    }

    /**
     * Why this release must not work on the store, or empty: its history holds a version this release does not know,
     * recorded by a newer release's upgrade (ops62). Flyway's migrate skips such versions (its default
     * {@code ignoreMigrationPatterns} {@code *:future}); without that default its validation refuses them, but in a
     * message that names no backup and advises a {@code repair}, which would drop the newer release's record and leave
     * its tables in place. Reads the history only.
     */
    static Optional<String> newerRelease(DataSource store) {
        return unknownVersions(flyway(store, true).info(), "this release");
    }

    /**
     * The store's versions that {@code self} (this build, this release) does not know, said with the store's version
     * and its own, or empty when there are none: a version newer than its newest, or one between its own that it lacks.
     */
    private static Optional<String> unknownVersions(MigrationInfoService info, String self) {
        MigrationInfo[] all = info.all();
        String unknown = versions(all, m -> m.getState().isApplied() && !m.getState().isResolved());
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        boolean newer = Arrays.stream(all).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                || m.getState() == MigrationState.FUTURE_FAILED);
        if (!newer) { // a version between this build's own, reserved by a later branch (StoreSchema#flyway)
            return Optional.of("its schema holds version " + unknown + ", which " + self + " does not know ("
                    + self + "'s version is " + knownVersion(all) + ")");
        }
        return Optional.of("its schema is at version " + info.current().getVersion() + ", newer than " + self
                + "'s version " + knownVersion(all) + " (it holds version " + unknown + ", which " + self
                + " does not know)");
    }

    /** The newest version this build's migrations bring a store to. */
    private static String knownVersion(MigrationInfo[] all) {
        return Arrays.stream(all).filter(m -> m.getState().isResolved()).map(m -> m.getVersion().toString())
                .reduce((a, b) -> b).orElse(BEFORE_FLYWAY);
    }

    private static String versions(MigrationInfo[] all, Predicate<MigrationInfo> which) {
        return Arrays.stream(all).filter(which).map(m -> m.getVersion().toString()).collect(Collectors.joining(", "));
    }

    /**
     * Out of order: a version reserved for a branch that merged after later ones (13 after 14 and 15) is applied to a
     * store made in between rather than refusing it; each migration stands alone. Only such a store is migrated so:
     * Flyway warns "outOfOrder mode is active" at every migration made in that mode, which was every start (session 41).
     */
    private static Flyway flyway(DataSource store, boolean outOfOrder) {
        return Flyway.configure().dataSource(store).locations(MIGRATIONS).baselineOnMigrate(true)
                .baselineVersion(BEFORE_FLYWAY).outOfOrder(outOfOrder).load();
    }
}
