package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lobs54: a body over {@link Bodies#IN_ROW_BYTES} is kept in HSQLDB's file of large values ({@code qaqpa.lobs}), which
 * HSQLDB opens {@code rws} (O_SYNC: each write is on the device, or fails, before it returns). But HSQLDB 2.7.4's JDBC
 * statement drops the outcome of writing a parameter's large value ({@code JDBCPreparedStatement.performPreExecute}
 * ignores {@code Session.allocateResultLob}'s result), so a write that failed (the disk's writeback error, a full disk)
 * left the row referring to blocks the device never took, and the statement went on. On a real disk whose writeback
 * fails ({@link FaultyDisk}); read back after the file system was mounted again, its page cache gone, as after a
 * restart.
 */
class LargeBodyOnFailingDiskTest {
    /** What a full disk is given back: a few pages, less than a large body. */
    private static final int ROOM_LEFT = 64 * 1024;
    private static X509Certificate signer;
    @TempDir
    Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        signer = MessageChainTest.selfSigned();
    }

    /** A message log entry's reply, a CLOB (the answer a repeated message is given). */
    @Test
    void aReplyTooLargeForItsRowIsAcknowledgedOnlyOnceItIsOnTheDisk() throws Exception {
        acknowledgedOnlyOnTheDisk(new Place() {
            @Override
            public void write(Database db, String id, String body) {
                MessageLogs.of(db).record("PORTAL", id, "sendMessage", "S", "d".repeat(64), body);
            }

            @Override
            public Optional<String> read(Database db, String id) {
                return MessageLogs.of(db).find("PORTAL", id).map(MessageLog.Entry::reply);
            }
        });
    }

    /** A message chain record's message, a BLOB (an application's signed message as received: the evidence). */
    @Test
    void aMessageTooLargeForItsRowIsAcknowledgedOnlyOnceItIsOnTheDisk() throws Exception {
        acknowledgedOnlyOnTheDisk(new Place() {
            @Override
            public void write(Database db, String id, String body) {
                new MessageChain(db).append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST,
                        "sendMessage", "PORTAL", "s-" + id, id, signer, body.getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public Optional<String> read(Database db, String id) {
                return new MessageChain(db).ofApplication(id).stream().findFirst()
                        .map(r -> new String(r.message(), StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * A body acknowledged before the disk failed is read back whole after a restart; one written while the disk fails
     * is refused (SCE912) and not kept (seen failing before lobs54: acknowledged, and read back as zeros where the
     * device never took its blocks); once the disk writes again, large bodies are taken again.
     */
    private void acknowledgedOnlyOnTheDisk(Place bodies) throws Exception {
        String before = body('a');
        String during = body('b');
        String after = body('c');
        String answered = "refused";
        try (FaultyDisk disk = FaultyDisk.mount(dir)) {
            Path store = disk.root().resolve("db");
            try (Database db = Database.hsqldbFile(store.toString(), 2)) {
                bodies.write(db, "before", before);
                try (FileChannel witness = FileChannel.open(store.resolve("qaqpa.lobs"), StandardOpenOption.WRITE)) {
                    disk.exhaust();
                    try {
                        bodies.write(db, "during", during);
                        answered = "acknowledged";
                    } catch (Database.StoreException e) {
                        answered = "refused: " + e.getMessage();
                    }
                    DataFileWritebackTest.assumeWritebackFailed(witness);
                }
                assertThat(answered).as("written while the disk failed").startsWith("refused");
                assertThat(db.largeValueWriteFailure()).as("the failure noted (its ERROR line) while so").isPresent();
                disk.recover();
                bodies.write(db, "after", after);
                assertThat(db.largeValueWriteFailure()).as("a write that succeeds ends it").isEmpty();
            }
            disk.remount();
            try (Database db = Database.hsqldbFile(store.toString(), 1)) {
                assertThat(bodies.read(db, "before")).as("acknowledged before the disk failed").contains(before);
                assertThat(bodies.read(db, "during").map(LargeBodyOnFailingDiskTest::described))
                        .as("written while the disk failed (%s): not kept", answered).isEmpty();
                assertThat(bodies.read(db, "after")).as("acknowledged once the disk wrote again").contains(after);
            }
        }
    }

    /**
     * A full disk (ENOSPC at the write, {@link SmallDisk}): the large value took what room was left, and the commit's
     * log write then failed (not sticky: HSQLDB keeps the log's buffer, and the next sync wrote the commit after all).
     * Before lobs54 the sender was refused, but the body was kept, its blocks past what the file took: read back, an
     * EOFException, or zeros once a later value had extended the file (seen failing so with the watch not installed:
     * kept, zeros). Now the statement fails and nothing is kept. store55 (review54b): its failure is a refusal of its own
     * ({@link Database.StoreRefused}, which the channel answers SCE912 by itself), not read from the store's flag at the
     * fault's time (seen FAILING on main: a plain StoreException).
     */
    @Test
    void aLargeBodyOnAFullDiskIsRefusedAndNotKept() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("disk"));
        try (SmallDisk disk = SmallDisk.mount(mount, 24)) {
            Path store = mount.resolve("db");
            try (Database db = Database.hsqldbFile(store.toString(), 2)) {
                MessageLog log = MessageLogs.of(db);
                log.record("PORTAL", "before", "sendMessage", "S", "d".repeat(64), body('a'));
                Path filler = mount.resolve("filler");
                disk.fill(filler);
                try (RandomAccessFile room = new RandomAccessFile(filler.toFile(), "rw")) {
                    room.setLength(room.length() - ROOM_LEFT); // room for the log's records, not for the body
                }
                assertThatThrownBy(() -> log.record("PORTAL", "during", "sendMessage",
                        "S", "d".repeat(64), body('b'))).as("store55: the outage is the statement's own failure, so"
                                + " answered SCE912 whatever the store says at the fault's time")
                        .isInstanceOf(Database.StoreRefused.class);
                Files.delete(filler);
                log.record("PORTAL", "after", "sendMessage", "S", "d".repeat(64), body('c'));
                assertThat(log.find("PORTAL", "during").map(e -> described(e.reply()))).as("refused: not kept")
                        .isEmpty();
            }
            try (Database db = Database.hsqldbFile(store.toString(), 1)) {
                MessageLog log = MessageLogs.of(db);
                assertThat(log.find("PORTAL", "during")).as("refused: not kept, after a restart either").isEmpty();
                assertThat(log.find("PORTAL", "before").map(MessageLog.Entry::reply)).contains(body('a'));
                assertThat(log.find("PORTAL", "after").map(MessageLog.Entry::reply)).contains(body('c'));
            }
        }
    }

    /** Larger than a row keeps: kept in the file of large values. */
    private static String body(char filler) {
        return "<m>" + String.valueOf(filler).repeat(Bodies.IN_ROW_BYTES) + "</m>";
    }

    /** A body read back, said briefly (its length and how many of its characters are zeros). */
    private static String described(String body) {
        return body.length() + " characters, " + body.chars().filter(c -> c == 0).count() + " of them zero";
    }

    /** Where a kind of body is written and read. */
    private interface Place {
        void write(Database db, String id, String body);

        Optional<String> read(Database db, String id);
    }
}
