package kz.qaqpa.store;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.hsqldb.HsqlException;
import org.hsqldb.persist.LobManager;
import org.hsqldb.persist.LobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of HSQLDB's file of large values ({@code qaqpa.lobs}: a body over {@link Bodies#IN_ROW_BYTES}), a failed
 * one failing its statement (lobs54). HSQLDB opens the file {@code rws} (O_SYNC): a write returns once its bytes are on
 * the device, or fails (the disk's writeback error, a full disk), so a value written is durable before its commit is.
 * But HSQLDB 2.7.4's JDBC statement drops the outcome of writing a parameter's large value
 * ({@code JDBCPreparedStatement.performPreExecute} ignores {@code Session.allocateResultLob}'s result, into which
 * {@code LobManager} turns the failure): the statement went on with blocks the device never took, its commit was
 * acknowledged, and after a restart the body read back as zeros. Here the store's {@link LobStore} is wrapped, so that
 * a failed write throws what {@code LobManager} does not catch: the statement fails (HSQLDB's general error, this
 * exception its cause), the transaction is rolled back whole, and the sender is told SCE912 ({@link Store#outage}).
 * Nothing acknowledged before is in doubt: each value's own writes proved it on the device, and HSQLDB never writes a
 * value's blocks again while the value is in use. So the refusal is not sticky: the next write that succeeds ends it.
 */
final class LargeValueWrites {
    private static final Logger OUT = LoggerFactory.getLogger(LargeValueWrites.class);
    // HSQLDB 2.7's LobManager keeps its store in a package-private field: read when the store opens (this class is
    // loaded with the Database that holds one), so a version that renamed it fails the start
    private static final Field STORE = HsqldbInternals.field(LobManager.class, "lobStore",
            "the check that large values reach the disk");
    /** Why the last write of the file failed; null while the last one succeeded (or none failed). */
    private volatile String failed;

    /**
     * Watches the writes of the file of large values of the database {@code connection} belongs to (once per database
     * opened: a database opened again has a LobManager of its own). Under the LobManager's lock, which every write
     * holds.
     */
    void watch(Connection connection) throws SQLException {
        LobManager lobs = GroupCommit.hsqldbOf(connection).lobManager;
        if (lobs == null) {
            return;
        }
        lobs.lock();
        try {
            Object store = HsqldbInternals.read(STORE, lobs);
            if (store != null && !(store instanceof Watched)) {
                STORE.set(lobs, new Watched((LobStore) store));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            lobs.unlock();
        }
    }

    /** Whether {@code failure} (a statement's) came of its own failed write of a large value ({@link Failed}). */
    static boolean failedIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Failed) {
                return true;
            }
        }
        return false;
    }

    /** Why the last write of the file of large values failed, while no later one succeeded (logged, and for tests). */
    Optional<String> failure() {
        return Optional.ofNullable(failed);
    }

    /** A failed write of a large value: not an HsqlException, which LobManager would catch and its caller drop. */
    static final class Failed extends RuntimeException {
        Failed(HsqlException cause) {
            super("a large value could not be written to the store's file of large values (qaqpa.lobs: an I/O error or"
                    + " a full disk): " + cause.getMessage(), cause);
        }
    }

    private void failed(HsqlException e) {
        if (failed == null) {
            OUT.error("a write of the store's file of large values (qaqpa.lobs) failed ({}): its statement is refused"
                    + " (SCE912); the store counts as out until a write of the file succeeds again", e.toString());
        }
        failed = e.toString();
    }

    private void succeeded() {
        if (failed != null) {
            failed = null;
            OUT.info("the store's file of large values (qaqpa.lobs) is written again");
        }
    }

    /** HSQLDB's store of large values, each failed write thrown past LobManager. */
    private final class Watched implements LobStore {
        private final LobStore file;

        Watched(LobStore file) {
            this.file = file;
        }

        @Override
        public void setBlockBytes(byte[] dataBytes, int blockAddress, int blockCount) {
            try {
                file.setBlockBytes(dataBytes, blockAddress, blockCount);
            } catch (HsqlException e) {
                failed(e);
                throw new Failed(e);
            }
            succeeded();
        }

        @Override
        public void setBlockBytes(byte[] dataBytes, long position, int offset, int length) {
            try {
                file.setBlockBytes(dataBytes, position, offset, length);
            } catch (HsqlException e) {
                failed(e);
                throw new Failed(e);
            }
            succeeded();
        }

        @Override
        public byte[] getBlockBytes(int blockAddress, int blockCount) {
            return file.getBlockBytes(blockAddress, blockCount);
        }

        @Override
        public int getBlockSize() {
            return file.getBlockSize();
        }

        @Override
        public void setLength(long length) {
            file.setLength(length);
        }

        @Override
        public long getLength() {
            return file.getLength();
        }

        @Override
        public void close() {
            file.close();
        }

        @Override
        public void synch() {
            file.synch();
        }
    }
}
