package kz.qaqpa.mocks.eastana;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import kz.qaqpa.mocks.provider.GatewayConnection;

/**
 * The provider back office's own HSQLDB file database ({@code jdbc:hsqldb:file:<dir>/provider}): counters that never
 * go back (registration, referral and per-organisation queue numbers), the register of organisations with their free
 * places, and the inbox of applications with their processing state, so a restart resumes where it stopped.
 * One connection, all methods synchronized; {@link #transaction} groups several calls atomically.
 */
public final class ProviderStore implements AutoCloseable, GatewayConnection.SentEnvelopes {
    /**
     * Processing states of an inbox row. After IN_WORK: a place found for a portal application is reserved and
     * offered (OFFER_DECIDED, then OFFERED until the consumer's consent arrives); a registration slip is an interim
     * answer (INTERIM_DECIDED, then QUEUED until a place frees up); any other result is DECIDED, then DONE.
     */
    public enum State { RECEIVED, REGISTERED, IN_WORK, OFFER_DECIDED, OFFERED, INTERIM_DECIDED, QUEUED, DECIDED, DONE }

    /** The states before DONE, as an SQL list: the inbox_state index serves it, where {@code <> 'DONE'} reads every row. */
    private static final String UNFINISHED = Arrays.stream(State.values()).filter(s -> s != State.DONE)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    /** A place offered for the consumer's consent; {@code agreed} is null until the consent arrives. */
    public record Offer(String messageId, int round, String kindergartenCode, Boolean agreed) {
    }

    /** An application in the inbox. */
    public record InboxRow(String messageId, String correlationId, String registrationNumber, State state,
                           String applicationXml, String resultXml, Instant receivedAt) {
    }

    private final Connection connection;

