package kz.qaqpa.store;

/**
 * Makes durable every commit an earlier read could see, for work that tells the outside world what it read (the
 * outbox's callbacks). HSQLDB shows a commit's rows to other connections before it writes the commit's log record, and
 * the committing transaction waits for that record's sync only afterwards ({@link GroupCommit}): a reader acting at
 * once could tell a sender of an application that a crash then loses (review50). HSQLDB commits one transaction at a
 * time and writes its log record before the next commit begins (its transaction manager's write lock), so a write
 * commit made after the read is logged after everything the read saw, and its own wait for the sync covers them all.
 */
public final class SyncBarrier {
    /** The barrier's write: one row (V33), counted up, so it never grows. */
    static final String PASS = "UPDATE sync_barrier SET passes = passes + 1 WHERE id = 1";
    private final Database db;

    public SyncBarrier(Database db) {
        this.db = db;
    }

    /**
     * Returns once every commit a read made before this call could see is on disk.
     *
     * @throws Database.StoreException when the log could not be synced (a full disk, an I/O error): what was read may
     *                                 be lost, so it is not to be acted on
     */
    public void pass() {
        db.update(PASS);
    }
}
