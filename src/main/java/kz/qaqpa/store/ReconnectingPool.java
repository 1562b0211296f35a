package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The {@link Database}'s connections: the pool it lends them from, one unit of work at a time, and what happens when
 * the database goes away (shut down, files gone). A connection failure (SQLState class 08) leaves every pooled
 * connection dead for good, and a pool asked to open a database that is not there blocks for a long time. So the pool
 * is discarded, and until a direct connection opens the database again every use fails at once.
 */
final class ReconnectingPool {
    private final Supplier<ConnectionPool> connector;
    /** The database's URL for single direct connections: migrations, and asking quickly whether it opens again. */
    private final String probeUrl;
    private volatile ConnectionPool pool;
    /** The database went away (shut down, files gone): the pool is discarded until the probe opens it again. */
    private volatile boolean lost;
    /** HSQLDB's database whose row cache has our lock ({@link RowCacheLock}), or null: never asked for. */
    private Object lockedDatabase;

    /** @param connector makes a new pool when the current one lost its database (see {@link #reconnect}) */
    ReconnectingPool(Supplier<ConnectionPool> connector, String probeUrl) {
        this.connector = connector;
        this.probeUrl = probeUrl;
        this.pool = connector.get();
    }

    /** A pooled connection lent to one unit of work, which marks it broken when it must not go back to the pool. */
    static final class Loan {
        final ConnectionPool.Pooled pooled;
        boolean broken;

        Loan(ConnectionPool.Pooled pooled) {
            this.pooled = pooled;
        }
    }

    interface LoanWork<T> {
        T run(Loan loan) throws SQLException;
    }

    /**
     * Borrows a connection for {@code work} and gives it back, or drops it when the work marked it broken; a failure
     * of the database becomes a {@link Database.StoreException}, and a lost database sets up the reconnection.
     */
    <T> T lend(LoanWork<T> work) {
        ConnectionPool used = null;
        try {
            used = source();
            Loan loan = new Loan(used.borrow());
            try {
                return work.run(loan);
            } finally {
                if (loan.broken) {
                    used.discard(loan.pooled);
                } else {
                    used.release(loan.pooled);
                }
            }
        } catch (SQLException e) {
            reconnect(used, e);
            throw new Database.StoreException(e);
        }
    }

    /**
     * Gives the store's row cache our lock ({@link RowCacheLock#install}). Only right after the store opened, before a
     * second thread can reach it; from then on each reopening ({@link #source}) gives it to the cache HSQLDB makes then.
     */
    synchronized void installRowCacheLock() {
        lend(loan -> {
            lockRowCache(loan.pooled.connection);
            return null;
        });
    }

    private void lockRowCache(Connection connection) throws SQLException {
        org.hsqldb.Database hsqldb = GroupCommit.hsqldbOf(connection);
        // HSQLDB makes its cache when a CACHED table is first read after the opening, on whichever thread: made here
        // instead, while no other thread is in the store
        if (RowCacheLock.install(hsqldb.logger.getCache())) {
            lockedDatabase = hsqldb;
        }
    }

    /** The database went away and has not been opened again (asked without opening it). */
    boolean lost() {
        return lost;
    }

    /** True when a connection can be had and answers a query now. */
    boolean reachable() {
        ConnectionPool used = null;
        try {
            used = source();
            ConnectionPool.Pooled p = used.borrow();
            try (Statement s = p.connection.createStatement()) {
                s.execute("VALUES 1");
            } catch (SQLException e) {
                used.discard(p);
                throw e;
            }
            used.release(p);
            return true;
        } catch (SQLException e) {
            reconnect(used, e);
            return false;
        }
    }

    /** Single direct connections to the database, outside the pool (for Flyway). */
    JDBCDataSource direct() {
        JDBCDataSource direct = new JDBCDataSource();
        direct.setUrl(probeUrl);
        direct.setUser(StoreFiles.USER);
        direct.setPassword("");
        return direct;
    }

    /** Shuts the database down with {@code shutdown} (HSQLDB's SHUTDOWN statement, or a variant) and closes the pool. */
    void shutDown(String shutdown) {
        ConnectionPool used = pool;
        try {
            ConnectionPool.Pooled p = used.borrow();
            try (Statement s = p.connection.createStatement()) {
                s.execute(shutdown);
            } finally {
                used.discard(p);
            }
        } catch (SQLException e) {
            // already shut down
        }
        used.close();
    }

    /** After a connection failure (class 08): the pool is discarded, and {@link #source} probes before a new one. */
    private void reconnect(ConnectionPool broken, SQLException cause) {
        if (broken == null || cause.getSQLState() == null || !cause.getSQLState().startsWith("08")) {
            return;
        }
        synchronized (this) {
            if (pool == broken && !lost) {
                lost = true;
                broken.close();
            }
        }
    }

    /** The pool to use: the current one, or after a loss a new one once the database opens again. */
    private ConnectionPool source() throws SQLException {
        if (!lost) {
            return pool;
        }
        synchronized (this) {
            if (lost) {
                try (Connection probe = DriverManager.getConnection(probeUrl, StoreFiles.USER, "")) {
                    probe.isValid(1);
                    if (lockedDatabase != null && GroupCommit.hsqldbOf(probe) != lockedDatabase) {
                        lockRowCache(probe); // opened anew by this probe, no pool on it yet: no other thread in it
                    }
                }
                pool = connector.get();
                lost = false;
            }
            return pool;
        }
    }
}
