package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hsqldb.rowio.RowOutputBinaryEncode;
import org.hsqldb.types.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data file's rows written by {@link PlainDataRows} are byte for byte those HSQLDB's own row output writes, for
 * ASCII text and every other character, and a store whose rows went out this way opens again with them.
 */
class PlainDataRowsTest {
    /** HSQLDB's default data file scale (hsqldb.cache_file_scale). */
    private static final int SCALE = 32;

    @TempDir
    Path dir;

    @Test
    void writesTheBytesHsqldbWrites() {
        List<String> values = new ArrayList<>(List.of("", "plain <xml a=\"1\"/> ~41 text", "it's", "a\\b",
                "tab\there", "line\nbreak", "\u0000", "nul\u0000inside", "\u0001", "\u007f", "\u0080", "é", "Қазақ",
                "\uD83D\uDE00", "\uD83D", "x".repeat(70_000)));
        Random random = new Random(51);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = random.nextInt(4) == 0 ? (char) random.nextInt(0x900) : (char) random.nextInt(0x80);
            }
            values.add(new String(chars));
        }
        for (String value : values) {
            for (Type type : new Type[] {Type.SQL_VARCHAR, Type.SQL_CHAR}) {
                PlainDataRows plain = new PlainDataRows(null, 128, SCALE);
                plain.writeData(value, type);
                RowOutputBinaryEncode hsqldb = new RowOutputBinaryEncode(null, 128, SCALE);
                hsqldb.writeData(value, type);
                assertThat(plain.toByteArray()).as(value).isEqualTo(hsqldb.toByteArray());
            }
        }
    }

    /**
     * The store's data file cache writes its rows through {@link PlainDataRows} from the first commit's sync on; a
     * checkpoint writes them into the data file (and empties the log), and the store opens again with every row.
     */
    @Test
    void aStoreWhoseRowsWentOutThisWayOpensWithThem() throws Exception {
        List<String> documents = List.of("<envelope>" + "x".repeat(5000) + "</envelope>", "it's \\u0041 \u049a",
                "nul\u0000inside", "");
        Path store = dir.resolve("db");
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            db.update("CREATE CACHED TABLE kept (id INT PRIMARY KEY, body VARCHAR(100000))");
            db.update("INSERT INTO kept (id, body) VALUES (?, ?)", -1, "the first sync gives the cache its output");
            assertThat(GroupCommitTest.logOf(store).getCache().rowOut).as("the data file cache's row output")
                    .isInstanceOf(PlainDataRows.class);
            for (int i = 0; i < 3; i++) {
                for (int d = 0; d < documents.size(); d++) {
                    db.update("INSERT INTO kept (id, body) VALUES (?, ?)", i * 10 + d, documents.get(d));
                }
            }
            db.update("CHECKPOINT");
        }
        try (Database reopened = Database.hsqldbFile(store.toString(), 2)) {
            List<String> expected = new ArrayList<>(List.of("the first sync gives the cache its output"));
            for (int i = 0; i < 3; i++) {
                expected.addAll(documents);
            }
            assertThat(reopened.query("SELECT body FROM kept ORDER BY id", rs -> rs.getString(1)))
                    .containsExactlyElementsOf(expected);
        }
    }
}
