package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The {@link Database}'s connections: the pool it lends them from, one unit of work at a time, and what happens when
 * the database goes away (shut down, files gone). A connection failure (SQLState class 08) leaves every pooled
 * connection dead for good, and a pool asked to open a database that is not there blocks for a long time. So the pool
 * is discarded, and until the store opens again every use fails at once. The store is opened again by the same steps a
 * start takes (store55, review54b: the reconnect skipped the doubt's mark and the opening's proof), which the
 * {@link Reopening} given runs.
 */
final class ReconnectingPool {
    private final Reopening reopening;
    /** The database's URL for single direct connections: migrations. */
    private final String probeUrl;
    private volatile ConnectionPool pool;
    /** The database went away (shut down, files gone): the pool is discarded until the probe opens it again. */
    private volatile boolean lost;
    /** Set by {@link #stop}: the store is not opened again after it (review56: a late use reopened a closed store). */
    private boolean stopped;
    /** HSQLDB's database whose row cache has our lock ({@link RowCacheLock}), or null: never asked for. */
    private Object lockedDatabase;

    /**
     * @param first     the pool on the store as the start opened it
     * @param reopening opens the store again and makes a new pool when the current one lost its database (see
     *                  {@link #reconnect})
     */
    ReconnectingPool(ConnectionPool first, Reopening reopening, String probeUrl) {
        this.reopening = reopening;
        this.probeUrl = probeUrl;
        this.pool = first;
    }

    /** Opens the store again after its loss, as a start opens it, and a pool on it. */
    @FunctionalInterface
    interface Reopening {
        /** @throws SQLException when the store does not open again (yet), or is refused as a start would refuse it */
        ConnectionPool reopen() throws SQLException;
    }

    /** A pooled connection lent to one unit of work, which marks it broken when it must not go back to the pool. */
    static final class Loan {
        final ConnectionPool.Pooled pooled;
        boolean broken;

        Loan(ConnectionPool.Pooled pooled) {
            this.pooled = pooled;
        }

        /** Back to {@code pool}, or dropped when the work marked it broken. */
        void giveBack(ConnectionPool pool) {
            if (broken) {
                pool.discard(pooled);
            } else {
                pool.release(pooled);
            }
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
            } catch (SQLException e) {
                reconnect(used, e); // a lost database's pool is closed before this loan frees a waiting borrower
                throw e;
            } finally {
                loan.giveBack(used);
            }
        } catch (SQLException e) {
            reconnect(used, e);
            throw Database.StoreException.of(e);
        }
    }

    /**
     * As {@link #lend}, on {@code pool} alone (a reopened pool not yet published: no reconnection, its loss is the
     * reopening's failure).
     */
    static <T> T lendFrom(ConnectionPool pool, LoanWork<T> work) {
        try {
            Loan loan = new Loan(pool.borrow());
            try {
                return work.run(loan);
            } finally {
                loan.giveBack(pool);
            }
        } catch (SQLException e) {
            throw Database.StoreException.of(e);
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
            boolean answered = false;
            try (Statement s = p.connection.createStatement()) {
                s.execute("VALUES 1");
                answered = true;
            } finally {
                if (answered) {
                    used.release(p);
                } else {
                    used.discard(p); // whatever was thrown: its permit back (review56)
                }
            }
            return true;
        } catch (SQLException e) {
            reconnect(used, e);
            return false;
        }
    }

    /**
     * Single direct connections to the database, outside the pool (for Flyway): made by the current pool as its own
     * are, to the database the store's opening reached while it is online (store57: by the URL, a connection after a
     * SHUTDOWN opened the store itself, outside the start's steps); a store lost or shut down meanwhile refuses them
     * (class 08).
     */
    JDBCDataSource direct() {
        JDBCDataSource direct = new JDBCDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                ConnectionPool used = pool;
                if (lost) {
                    throw new SQLException("the store's database is lost; it is opened again only as a start opens it",
                            "08003");
                }
                return used.connect();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }
        };
        direct.setUrl(probeUrl);
        direct.setUser(StoreFiles.USER);
        direct.setPassword("");
        return direct;
    }

    /**
     * The store's stop: shut down with {@code shutdown} and never opened again by this pool, whatever uses it later (a
     * part stopped after the store, a detached health read): they are refused as during a loss (class 08, SCE912).
     */
    void stop(String shutdown) {
        synchronized (this) { // after a reopening under way: it is the pool shut down
            stopped = true;
        }
        shutDown(shutdown);
    }

    /** Shuts the database down with {@code shutdown} (HSQLDB's SHUTDOWN statement, or a variant) and closes the pool. */
    void shutDown(String shutdown) {
        ConnectionPool used = pool;
        shutDown(used, borrowed(used), shutdown);
    }

    /**
     * Shuts the database of {@code used} down with {@code shutdown} on {@code borrowed}, a connection of that pool (null:
     * none could be had, the database is shut down already), and closes the pool.
     */
    private static void shutDown(ConnectionPool used, ConnectionPool.Pooled borrowed, String shutdown) {
        used.close(); // before the discard frees a waiting borrower, who would open the store again itself
        if (borrowed == null) {
            return;
        }
        try (Statement s = borrowed.connection.createStatement()) {
            s.execute(shutdown);
        } catch (SQLException e) {
            // already shut down
        } finally {
            used.discard(borrowed);
        }
    }

    /** A connection of {@code used}, waiting while all are lent; null when the pool is closed (its database lost). */
    private static ConnectionPool.Pooled borrowed(ConnectionPool used) {
        try {
            return used.borrow();
        } catch (SQLException e) {
            return null;
        }
    }

    /**
     * The database shut down without a checkpoint ({@code SHUTDOWN IMMEDIATELY}: its log kept, nothing more written) and
     * its pool discarded, so that the next use opens the store again as a start does ({@link #source}): what HSQLDB holds
     * in memory can no longer be used (store55: a CHECKPOINT DEFRAG that failed midway left its data file closed). The
     * connection for the statement is borrowed before this pool's monitor is taken (store58, review57): a loan that meets
     * class 08 takes that monitor ({@link #reconnect}) before it gives its permit back, so waiting for a permit under the
     * monitor, with every connection lent, waited for ever. A pool lost or replaced meanwhile is left as it is: the store
     * is opened again from its files already.
     */
    void reopenAtNextUse() {
        if (lost) {
            return;
        }
        ConnectionPool used = pool;
        ConnectionPool.Pooled borrowed = borrowed(used);
        synchronized (this) {
            if (lost || pool != used) {
                if (borrowed != null) {
                    used.release(borrowed);
                }
                return;
            }
            shutDown(used, borrowed, "SHUTDOWN IMMEDIATELY");
            lost = true;
        }
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

    /** The pool to use: the current one, or after a loss a new one once the store opens again. */
    private ConnectionPool source() throws SQLException {
        if (!lost) {
            return pool;
        }
        synchronized (this) {
            if (lost && stopped) {
                throw new SQLException("the store is stopped: it is not opened again", "08003");
            }
            if (lost) {
                ConnectionPool reopened = reopening.reopen();
                if (lockedDatabase != null) {
                    try {
                        reopened.onOne(this::lockRowCache); // opened anew, not published yet: no other thread in it
                    } catch (SQLException | RuntimeException e) {
                        reopened.shutDownImmediately(); // nothing of a failed reopening left open (store56)
                        throw e;
                    }
                }
                pool = reopened;
                lost = false;
            }
            return pool;
        }
    }
}
