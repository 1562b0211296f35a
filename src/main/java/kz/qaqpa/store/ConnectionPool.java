package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * A fixed number of connections to one database, each keeping the statements prepared on it for reuse: HSQLDB
 * compiles a statement anew for every prepareStatement once no PreparedStatement holds it, which was a tenth of a
 * signed look-up's CPU. A connection is used by one thread at a time, between {@link #borrow} and
 * {@link #release} (or {@link #discard} when it may be broken).
 */
final class ConnectionPool implements AutoCloseable {
    /**
     * Statements kept per connection. The gateway's SQL is a fixed set of texts (a few dozen); the bound only stops a
     * text built with changing parts from growing the cache without end.
     */
    private static final int STATEMENTS_PER_CONNECTION = 256;
    private final String url;
    private final String user;
    private final Semaphore permits;
    /** Told of each connection opened, before its first use. */
    private final Opened opened;
    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;
    /**
     * HSQLDB's database the first connection reached. A later connection is opened only while it is still online:
     * a connection to a database shut down meanwhile would open the store again on the borrower's thread, without the
     * mark's check and the opening's proof that only the reopening runs (review55b).
     */
    private volatile org.hsqldb.Database database;

    ConnectionPool(String url, String user, int size) {
        this(url, user, size, c -> { }, null);
    }

    /**
     * @param opened   told of each connection opened, before its first use (a failure drops the connection)
     * @param database HSQLDB's database the store's opening reached, to which every connection is made while it is
     *                 online, the first one too (store57, review56: a pool that knew none made its first connection by
     *                 the URL, so a SHUTDOWN between the opening and the first borrow made that borrow an opening of its
     *                 own); null: the first connection opens the database (a read-only store)
     */
    ConnectionPool(String url, String user, int size, Opened opened, org.hsqldb.Database database) {
        this.url = url;
        this.user = user;
        this.permits = new Semaphore(size, true);
        this.opened = opened;
        this.database = database;
    }

    /** What is done with each connection the pool opens. */
    @FunctionalInterface
    interface Opened {
        void opened(Connection connection) throws SQLException;
    }

    /** One connection and the statements prepared on it. */
    static final class Pooled {
        final Connection connection;
        private final Map<String, PreparedStatement> statements =
                new RecentlyUsed<>(STATEMENTS_PER_CONNECTION, ConnectionPool::closeQuietly);

        private Pooled(Connection connection) {
            this.connection = connection;
        }

        /**
         * The statement for {@code sql}, prepared once on this connection, its parameters cleared. Prepared with
         * {@code returning} column names, an UPDATE hands back those columns of the rows it changed as its generated
         * keys (HSQLDB returns any columns of an UPDATE's rows that way).
         */
        PreparedStatement prepared(String sql, String... returning) throws SQLException {
            String key = returning.length == 0 ? sql : sql + " RETURNING " + String.join(", ", returning);
            PreparedStatement ps = statements.get(key);
            if (ps == null) {
                ps = returning.length == 0 ? connection.prepareStatement(sql)
                        : connection.prepareStatement(sql, returning);
                statements.put(key, ps);
            } else {
                ps.clearParameters();
            }
            return ps;
        }

        private void closeFully() {
            statements.values().forEach(ConnectionPool::closeQuietly);
            statements.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                // a broken connection is being dropped anyway
            }
        }
    }

    /** A connection for the caller alone; waits while all are in use. */
    Pooled borrow() throws SQLException {
        if (closed) {
            throw new SQLException("connection pool closed", "08003");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", "08001", e);
        }
        if (closed) { // closed while this borrower waited (review55b): its permit came from the loss's own loan
            permits.release();
            throw new SQLException("connection pool closed", "08003");
        }
        Pooled pooled = idle.pollFirst();
        if (pooled != null) {
            return pooled;
        }
        try {
            return new Pooled(open());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Connection open() throws SQLException {
        org.hsqldb.Database first = database;
        Connection connection = connect();
        try {
            if (first == null) {
                database = GroupCommit.hsqldbOf(connection);
            }
            opened.opened(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * A connection outside the pool (Flyway's, {@link ReconnectingPool#direct}), made as the pool's own are: to the
     * database the store's opening reached while it is online, never an opening of its own (store57).
     */
    Connection connect() throws SQLException {
        org.hsqldb.Database first = database;
        return first == null ? DriverManager.getConnection(url, user, "") : connectWhileOnline(first);
    }

    /**
     * A connection to {@code first} while it is online. Checked and connected under HSQLDB's monitor of that database
     * (review56: two steps let a borrower descheduled between them connect after a shutdown and open the store anew
     * itself, outside the reopening's mark check and opening proof): HSQLDB's close takes the same monitor to leave
     * ONLINE, and its connect re-enters it, so the connection is made to the database found online; a shutdown after
     * it closes that connection's session with the rest.
     */
    private Connection connectWhileOnline(org.hsqldb.Database first) throws SQLException {
        synchronized (first) {
            if (!HsqldbInternals.online(first)) {
                throw new SQLException("the store's database is no longer open; it is opened again only as a start"
                        + " opens it", "08003");
            }
            return DriverManager.getConnection(url, user, "");
        }
    }

    /** Work on one connection of a pool not yet shared (a store just opened): borrowed and given back around it. */
    @FunctionalInterface
    interface OnConnection {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on one connection of this pool, given back after it. */
    void onOne(OnConnection work) throws SQLException {
        Pooled pooled = borrow();
        try {
            work.run(pooled.connection);
        } finally {
            release(pooled);
        }
    }

    /** Gives a connection back for the next caller, with its statements. */
    void release(Pooled pooled) {
        if (closed) {
            pooled.closeFully();
        } else {
            idle.addFirst(pooled);
        }
        permits.release();
    }

    /** Drops a connection that may be broken; the next borrower opens a new one. */
    void discard(Pooled pooled) {
        pooled.closeFully();
        permits.release();
    }

    @Override
    public void close() {
        closed = true;
        for (Pooled pooled; (pooled = idle.pollFirst()) != null; ) {
            pooled.closeFully();
        }
    }

    /**
     * Closes the pool of a reopening that failed before it was published, and shuts HSQLDB's database its first connection
     * reached down without a checkpoint ({@link StoreFiles#shutDownImmediately}, store56): left open, the next reopening's
     * connection would reach it instead of opening the store.
     */
    void shutDownImmediately() {
        close();
        StoreFiles.shutDownImmediately(database);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // nothing to release
        }
    }
}
