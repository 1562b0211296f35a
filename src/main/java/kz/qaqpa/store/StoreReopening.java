package kz.qaqpa.store;

import java.sql.SQLException;
import java.util.function.Function;

/**
 * Opens the {@link Database}'s HSQLDB file again after its loss ({@link ReconnectingPool}), by a start's steps
 * ({@link StoreOpening}).
 */
final class StoreReopening implements ReconnectingPool.Reopening {
    /** SQLState of a connection that could not be made: the database stays lost for {@link ReconnectingPool}. */
    private static final String LOST = "08001";
    /** The database whose store this opens again: its checkpoints, its group commit, its test hook. */
    private final Database db;
    private final String directory;
    /** The store's URL, opening only files that exist. */
    private final String url;
    private final StoreFiles.DataFile dataFile;
    /** Makes the reopened store's pool. */
    private final Function<org.hsqldb.Database, ConnectionPool> pool;
    /** A checkpoint's doubt, kept on disk while it stands (doubt54): a marked store is refused. */
    private final DoubtMark doubtMark;

    StoreReopening(Database db, String directory, String url, StoreFiles.DataFile dataFile,
                   Function<org.hsqldb.Database, ConnectionPool> pool, DoubtMark doubtMark) {
        this.db = db;
        this.directory = directory;
        this.url = url;
        this.dataFile = dataFile;
        this.pool = pool;
        this.doubtMark = doubtMark;
    }

    /**
     * After the loss of the database ({@link ReconnectingPool}): the store opened again by the start's steps
     * ({@link StoreOpening#openProven}), its opening's checkpoint unproven beginning the outage as at a start, and a new
     * pool made by {@code pool}. A refusal is the reconnect's failure (class 08: the store stays lost, asked again at the next
     * use) with the refusal's words. A reopening that fails after HSQLDB opened the store (its pool's first borrow, the
     * directory moved away meanwhile) shuts down what it opened without a checkpoint (store56: left open, the next
     * reopening's connection reached it instead of opening the store, and nothing was proven); the doubt its opening
     * began stands, as after store55's DEFRAG that failed midway.
     */
    @Override
    public ConnectionPool reopen() throws SQLException {
        StoreOpening.Opening opening;
        try {
            // a failed opening in doubt begins the outage here too: this process's own mark would not refuse the next
            opening = StoreOpening.openProven(directory, url, dataFile, doubtMark, db.checkpoints::doubtedAtOpening);
        } catch (RuntimeException e) {
            throw lost(e);
        }
        try {
            opening.unproven().ifPresent(db.checkpoints::doubtedAtOpening);
            db.afterReopeningOpened.run();
            return scriptProven(logWatched(pool.apply(opening.hsqldb())), opening);
        } catch (SQLException e) {
            StoreFiles.shutDownImmediately(opening.hsqldb());
            throw e;
        } catch (RuntimeException e) {
            StoreFiles.shutDownImmediately(opening.hsqldb());
            throw lost(e);
        }
    }

    /** The reopened pool, its log's writer watched as a start watches it: before its first write (review55b). */
    private ConnectionPool logWatched(ConnectionPool reopened) throws SQLException {
        try {
            reopened.onOne(HsqldbLogWriter::watch);
            return reopened;
        } catch (SQLException | RuntimeException e) {
            reopened.shutDownImmediately();
            throw e;
        }
    }

    /**
     * The reopened pool, before it is published: when the opening wrote the store's script anew, unwatched, and no outage
     * stands (whose own proven checkpoint writes the script anew before it ends), a proven checkpoint of ours is run on it
     * first (store57), as at a start. One not proven begins the outage, as any; a lost database fails the reopening.
     */
    private ConnectionPool scriptProven(ConnectionPool reopened, StoreOpening.Opening opening) throws SQLException {
        if (!opening.scriptWritten() || db.outage.outage().isPresent()) {
            return reopened;
        }
        try {
            db.checkpoints.checkpointOn(work -> ReconnectingPool.lendFrom(reopened, work));
            return reopened;
        } catch (Database.StoreException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                reopened.shutDownImmediately();
                throw sql;
            }
            return reopened; // not proven: the outage it began stands, the store is open
        } catch (RuntimeException e) {
            reopened.shutDownImmediately();
            throw e;
        }
    }

    /**
     * A reopening's failure: the store stays lost ({@link #LOST}), asked again at the next use, with the failure's
     * words.
     */
    private static SQLException lost(RuntimeException e) {
        return new SQLException(e.getMessage(), LOST, e);
    }
}
