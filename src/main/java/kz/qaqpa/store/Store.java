package kz.qaqpa.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import kz.qaqpa.Settings;

/**
 * The gateway's store once open (qaqpa.data-dir, qaqpa.db.*, qaqpa.store.min-free-bytes): the database, the disk it is
 * kept on, and the tables the gateway's parts read and write.
 */
public record Store(Path dataDir, Database db, StoreDisk disk, Applications applications, SignedForms signedForms,
                   MessageLog messageLog, MessageChain messageChain, ChainStamps chainStamps, ProviderQueue providerQueue,
                   StatusHistory statusHistory, Outbox outbox, StepPlans stepPlans, ApplicationDocuments documents,
                   RevocationMarkTable revocationMarks, Checkpoints checkpoints)
        implements AutoCloseable {

    public static Store open(Settings s) {
        Path dataDir = Path.of(s.get("qaqpa.data-dir"));
        // refused before the store opens, so that a wrong mark leaves nothing open
        Checkpoints.Marks marks = Checkpoints.Marks.ofMegabytes(s.integer("qaqpa.db.checkpoint-log-mb"),
                s.integer("qaqpa.db.checkpoint-quiet-log-mb"), s.duration("qaqpa.db.checkpoint-quiet"));
        Database db = Database.hsqldbFile(dataDir.resolve("db").toString(), s.integer("qaqpa.db.pool-size"),
                s.bool("qaqpa.db.nio-data-file"));
        StoreDisk disk = new StoreDisk(dataDir, Long.parseLong(s.get("qaqpa.store.min-free-bytes")));
        Checkpoints checkpoints = Checkpoints.start(db, StoreFiles.logFile(dataDir.resolve("db").toString()), marks);
        return new Store(dataDir, db, disk, new Applications(db), new SignedForms(db), new MessageLog(db),
                new MessageChain(db), new ChainStamps(db), new ProviderQueue(db), new StatusHistory(db), new Outbox(db),
                new StepPlans(db), new ApplicationDocuments(db), new RevocationMarkTable(db), checkpoints);
    }

    /** Why the store takes no writes now (unreachable, or its disk short of the space kept free), if it does not. */
    public Optional<String> outage() {
        return db.reachable() ? disk.shortage() : Optional.of("it cannot be reached");
    }

    /** The operator's backups of this store into {@code dir} (qaqpa.backup.dir). */
    public StoreBackup backups(Path dir) {
        return new StoreBackup(db, dataDir.resolve("db"), disk, dir, Clock.systemUTC());
    }

    @Override
    public void close() {
        checkpoints.close(); // before the store's own last checkpoint, the stop's
        db.close();
    }
}
