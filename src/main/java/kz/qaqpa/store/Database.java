package kz.qaqpa.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * The gateway's database. Work done inside {@link #inTransaction} shares one connection and commits or rolls
 * back as a whole, so an application is never half-stored. The schema is versioned with Flyway
 * ({@code store/migration/V<n>__*.sql}); opening a store upgrades it.
 */
public final class Database implements AutoCloseable {
    private final java.util.function.Supplier<ConnectionPool> connector;
    /** The database's URL for single direct connections: migrations, and asking quickly whether it opens again. */
    private final String probeUrl;
    private volatile ConnectionPool pool;
    /** The database went away (shut down, files gone): the pool is discarded until the probe opens it again. */
    private volatile boolean lost;
    private final ThreadLocal<ConnectionPool.Pooled> current = new ThreadLocal<>();
    private final ThreadLocal<List<Work<?>>> beforeCommit = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();
    private final ThreadLocal<java.util.Map<Object, Object>> transactionValues = new ThreadLocal<>();
    /** Whether the current transaction changed anything (only then is there a commit to wait for). */
    private final ThreadLocal<Boolean> changed = new ThreadLocal<>();
    /** Makes each changing transaction wait for its commit's sync. */
    private final GroupCommit groupCommit = new GroupCommit();

    /** @param connector makes a new pool when the current one lost its database (see {@link #reconnect}) */
    private Database(java.util.function.Supplier<ConnectionPool> connector, String probeUrl) {
        this.connector = connector;
        this.probeUrl = probeUrl;
        this.pool = connector.get();
    }

    /**
     * A pooled HSQLDB file database. Its commits are written to the log without a sync of their own (write_delay):
     * {@link GroupCommit} syncs them in groups and answers each transaction only once its commit is on disk, so every
     * commit is as durable as with write_delay=false. The pool opens the files only if they exist (ifexists), so a
     * data directory that went missing is an outage, never a fresh empty store.
     */
    public static Database hsqldbFile(String directory, int poolSize) {
        String url = "jdbc:hsqldb:file:" + directory + "/qaqpa;hsqldb.write_delay=true;hsqldb.tx=mvcc";
        create(url);
        Database db = new Database(() -> new ConnectionPool(url + ";ifexists=true", USER, poolSize),
                url + ";ifexists=true");
        db.migrate();
        return db;
    }

