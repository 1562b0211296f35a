package kz.qaqpa.store;

import java.util.Collections;
import java.util.List;

/**
 * Inserts rows of one table by multi-row INSERTs, up to a bound of rows a statement: each statement is one pass
 * through the driver and HSQLDB's statement execution, however many rows it carries (perf50r: the chain's records;
 * perf58b: an intake's planned steps and history). The rows, their order, their indexes and the log are those of
 * one INSERT a row.
 */
final class RowInserts {
    private final int columns;
    /** The INSERT of 1 to rowsPerStatement rows, by count less one: a bound, so each connection caches a few texts. */
    private final String[] statements;

    /**
     * @param insertInto       "INSERT INTO table (a, b, ...)", the columns in the order of each row's values
     * @param columns          how many columns a row has
     * @param rowsPerStatement the most rows one statement carries
     */
    RowInserts(String insertInto, int columns, int rowsPerStatement) {
        this.columns = columns;
        String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
        statements = new String[rowsPerStatement];
        for (int n = 1; n <= rowsPerStatement; n++) {
            statements[n - 1] = insertInto + " VALUES " + String.join(", ", Collections.nCopies(n, row));
        }
    }

    /** Inserts the rows whose {@code values} follow each other, {@code columns} a row, in the caller's transaction. */
    void insert(Database db, List<Object> values) {
        int perStatement = statements.length * columns;
        for (int from = 0; from < values.size(); from += perStatement) {
            List<Object> chunk = values.subList(from, Math.min(values.size(), from + perStatement));
            db.update(statements[chunk.size() / columns - 1], chunk.toArray());
        }
    }
}
