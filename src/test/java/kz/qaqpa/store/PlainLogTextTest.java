package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hsqldb.persist.Logger;
import org.hsqldb.rowio.RowOutputTextLog;
import org.hsqldb.scriptio.ScriptWriterText;
import org.hsqldb.types.DateTimeType;
import org.hsqldb.types.HsqlDateTime;
import org.hsqldb.types.TimestampData;
import org.hsqldb.types.Type;
import org.hsqldb.types.Types;
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

    /**
     * perf68: a TIMESTAMP's text in the log is HSQLDB's to the byte, with and without a time zone, at every scale, at
     * midnights, year, leap-day and century ends, at the zones' offsets (half and quarter hours, an old local mean
     * time's seconds, a summer time's and its winter's), before the Gregorian change (left to HSQLDB) and at 9999's
     * end, whatever the JVM's own zone (one with summer time, one far east, UTC).
     */
    @Test
    void writesTimestampsAsHsqldbWritesThem() {
        List<Long> seconds = new ArrayList<>();
        for (String at : List.of("2026-12-07T00:00:00", "2026-12-07T23:59:59", "2026-12-31T23:59:59", "2027-01-01T00:00:00",
                "2024-02-29T12:00:00", "2100-02-28T23:59:59", "2100-03-01T00:00:00", "2000-02-29T00:00:01",
                "2026-03-29T01:00:00", "2026-10-25T00:59:59", "1970-01-01T00:00:00", "1969-12-31T23:59:59",
                "1583-01-01T00:00:00", "1582-12-31T23:59:59", "1582-10-15T00:00:00", "1582-10-04T23:59:59",
                "1000-06-15T08:30:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "0999-12-31T23:59:59")) {
            seconds.add(java.time.LocalDateTime.parse(at).toEpochSecond(java.time.ZoneOffset.UTC));
        }
        Random random = new Random(68);
        for (int i = 0; i < 100; i++) {
            seconds.add(LogTimestamps.FIRST - 86_400L * 365 * 600 + (long) (random.nextDouble() * 86_400L * 365 * 9_000));
        }
        int[] zones = {0, 6 * 3600, 5 * 3600, -5 * 3600, -4 * 3600, 3600, 2 * 3600, 5 * 3600 + 1800, 5 * 3600 + 2700,
            -(3 * 3600 + 1800), 14 * 3600, -12 * 3600, 5 * 3600 + 7 * 60 + 48, -(59 * 60 + 59), -1, 23 * 3600 + 59 * 60};
        int[] nanos = {0, 1, 999_999_999, 123_456_789, 500_000_000, 1_000, 120_000_000};
        List<DateTimeType> types = new ArrayList<>();
        for (int scale = 0; scale <= 9; scale++) {
            types.add(timestamp(Types.SQL_TIMESTAMP, scale));
            types.add(timestamp(Types.SQL_TIMESTAMP_WITH_TIME_ZONE, scale));
        }
        List<String> differing = new ArrayList<>();
        TimeZone jvmZone = TimeZone.getDefault();
        try {
            for (String zone : List.of("Europe/Berlin", "Asia/Almaty", "UTC")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                for (long second : seconds) {
                    for (int z = 0; z < zones.length; z++) {
                        TimestampData value = new TimestampData(second - zones[z], nanos[(int) Math.floorMod(second + z, nanos.length)],
                                zones[z]);
                        for (DateTimeType type : types) {
                            String hsqldbs = new String(written(new RowOutputTextLog(), value, type), StandardCharsets.ISO_8859_1);
                            String ours = new String(written(new PlainLogText(), value, type), StandardCharsets.ISO_8859_1);
                            if (!ours.equals(hsqldbs)) {
                                differing.add(type.getNameString() + " in " + zone + ": " + ours + " for " + hsqldbs);
                            }
                        }
                    }
                }
            }
        } finally {
            TimeZone.setDefault(jvmZone);
        }
        assertThat(differing).isEmpty();
    }

    /**
     * perf68: the log writes a timestamp without HSQLDB's one formatter for the JVM, which it takes under the log's
     * monitor: here another thread holds it, and the row is written all the same.
     */
    @Test
    void writesATimestampWhileHsqldbsFormatterIsTaken() throws Exception {
        Object formatter = field(HsqlDateTime.class, "sdfts").get(null);
        DateTimeType type = timestamp(Types.SQL_TIMESTAMP_WITH_TIME_ZONE, 6);
        TimestampData value = new TimestampData(1_796_601_600L, 250_000_000, 6 * 3600);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            threads.submit(() -> {
                synchronized (formatter) {
                    taken.countDown();
                    release.await();
                }
                return null;
            });
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            Future<byte[]> row = threads.submit(() -> written(new PlainLogText(), value, type));
            assertThat(new String(row.get(5, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
                    .isEqualTo("'2026-12-07 06:00:00.250000+6:00'");
        } finally {
            release.countDown();
            threads.shutdown();
        }
    }

    /**
     * perf68: a store's log carries times of several zones, summer's and winter's, through {@link PlainLogText}; the
     * files a crash leaves open again with each time, the same instant at the same offset.
     */
    @Test
    void theTimesACrashLeavesInTheLogOpenAgain() throws Exception {
        List<java.time.OffsetDateTime> times = List.of(
                java.time.OffsetDateTime.parse("2026-12-07T20:30:00.123456+05:00"),
                java.time.OffsetDateTime.parse("2026-03-29T00:59:59.999999Z"),
                java.time.ZonedDateTime.parse("2026-03-29T03:00:00+02:00[Europe/Berlin]").toOffsetDateTime(),
                java.time.ZonedDateTime.parse("2026-10-25T02:30:00+01:00[Europe/Berlin]").toOffsetDateTime(),
                java.time.OffsetDateTime.parse("2026-12-31T23:59:59.000001-03:30"),
                java.time.OffsetDateTime.parse("2027-01-01T00:00:00+14:00"));
        Path crashed = Files.createDirectory(dir.resolve("as-the-disk-held-it"));
        Path store = dir.resolve("db");
        try (Database db = Database.hsqldbFile(store.toString(), 2)) {
            db.update("CREATE MEMORY TABLE timed (id INT PRIMARY KEY, stamped TIMESTAMP WITH TIME ZONE)");
            db.update("INSERT INTO timed (id, stamped) VALUES (?, ?)", -1, times.get(0)); // its sync installs PlainLogText
            for (int i = 0; i < times.size(); i++) {
                db.update("INSERT INTO timed (id, stamped) VALUES (?, ?)", i, times.get(i));
            }
            assertThat(rowOutputOf(GroupCommitTest.logOf(store))).isInstanceOf(PlainLogText.class);
            assertThat(Files.readString(store.resolve("qaqpa.log"), StandardCharsets.ISO_8859_1))
                    .contains("'2026-12-07 20:30:00.123456+5:00'", "'2026-10-25 02:30:00.000000+1:00'",
                            "'2026-12-31 23:59:59.000001-3:30'", "'2027-01-01 00:00:00.000000+14:00'");
            GroupCommitTest.copyFiles(store, crashed);
        }
        try (Database replayed = Database.hsqldbFile(crashed.toString(), 2)) {
            assertThat(replayed.query("SELECT stamped FROM timed WHERE id >= 0 ORDER BY id", rs -> rs.getObject(1, java.time.OffsetDateTime.class)))
                    .containsExactlyElementsOf(times);
        }
    }

    /** HSQLDB's TIMESTAMP type of {@code scale}; its types initialised from {@link Type}, as HSQLDB's own code does. */
    private static DateTimeType timestamp(int typeCode, int scale) {
        return Type.SQL_TIMESTAMP != null ? DateTimeType.getDateTimeType(typeCode, scale) : null;
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

    private static byte[] written(RowOutputTextLog out, Object value, Type type) {
        out.writeData(value, type);
        return out.toByteArray();
    }
}
