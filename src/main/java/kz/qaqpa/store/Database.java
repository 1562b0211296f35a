package kz.qaqpa.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCPool;

/**
 * The gateway's database. Work done inside {@link #inTransaction} shares one connection and commits or rolls
 * back as a whole, so an application is never half-stored.
 */
public final class Database implements AutoCloseable {
    private final DataSource dataSource;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A pooled HSQLDB file database; write_delay=false makes every commit durable at once. */
    public static Database hsqldbFile(String directory, int poolSize) {
        JDBCPool pool = new JDBCPool(poolSize);
        pool.setUrl("jdbc:hsqldb:file:" + directory + "/qaqpa;hsqldb.write_delay=false;hsqldb.tx=mvcc");
        pool.setUser("SA");
        pool.setPassword("");
        Database db = new Database(pool);
        db.migrate();
        return db;
    }

    public void migrate() {
        try (InputStream in = Database.class.getResourceAsStream("/store/schema.sql");
             Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    execute(s, statement);
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot create the store schema", e);
        }
    }

    /** Runs one schema statement; adding a column that an existing store already has is not an error. */
    private static void execute(Statement s, String statement) throws SQLException {
        try {
            s.execute(statement);
        } catch (SQLException e) {
            boolean addsExistingColumn = statement.contains("ADD COLUMN") && e.getErrorCode() == COLUMN_EXISTS;
            if (!addsExistingColumn) {
                throw e;
            }
        }
    }

    /** HSQLDB's "object name already exists". */
    private static final int COLUMN_EXISTS = -5504;

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

    private <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            try {
                T result = work.run();
                c.commit();
                return result;
            } catch (Throwable e) {
                // any failure, Errors included: setAutoCommit(true) below would otherwise commit partial work
                rollback(c, e);
                throw e;
            } finally {
                current.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A rollback that fails too must not hide why the transaction failed. */
    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    public int update(String sql, Object... params) {
        return inTransaction(() -> {
            try (PreparedStatement ps = prepare(sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return inTransaction(() -> {
            try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public void close() {
        if (dataSource instanceof JDBCPool pool) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // already shut down
            }
            try {
                pool.close(0);
            } catch (SQLException e) {
                // nothing left to release
            }
        }
    }

    private <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement ps = current.get().prepareStatement(sql);
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
