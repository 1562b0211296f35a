package kz.qaqpa.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import kz.qaqpa.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's store once open (qaqpa.data-dir, qaqpa.db.*, qaqpa.store.min-free-bytes): the database, the disk it is
 * kept on, and the tables the gateway's parts read and write.
 */
public record Store(Path dataDir, Database db, StoreDisk disk, Applications applications, SignedForms signedForms,
                   MessageLog messageLog, MessageChain messageChain, ChainStamps chainStamps, ProviderQueue providerQueue,
                   StatusHistory statusHistory, Outbox outbox, StepPlans stepPlans, ApplicationDocuments documents,
                   RevocationMarkTable revocationMarks, Checkpoints checkpoints)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    /** The ending of a backup's name taken before a schema upgrade. */
    private static final String BEFORE_UPGRADE = "-before-upgrade";

    public static Store open(Settings s) {
        Path dataDir = Path.of(s.get("qaqpa.data-dir"));
        // refused before the store opens, so that a wrong mark leaves nothing open
        Checkpoints.Marks marks = Checkpoints.Marks.ofMegabytes(s.integer("qaqpa.db.checkpoint-log-mb"),
                s.integer("qaqpa.db.checkpoint-quiet-log-mb"), s.duration("qaqpa.db.checkpoint-quiet"));
        StoreDisk disk = new StoreDisk(dataDir, s.wholeNumber("qaqpa.store.min-free-bytes"));
        Duration syncStall = s.duration("qaqpa.db.sync-stall");
        if (syncStall.isNegative() || syncStall.isZero()) {
            throw new IllegalArgumentException("qaqpa.db.sync-stall must be positive: " + syncStall);
        }
        LoggedMessageIds logged = LoggedMessageIds.fromSettings(s);
        Database db = openUpgraded(dataDir, disk, s);
        Checkpoints checkpoints = null;
        try {
            db.syncStallAfter(syncStall);
            checkpoints = Checkpoints.start(db, StoreFiles.logFile(dataDir.resolve("db").toString()), marks);
            logged.fillingFrom(db);
        } catch (RuntimeException | Error e) {
            // review67 6e: no Store holds the database yet, so no one else would close it (nor free its lock)
            if (checkpoints != null) {
                checkpoints.close();
            }
            db.close();
            throw e;
        }
        return new Store(dataDir, db, disk, new Applications(db), new SignedForms(db), new MessageLog(db, logged),
                new MessageChain(db), new ChainStamps(db), new ProviderQueue(db), new StatusHistory(db), new Outbox(db),
                new StepPlans(db), new ApplicationDocuments(db), new RevocationMarkTable(db), checkpoints);
    }

    /**
     * The store's database at this build's schema version, upgraded if it was older. An upgrade that a kill interrupted
     * (its {@link UpgradeMark} still there) refuses the start whatever the store now looks like, naming the backup
     * that holds the store as it was: nothing brings a half-changed store forward by itself.
     */
    private static Database openUpgraded(Path dataDir, StoreDisk disk, Settings s) {
        UpgradeMark mark = new UpgradeMark(dataDir.resolve("db"));
        Path backups = Path.of(s.get("qaqpa.backup.dir"));
        Optional<String> interrupted = mark.left().map(left -> left.isEmpty() ? unreadMark(backups) : left);
        Database db;
        try {
            db = Database.hsqldbFile(dataDir.resolve("db").toString(), s.integer("qaqpa.db.pool-size"),
                    s.bool("qaqpa.db.nio-data-file"), s.integer("qaqpa.db.cache-rows"),
                    backUpBeforeUpgrade(dataDir, disk, s, mark, interrupted));
        } catch (InterruptedUpgrade e) {
            throw e;
        } catch (StoreInUse e) {
            // another gateway holds the store: the mark, if there, is its upgrade's, under way
            throw interrupted.<RuntimeException>map(left -> StoreInUse.of(dataDir.resolve("db"), Optional.of(left)))
                    .orElse(e);
        } catch (RuntimeException e) {
            throw interrupted.<RuntimeException>map(left -> new InterruptedUpgrade(left, e))
                    .orElseGet(() -> failedUpgrade(mark, e));
        }
        if (mark.clear() && interrupted.isPresent()) {
            // killed after the last version was recorded and before its mark was removed: the upgrade had completed
            LOG.info("the store's schema is this build's: {} had completed before the gateway stopped", interrupted.get());
        }
        return db;
    }

    /**
     * A failure of this start's own upgrade, once its mark was written (upgrade53): the migration failed and was not
     * rolled back ({@link FailedUpgrade}), so the mark stays and the refusal names its backup. Any other failure (the
     * backup's, before the mark) as it is.
     */
    private static RuntimeException failedUpgrade(UpgradeMark mark, RuntimeException e) {
        Optional<String> begun = mark.left();
        if (begun.isEmpty()) {
            return e;
        }
        LOG.error("the store's schema upgrade failed: {}", e.getMessage());
        return new FailedUpgrade(begun.get(), e);
    }

    /**
     * Ours (lead50, from review50): a schema upgrade is not one transaction on HSQLDB (each DDL statement commits), so
     * a gateway killed while it upgrades leaves a store half-changed that the next start's upgrade refuses. The store
     * is therefore backed up into qaqpa.backup.dir first, as X-Road's packages back up its database before an upgrade;
     * a backup that cannot be taken refuses the start before anything is changed, unless
     * qaqpa.store.backup-before-upgrade is false. The {@link UpgradeMark} goes down after the backup, before the first
     * change. Before either, the store's disk must have the room the upgrade is counted to need ({@link UpgradeRoom}).
     */
    private static Database.BeforeUpgrade backUpBeforeUpgrade(Path dataDir, StoreDisk disk, Settings s,
                                                              UpgradeMark mark, Optional<String> interrupted) {
        String setting = "qaqpa.store.backup-before-upgrade";
        boolean backUp = s.bool(setting);
        Path directory = Path.of(s.get("qaqpa.backup.dir"));
        return (db, versions) -> {
            if (interrupted.isPresent()) {
                throw new InterruptedUpgrade(interrupted.get(), null);
            }
            UpgradeRoom.require(disk, dataDir.resolve("db"), backUp ? Optional.of(directory) : Optional.empty(),
                    versions);
            if (!backUp) {
                LOG.warn("store's schema upgraded from version {} without a backup first ({} = false)", versions,
                        setting);
                mark.write(versions, Optional.empty());
                return;
            }
            Path backup;
            try {
                backup = new StoreBackup(db, dataDir.resolve("db"), disk, directory, Clock.systemUTC())
                        .take(BEFORE_UPGRADE).orElseThrow();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the store's schema is not upgraded from version " + versions
                        + " without a backup, and the backup into qaqpa.backup.dir = '" + directory + "' failed: "
                        + e.getMessage() + " (make room, set qaqpa.backup.dir to another disk, or set " + setting
                        + " = false to upgrade without one)", e);
            }
            LOG.info("store backed up to {} before its schema's upgrade from version {}", backup, versions);
            mark.write(versions, Optional.of(backup));
        };
    }

    /**
     * What an empty or unreadable mark stands for (store52): its write failed (a full disk, a kill), before the upgrade's
     * first change; the backup it would have named is the newest {@code -before-upgrade} one in qaqpa.backup.dir.
     */
    private static String unreadMark(Path backups) {
        Optional<Path> newest;
        try (java.util.stream.Stream<Path> dirs = Files.list(backups)) {
            newest = dirs.filter(d -> d.getFileName().toString().endsWith(BEFORE_UPGRADE)).max(Path::compareTo);
        } catch (IOException | RuntimeException e) {
            newest = Optional.empty();
        }
        return "its mark is empty or unreadable: written when the upgrade began, its write failed (a full disk, a kill),"
                + " so the upgrade most likely changed nothing; the store before it: " + newest.map(Path::toString)
                .orElse("the newest *" + BEFORE_UPGRADE + " backup in qaqpa.backup.dir = '" + backups.toAbsolutePath()
                        + "' (none found there)");
    }

    /** A start refused because the store's last schema upgrade did not complete (its {@link UpgradeMark} is there). */
    public static final class InterruptedUpgrade extends IllegalStateException {
        InterruptedUpgrade(String left, RuntimeException cause) {
            super("the store's last schema upgrade did not complete (" + left + "; marked by db/" + UpgradeMark.FILE
                    + "): a half-changed store is not upgraded again. " + UpgradeMark.restoring(left)
                    + (cause == null ? "" : "; opening it failed: " + FailedUpgrade.failure(cause)), cause);
        }
    }

    /**
     * Why the store takes no writes now (unreachable, a sync of its log failed or a checkpoint was not proven and no
     * proven checkpoint has made it good yet, or its disk short of the space kept free), if it does not. A statement
     * whose large body was not written carries that with its own failure ({@link Database.LargeValueNotWritten},
     * store55), not said here for everyone's.
     */
    public Optional<String> outage() {
        long stalled = db.syncStalledFor();
        if (stalled >= 0) { // asked first: the database itself may not answer behind the hung sync
            long seconds = stalled / 1_000_000_000;
            return Optional.of(db.syncStallHeldBy().map(what -> "it has been held by " + what + " for " + seconds
                    + " s (ours, on purpose; it ends by itself)").orElse("a sync of its log has hung for " + seconds
                    + " s (a dead disk?)"));
        }
        if (!db.reachable()) {
            return Optional.of("it cannot be reached");
        }
        Optional<String> unsafe = db.unsafe();
        if (unsafe.isPresent()) {
            return Optional.of("its log is not known to be on disk (" + unsafe.get() + "), and no proven checkpoint has"
                    + " written the store anew yet");
        }
        return disk.shortage();
    }

    /** The operator's backups of this store into {@code dir} (qaqpa.backup.dir). */
    public StoreBackup backups(Path dir) {
        return new StoreBackup(db, dataDir.resolve("db"), disk, dir, Clock.systemUTC());
    }

    @Override
    public void close() {
        messageLog.stopFillingItsFilter();
        checkpoints.close(); // before the store's own last checkpoint, the stop's
        db.close();
    }
}