    /**
     * A connection failure (SQLState class 08: the database was shut down, its files went away) leaves every pooled
     * connection dead for good, and a pool asked to open a database that is not there blocks for a long time. So the
     * pool is discarded, and until a direct connection opens the database again every use fails at once.
     */
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
                try (Connection probe = DriverManager.getConnection(probeUrl, USER, "")) {
                    probe.isValid(1);
                }
                pool = connector.get();
                lost = false;
            }
            return pool;
        }
    }

    private static final String USER = "SA";

    /**
     * Creates the database files on the first start (a connection without ifexists creates them) and turns the write
     * delay on: a store made before group commit keeps write_delay=false whatever the URL says.
     */
    private static void create(String url) {
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
            s.execute("SET FILES WRITE DELAY TRUE");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Brings the schema to the newest version. A store made before Flyway holds exactly version 1 and no history
     * table: it is baselined at 1 and upgraded from there.
     */
    public void migrate() {
        JDBCDataSource direct = new JDBCDataSource();
        direct.setUrl(probeUrl);
        direct.setUser(USER);
        direct.setPassword("");
        Flyway.configure().dataSource(direct).locations("classpath:store/migration")
                .baselineOnMigrate(true).baselineVersion("1").load().migrate();
    }

    /** True when a connection can be had and answers a query now. */
    public boolean reachable() {
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

    public interface Work<T> {
        T run() throws SQLException;
    }

    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. A serialization failure (two transactions touching the same rows in
     * opposite order) is retried once, since the work was rolled back whole.
     */
    public <T> T inTransaction(Work<T> work) {
        if (current.get() != null) {
            return call(work);
        }
        try {
            return transaction(work);
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && "40001".equals(sql.getSQLState())) {
                return transaction(work);
            }
            throw e;
        }
    }

    /**
     * Runs {@code work} as the last thing of the current transaction, just before its commit (or at once in a
     * transaction of its own when none is open). Work that takes a lock everyone needs (the message chain's head)
     * goes here, so the lock is held only for the end of each transaction and always taken last.
     */
    public void beforeCommit(Work<?> work) {
        List<Work<?>> pending = beforeCommit.get();
        if (pending == null) {
            inTransaction(work);
        } else {
            pending.add(work);
        }
    }

    /**
     * The value the current transaction keeps under {@code key}, made by {@code create} on first use; null outside a
     * transaction. It ends with the transaction, committed or not.
     */
    @SuppressWarnings("unchecked")
    public <T> T ofTransaction(Object key, java.util.function.Supplier<T> create) {
        java.util.Map<Object, Object> values = transactionValues.get();
        return values == null ? null : (T) values.computeIfAbsent(key, k -> create.get());
    }

    /** Runs {@code action} once the current transaction committed (not at all if it rolls back), or at once. */
    public void afterCommit(Runnable action) {
        List<Runnable> pending = afterCommit.get();
        if (pending == null) {
            action.run();
        } else {
            pending.add(action);
        }
    }

    private <T> T transaction(Work<T> work) {
        List<Runnable> committed = new ArrayList<>();
        Committed<T> done = withConnection(loan -> runAndCommit(loan, work, committed));
        if (done.log() != null) {
            groupCommit.awaitDurable(done.log()); // the connection is back in the pool meanwhile
        }
        committed.forEach(Runnable::run);
        return done.result();
    }

    /** A committed transaction's result, and the log to wait for when it changed something. */
    private record Committed<T>(T result, org.hsqldb.persist.Logger log) {
    }

    private <T> Committed<T> runAndCommit(Loan loan, Work<T> work, List<Runnable> committed) throws SQLException {
        Connection c = loan.pooled.connection;
        loan.broken = true; // a connection that cannot leave auto-commit is not handed out again
        c.setAutoCommit(false);
        loan.broken = false;
        current.set(loan.pooled);
        beforeCommit.set(new ArrayList<>());
        transactionValues.set(new java.util.HashMap<>());
        afterCommit.set(committed);
        changed.set(false);
        try {
            T result = work.run();
            List<Work<?>> last = beforeCommit.get();
            for (int i = 0; i < last.size(); i++) {
                last.get(i).run();
            }
            c.commit();
            return new Committed<>(result, changed.get() ? GroupCommit.logOf(c) : null);
        } catch (Throwable e) {
            // any failure, Errors included: setAutoCommit(true) below would otherwise commit partial work
            loan.broken = !rollback(c, e);
            throw e;
        } finally {
            current.remove();
            beforeCommit.remove();
            transactionValues.remove();
            afterCommit.remove();
            changed.remove();
            loan.broken = loan.broken || !autoCommitAgain(c);
        }
    }

    /** A pooled connection lent to one unit of work, which marks it broken when it must not go back to the pool. */
    private static final class Loan {
        final ConnectionPool.Pooled pooled;
        boolean broken;

        Loan(ConnectionPool.Pooled pooled) {
            this.pooled = pooled;
        }
    }

    private interface LoanWork<T> {
        T run(Loan loan) throws SQLException;
    }

    /**
     * Borrows a connection for {@code work} and gives it back, or drops it when the work marked it broken; a failure
     * of the database becomes a {@link StoreException}, and a lost database sets up the reconnection.
     */
    private <T> T withConnection(LoanWork<T> work) {
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
            throw new StoreException(e);
        }
    }

    /** A rollback that fails too must not hide why the transaction failed. False: the connection is not to be reused. */
    private static boolean rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /** False when the connection cannot be reset for the next transaction (it is then dropped). */
    private static boolean autoCommitAgain(Connection c) {
        try {
            c.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public int update(String sql, Object... params) {
        return inTransaction(() -> {
            changed.set(true);
            return prepare(sql, params).executeUpdate();
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        Work<List<T>> read = () -> {
            try (ResultSet rs = prepare(sql, params).executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        };
        return current.get() != null ? call(read) : alone(read);
    }

    /**
     * One read outside any transaction, in the connection's auto-commit mode: a single statement reads a consistent
     * state by itself, and switching auto-commit off and on around it cost three more calls into the database.
     */
    private <T> T alone(Work<T> read) {
        return withConnection(loan -> {
            current.set(loan.pooled);
            try {
                return read.run();
            } catch (SQLException e) {
                // a refused statement leaves the connection usable; a lost database (class 08) does not
                loan.broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
                throw e;
            } finally {
                current.remove();
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public void close() {
        ConnectionPool used = pool;
        try {
            ConnectionPool.Pooled p = used.borrow();
            try (Statement s = p.connection.createStatement()) {
                s.execute("SHUTDOWN");
            } finally {
                used.discard(p);
            }
        } catch (SQLException e) {
            // already shut down
        }
        used.close();
    }

    private <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The connection's kept statement for {@code sql} with {@code params} set; the caller does not close it. */
    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = current.get().prepared(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    /** A database failure; the channel answers it as an internal error. */
    public static final class StoreException extends RuntimeException {
        public StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
