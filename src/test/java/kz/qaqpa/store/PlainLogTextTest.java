package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hsqldb.persist.Logger;
import org.hsqldb.rowio.RowOutputTextLog;
import org.hsqldb.scriptio.ScriptWriterText;
import org.hsqldb.types.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's log rows written by {@link PlainLogText} are byte for byte those HSQLDB's own row output writes, for
 * plain text and for every character HSQLDB escapes, and a store whose log they wrote opens again with its rows.
 */
class PlainLogTextTest {
    @TempDir
    Path dir;

    @Test
    void writesTheBytesHsqldbWrites() {
        List<String> values = new ArrayList<>(List.of("", "plain <xml a=\"1\"/> ~41 text", "it's", "''",
                "a\\b", "\\u0041", "ends with \\", "tab\there", "line\nbreak", "\u007f", "\u0080", "é", "Қазақ",
                "\uD83D\uDE00", "~~'\\u"));
        Random random = new Random(49);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = random.nextInt(4) == 0 ? (char) random.nextInt(0x500) : (char) (0x20 + random.nextInt(0x60));
            }
            values.add(new String(chars));
        }
        for (String value : values) {
            for (Type type : new Type[] {Type.SQL_VARCHAR, Type.SQL_CHAR}) {
                assertThat(written(new PlainLogText(), value, type)).as(value)
                        .isEqualTo(written(new RowOutputTextLog(), value, type));
            }
            PlainLogText plain = new PlainLogText();
            plain.writeString(value);
            RowOutputTextLog hsqldb = new RowOutputTextLog();
            hsqldb.writeString(value);
            assertThat(plain.toByteArray()).as(value).isEqualTo(hsqldb.toByteArray());
        }
    }

    /**
     * perf62: a chain record's text {@link MessageText} made on this thread is written without its characters checked
     * again (only its quotes and backslashes looked for), and the bytes are HSQLDB's all the same: texts of bytes of
     * every kind (quotes, backslashes, the escape character, controls, high bytes), short and long, and an equal text
     * made elsewhere.
     */
    @Test
    void aTextTheChainMadeIsWrittenAsHsqldbWritesIt() {
        Random random = new Random(62);
        byte[] kinds = {'\'', '\\', '~', 'u', 'a', ' ', 0x7f, 0x00, 0x0a, (byte) 0x80, (byte) 0xd2, '<'};
        for (int i = 0; i < 600; i++) {
            byte[] bytes = new byte[random.nextInt(3) == 0 ? random.nextInt(40) : 256 + random.nextInt(3_000)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = random.nextInt(50) == 0 ? kinds[random.nextInt(kinds.length)] : (byte) (0x20 + random.nextInt(0x5f));
            }
            String made = MessageText.encode(bytes);
            if (made.length() >= 256) {
                assertThat(PrintableTexts.madeHere(made)).as("known: %s", made).isTrue();
            }
            for (String value : new String[] {made, new String(made.toCharArray())}) {
                assertThat(written(new PlainLogText(), value, Type.SQL_VARCHAR)).as(value)
                        .isEqualTo(written(new RowOutputTextLog(), value, Type.SQL_VARCHAR));
            }
        }
    }

    /**
     * perf62: what {@link PrintableTexts} knows is this very object, made by {@link MessageText} on this thread lately:
     * not an equal text, not one another thread made, not one of more than 8 texts ago, not a text longer than 8 KB
     * (so a thread holds at most 64 KB of them).
     */
    @Test
    void onlyTheLastTextsThisThreadMadeAreKnown() throws Exception {
        byte[] envelope = "<Envelope>".concat("e".repeat(4_000)).concat("</Envelope>").getBytes(StandardCharsets.US_ASCII);
        String made = MessageText.encode(envelope);
        assertThat(PrintableTexts.madeHere(made)).isTrue();
        assertThat(PrintableTexts.madeHere(new String(envelope, StandardCharsets.ISO_8859_1))).as("an equal text").isFalse();
        String[] elsewhere = new String[1];
        Thread other = new Thread(() -> elsewhere[0] = MessageText.encode(envelope));
        other.start();
        other.join();
        assertThat(PrintableTexts.madeHere(elsewhere[0])).as("made by another thread").isFalse();
        for (int i = 0; i < 7; i++) {
            MessageText.encode(envelope);
        }
        assertThat(PrintableTexts.madeHere(made)).as("7 texts later").isTrue();
        MessageText.encode(envelope);
        assertThat(PrintableTexts.madeHere(made)).as("8 texts later").isFalse();
        String large = MessageText.encode("l".repeat(8 * 1024 + 1).getBytes(StandardCharsets.US_ASCII));
        assertThat(PrintableTexts.madeHere(large)).as("longer than 8 KB").isFalse();
        assertThat(PrintableTexts.madeHere(MessageText.encode("l".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII))))
                .as("8 KB").isTrue();
    }

    /**
     * perf62: the premise of {@link PrintableTexts}: the store hands HSQLDB the very text object given to the INSERT, and
     * the row it logs holds it (read back, it is that object). An HSQLDB that copied it would write the log as
     * correctly, with each character checked again: this names the lost saving.
     */
    @Test
    void theRowTheLogWritesHoldsTheTextTheInsertWasGiven() {
        String made = MessageText.encode(("<Envelope>" + "e".repeat(4_000) + "</Envelope>").getBytes(StandardCharsets.US_ASCII));
        try (Database db = Database.hsqldbFile(dir.resolve("identity").toString(), 2)) {
            db.update("CREATE CACHED TABLE kept (id INT PRIMARY KEY, body VARCHAR(100000))");
            db.update("INSERT INTO kept (id, body) VALUES (?, ?)", 1, made);
            assertThat(db.query("SELECT body FROM kept WHERE id = 1", rs -> rs.getString(1)).get(0)).isSameAs(made);
        }
    }

    /**
     * A store's log carries the rows, and the escapes, through {@link PlainLogText}; the files a crash leaves (copied
     * while the store is open: no shutdown's checkpoint) open again with every row.
     */
    @Test
    void theFilesACrashLeavesOpenWithTheRowsTheLogHolds() throws Exception {
        List<String> documents = List.of("<envelope>" + "x".repeat(5000) + "</envelope>", "it's \\u0041 \u049a");
        Path crashed = Files.createDirectory(dir.resolve("as-the-disk-held-it"));
        Path store = dir.resolve("db");
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            db.update("CREATE MEMORY TABLE kept (id INT PRIMARY KEY, body VARCHAR(100000))");
            for (int i = 0; i < 3; i++) { // the first sync gives the log writer its row output
                for (int d = 0; d < documents.size(); d++) {
                    db.update("INSERT INTO kept (id, body) VALUES (?, ?)", i * 10 + d, documents.get(d));
                }
            }
            assertThat(rowOutputOf(GroupCommitTest.logOf(store))).as("the log writer's row output")
                    .isInstanceOf(PlainLogText.class);
            String log = Files.readString(store.resolve("qaqpa.log"), StandardCharsets.ISO_8859_1);
            assertThat(log).contains("x".repeat(5000), "'it''s \\u005cu0041 \\u049a'");
            GroupCommitTest.copyFiles(store, crashed);
        }
        try (Database replayed = Database.hsqldbFile(crashed.toString(), 2)) {
            assertThat(replayed.query("SELECT body FROM kept ORDER BY id", rs -> rs.getString(1)))
                    .containsExactly(documents.get(0), documents.get(1), documents.get(0), documents.get(1),
                            documents.get(0), documents.get(1));
        }
    }

    private static Object rowOutputOf(Logger log) throws Exception {
        Object hsqldbLog = field(Logger.class, "log").get(log);
        Object writer = field(hsqldbLog.getClass(), "dbLogWriter").get(hsqldbLog);
        return field(ScriptWriterText.class, "rowOut").get(writer);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static byte[] written(RowOutputTextLog out, String value, Type type) {
        out.writeData(value, type);
        return out.toByteArray();
    }
}