    /** Opens (or creates) the database in {@code dir}; organisations of {@code seed} missing from it are added. */
    public ProviderStore(Path dir, List<Kindergarten> seed) {
        try {
            connection = DriverManager.getConnection("jdbc:hsqldb:file:" + dir.toAbsolutePath().resolve("provider")
                    + ";shutdown=true", "SA", "");
            try (Statement s = connection.createStatement()) {
                s.execute("SET FILES WRITE DELAY FALSE");
                s.execute("CREATE TABLE IF NOT EXISTS counters (name VARCHAR(100) PRIMARY KEY, counter_value BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS kindergartens (code VARCHAR(50) PRIMARY KEY, name VARCHAR(300) NOT NULL,"
                        + " district VARCHAR(100) NOT NULL, address VARCHAR(300) NOT NULL, phone VARCHAR(50) NOT NULL,"
                        + " head_name VARCHAR(200) NOT NULL, places INT NOT NULL)");
                // on disk, not in the heap: the benchmark sends tens of thousands of applications, and the mocks run
                // in the gateway's JVM
                s.execute("CREATE CACHED TABLE IF NOT EXISTS inbox (message_id VARCHAR(200) PRIMARY KEY,"
                        + " correlation_id VARCHAR(200), registration_number VARCHAR(50) NOT NULL,"
                        + " state VARCHAR(20) NOT NULL, application LONGVARCHAR NOT NULL, result LONGVARCHAR,"
                        + " received_at TIMESTAMP NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS inbox_state ON inbox (state)");
                s.execute("CREATE CACHED TABLE IF NOT EXISTS offers (message_id VARCHAR(200) PRIMARY KEY,"
                        + " round INT NOT NULL, kindergarten_code VARCHAR(50) NOT NULL, agreed BOOLEAN)");
                // each message sent to the gateway, signed, as sent: a retry resends these very bytes. Kept for good
                // (a step is recorded after its send), so on disk: as a MEMORY table it held three envelopes per
                // application in the heap, the long run's one growing holder (docs/operations.md, "Long run")
                s.execute("CREATE CACHED TABLE IF NOT EXISTS sent (message_id VARCHAR(200) PRIMARY KEY,"
                        + " envelope VARBINARY(16777216) NOT NULL)");
                // stores created before session 28 made both MEMORY tables
                s.execute("SET TABLE offers TYPE CACHED");
                s.execute("SET TABLE sent TYPE CACHED");
            }
            for (Kindergarten k : seed) {
                boolean known;
                try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM kindergartens WHERE code = ?")) {
                    p.setString(1, k.code());
                    try (ResultSet r = p.executeQuery()) {
                        known = r.next();
                    }
                }
                if (!known) {
                    try (PreparedStatement p = connection.prepareStatement("INSERT INTO kindergartens VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        p.setString(1, k.code());
                        p.setString(2, k.name());
                        p.setString(3, k.district());
                        p.setString(4, k.address());
                        p.setString(5, k.phone());
                        p.setString(6, k.headName());
                        p.setInt(7, k.places());
                        p.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the provider database in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The next value of a counter: 1, 2, 3 … never reused, also across restarts. */
    public synchronized long next(String counter) {
        try {
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE counters SET counter_value = counter_value + 1 WHERE name = ?")) {
                p.setString(1, counter);
                if (p.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO counters VALUES (?, 1)")) {
                        insert.setString(1, counter);
                        insert.executeUpdate();
                    }
                }
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT counter_value FROM counters WHERE name = ?")) {
                p.setString(1, counter);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counter " + counter + ": " + e.getMessage(), e);
        }
    }

    /** The register by code, in code order, with the current free places. */
    public synchronized Map<String, Kindergarten> kindergartens() {
        Map<String, Kindergarten> map = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT code, name, district, address, phone, head_name, places FROM kindergartens ORDER BY code")) {
            while (r.next()) {
                map.put(r.getString(1), new Kindergarten(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getInt(7)));
            }
            return map;
        } catch (SQLException e) {
            throw new IllegalStateException("kindergartens: " + e.getMessage(), e);
        }
    }

    /** Takes one free place; false when there is none left. */
    public synchronized boolean takePlace(String code) {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE kindergartens SET places = places - 1 WHERE code = ? AND places > 0")) {
            p.setString(1, code);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("take place at " + code + ": " + e.getMessage(), e);
        }
    }

    /** Gives a place back (a declined offer) or adds one (a place frees up). */
    public synchronized void addPlace(String code) {
        try (PreparedStatement p = connection.prepareStatement("UPDATE kindergartens SET places = places + 1 WHERE code = ?")) {
            p.setString(1, code);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("add place at " + code + ": " + e.getMessage(), e);
        }
    }

    /** Records a new offer for the row (round 1, 2 … for each new offer). */
    public synchronized Offer offer(String messageId, String code) {
        int round = offerOf(messageId).map(o -> o.round() + 1).orElse(1);
        try (PreparedStatement p = connection.prepareStatement(round == 1
                ? "INSERT INTO offers (kindergarten_code, round, agreed, message_id) VALUES (?, ?, NULL, ?)"
                : "UPDATE offers SET kindergarten_code = ?, round = ?, agreed = NULL WHERE message_id = ?")) {
            p.setString(1, code);
            p.setInt(2, round);
            p.setString(3, messageId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("offer: " + e.getMessage(), e);
        }
        return new Offer(messageId, round, code, null);
    }

    public synchronized Optional<Offer> offerOf(String messageId) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT message_id, round, kindergarten_code, agreed FROM offers WHERE message_id = ?")) {
            p.setString(1, messageId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                boolean agreed = r.getBoolean(4);
                Boolean answer = r.wasNull() ? null : agreed;
                return Optional.of(new Offer(r.getString(1), r.getInt(2), r.getString(3), answer));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("offer: " + e.getMessage(), e);
        }
    }

    /** The consumer's answer to the offer of the application with this correlationId; false when none is open. */
    public synchronized boolean answerOffer(String correlationId, boolean agreed) {
        try (PreparedStatement p = connection.prepareStatement("UPDATE offers SET agreed = ? WHERE agreed IS NULL"
                + " AND message_id IN (SELECT message_id FROM inbox WHERE correlation_id = ?)")) {
            p.setBoolean(1, agreed);
            p.setString(2, correlationId);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("offer: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<InboxRow> inbox(String messageId) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT message_id, correlation_id, registration_number, state, application, result, received_at FROM inbox WHERE message_id = ?")) {
            p.setString(1, messageId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inbox: " + e.getMessage(), e);
        }
    }

    /** Rows not yet DONE, in the order of registration. */
    public synchronized List<InboxRow> unfinished() {
        List<InboxRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT message_id, correlation_id, registration_number, state, application, result,"
                     + " received_at FROM inbox WHERE state IN (" + UNFINISHED + ") ORDER BY received_at, registration_number")) {
            while (r.next()) {
                rows.add(row(r));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("inbox: " + e.getMessage(), e);
        }
    }

    public synchronized void receive(String messageId, String correlationId, String registrationNumber,
                                     String applicationXml, Instant receivedAt) {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO inbox VALUES (?, ?, ?, 'RECEIVED', ?, NULL, ?)")) {
            p.setString(1, messageId);
            p.setString(2, correlationId);
            p.setString(3, registrationNumber);
            p.setString(4, applicationXml);
            p.setTimestamp(5, Timestamp.from(receivedAt));
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("inbox: " + e.getMessage(), e);
        }
    }

    public synchronized void advance(String messageId, State state, String resultXml) {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE inbox SET state = ?, result = COALESCE(?, result) WHERE message_id = ?")) {
            p.setString(1, state.name());
            p.setString(2, resultXml);
            p.setString(3, messageId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("inbox: " + e.getMessage(), e);
        }
    }

    /** The signed envelope of a message sent (or being sent) to the gateway under {@code messageId}. */
    public synchronized Optional<byte[]> sent(String messageId) {
        try (PreparedStatement p = connection.prepareStatement("SELECT envelope FROM sent WHERE message_id = ?")) {
            p.setString(1, messageId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sent: " + e.getMessage(), e);
        }
    }

    /** Keeps the envelope before it is first sent. */
    public synchronized void keepSent(String messageId, byte[] envelope) {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO sent VALUES (?, ?)")) {
            p.setString(1, messageId);
            p.setBytes(2, envelope);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("sent: " + e.getMessage(), e);
        }
    }

    /** Forgets an envelope the gateway refused without recording it (too old to be taken), so it is built anew. */
    public synchronized void forgetSent(String messageId) {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM sent WHERE message_id = ?")) {
            p.setString(1, messageId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("sent: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one database transaction (all or nothing). */
    public synchronized <T> T transaction(Supplier<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (!connection.isClosed()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("close: " + e.getMessage(), e);
        }
    }

    private static InboxRow row(ResultSet r) throws SQLException {
        return new InboxRow(r.getString(1), r.getString(2), r.getString(3), State.valueOf(r.getString(4)), r.getString(5),
                r.getString(6), r.getTimestamp(7).toInstant());
    }
}
