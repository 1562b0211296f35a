package kz.qaqpa.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Database}'s statements: an update or a query with its parameters on the connection's kept statement, in
 * the thread's open unit of work ({@link Transactions}), or in one of its own.
 */
final class Statements {
    private final Transactions transactions;

    Statements(Transactions transactions) {
        this.transactions = transactions;
    }

    /** {@link Database#update}. */
    int update(String sql, Object... params) {
        return transactions.inTransaction(() -> {
            transactions.changing();
            return prepare(sql, params).executeUpdate();
        });
    }

    /** {@link Database#updateReturning}. */
    <T> List<T> updateReturning(String sql, String[] returning, Database.RowMapper<T> mapper, Object... params) {
        return transactions.inTransaction(() -> {
            transactions.changing();
            PreparedStatement ps = set(transactions.pooled().prepared(sql, returning), params);
            if (ps.executeUpdate() == 0) {
                return List.of(); // HSQLDB's keys of no row are a closed cursor, not an empty one
            }
            try (ResultSet rs = ps.getGeneratedKeys()) {
                return rows(rs, mapper);
            }
        });
    }

    /** {@link Database#query}. */
    <T> List<T> query(String sql, Database.RowMapper<T> mapper, Object... params) {
        return transactions.read(() -> {
            try (ResultSet rs = prepare(sql, params).executeQuery()) {
                return rows(rs, mapper);
            }
        });
    }

    /** {@link Database#queryOne}. */
    <T> Optional<T> queryOne(String sql, Database.RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static <T> List<T> rows(ResultSet rs, Database.RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(mapper.map(rs));
        }
        return rows;
    }

    /** The connection's kept statement for {@code sql} with {@code params} set; the caller does not close it. */
    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        return set(transactions.pooled().prepared(sql), params);
    }

    private static PreparedStatement set(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
