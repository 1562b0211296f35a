package kz.qaqpa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kz.qaqpa.trust.Sha256;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends to the message chain from many transactions at once still form one unbroken chain (each record linked to
 * the one before, numbers without gaps, the head on the last), and an append whose transaction rolls back leaves
 * nothing behind. Signatures are the verifier's business (MessageLogTest); here only the chain is looked at.
 */
class MessageChainTest {
    private static X509Certificate signer;
    @TempDir
    Path dir;

    @BeforeAll
    static void certificate() throws Exception {
        signer = selfSigned();
    }

    /** A throwaway signer certificate: the chain stores and hashes it, nothing here verifies with it. */
    static X509Certificate selfSigned() throws Exception {
        return selfSigned("CN=chain test", BigInteger.TEN);
    }

    private static X509Certificate selfSigned(String subject, BigInteger serial) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    /**
     * A getMessages answer that hands two applications to the provider is stored once and is a record of each; a
     * record written before hash version 2 (version 1, as an older store holds) keeps verifying by its own formula
     * in the same chain.
     */
    @Test
    void aRecordOfSeveralApplicationsIsFoundFromEachAndOldRecordsKeepTheirFormula() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageChain chain = new MessageChain(db);
            ChainRecord old = new ChainRecord(1, Instant.now().toString(), MessageChain.IN, MessageChain.REQUEST,
                    "sendMessage", "PORTAL", "{s}", "{a}", "CN=old", "1", "ab".repeat(32), "cd".repeat(32),
                    "<old/>".getBytes(StandardCharsets.UTF_8), ChainRecord.GENESIS, null, null, 1).withHash();
            db.update("INSERT INTO message_chain (seq, logged_at, direction, kind, operation, peer, session_id,"
                            + " correlation_id, signer_subject, signer_serial, certificate_sha256, message_sha256, message,"
                            + " prev_hash, hash, hash_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                    old.seq(), old.loggedAt(), old.direction(), old.kind(), old.operation(), old.peer(), old.sessionId(),
                    old.correlationId(), old.signerSubject(), old.signerSerial(), old.certificateSha256(),
                    old.messageSha256(), old.message(), old.prevHash(), old.hash());
            db.update("UPDATE message_chain_head SET seq = 1, hash = ?", old.hash());
            db.update("INSERT INTO message_chain_first (correlation_id, seq) VALUES ('{a}', 1)"); // as V10 fills it

            chain.append(new MessageChain.Message(MessageChain.OUT, MessageChain.ANSWER, "getMessages", "PROVIDER",
                    "{poll}", "{a} {b}", signer, "<answer/>".getBytes(StandardCharsets.UTF_8)));

            assertThat(chain.ofApplication("{a}")).extracting(ChainRecord::seq).containsExactly(1L, 2L);
            assertThat(chain.ofApplication("{b}")).extracting(ChainRecord::seq).containsExactly(2L);
            assertThat(db.query("SELECT COUNT(*) FROM message_chain", rs -> rs.getInt(1))).containsExactly(2);
            List<ChainRecord> records = chain.page(0, 10);
            assertThat(records).extracting(ChainRecord::hashVersion).containsExactly(1, ChainRecord.CURRENT_VERSION);
            assertThat(records).allMatch(r -> r.hash().equals(r.expectedHash()));
            assertThat(records.get(1).prevHash()).isEqualTo(old.hash());
            assertThat(records.get(1).applicationTags()).contains(ChainRecord.applicationTag("{a}") + ":1")
                    .contains(ChainRecord.applicationTag("{b}") + ":2");
            // version 3: the old application began at record 1, the other one opens with this record
            assertThat(records.get(1).firstRecordOf("{a}")).hasValue(1);
            assertThat(records.get(1).firstRecordOf("{b}")).hasValue(2);
            chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PROVIDER",
                    "{s2}", "{b}", signer, "<later/>".getBytes(StandardCharsets.UTF_8)));
            assertThat(chain.page(2, 1).get(0).firstRecordOf("{b}")).hasValue(2);
        }
    }

    @Test
    void concurrentTransactionsFormOneUnbrokenChain() throws Exception {
        int threads = 8;
        int perThread = 25;
        try (Database db = Database.hsqldbFile(dir.toString(), threads)) {
            MessageChain chain = new MessageChain(db);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        db.inTransaction(() -> {
                            chain.append(message("request " + thread + "/" + n));
                            chain.append(message("answer " + thread + "/" + n));
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();

            List<ChainRecord> records = chain.page(0, Integer.MAX_VALUE);
            assertThat(records).hasSize(threads * perThread * 2);
            String prev = ChainRecord.GENESIS;
            for (int i = 0; i < records.size(); i++) {
                ChainRecord r = records.get(i);
                assertThat(r.seq()).isEqualTo(i + 1);
                assertThat(r.prevHash()).isEqualTo(prev);
                assertThat(r.hash()).isEqualTo(r.expectedHash());
                prev = r.hash();
            }
            // both records of a transaction are next to each other: the head lock is held until the commit
            for (int i = 0; i < records.size(); i += 2) {
                String request = new String(records.get(i).message(), StandardCharsets.UTF_8);
                assertThat(new String(records.get(i + 1).message(), StandardCharsets.UTF_8))
                        .isEqualTo(request.replace("request", "answer"));
            }
            assertThat(chain.head()).isEqualTo(new MessageChain.Head(records.size(), prev));
            assertThat(db.query("SELECT COUNT(*) FROM log_certificate", rs -> rs.getInt(1))).containsExactly(1);
        }
    }

    @Test
    void anAppendWhoseTransactionRollsBackLeavesNothing() {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            MessageChain chain = new MessageChain(db);
            chain.append(message("kept"));
            MessageChain.Head head = chain.head();
            assertThatThrownBy(() -> db.inTransaction(() -> {
                chain.append(message("rolled back"));
                db.update("INSERT INTO no_such_table VALUES (1)");
                return null;
            })).isInstanceOf(Database.StoreException.class);
            assertThat(chain.head()).isEqualTo(head);
            assertThat(chain.page(0, 10)).hasSize(1);
        }
    }

    /** A transaction's messages go in together, in order; one appended by later before-commit work follows them. */
    @Test
    void aTransactionsMessagesGoInTogetherAndALateOneFollows() {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            MessageChain chain = new MessageChain(db);
            db.inTransaction(() -> {
                chain.append(message("first"), message("second"));
                db.beforeCommit(() -> {
                    chain.append(message("late"));
                    return null;
                });
                chain.append(message("third"));
                return null;
            });
            List<ChainRecord> records = chain.page(0, 10);
            assertThat(records).extracting(r -> new String(r.message(), StandardCharsets.UTF_8))
                    .containsExactly("<m>first</m>", "<m>second</m>", "<m>third</m>", "<m>late</m>");
            assertThat(chain.head()).isEqualTo(new MessageChain.Head(4, assertChained(records)));
        }
    }

    /**
     * Store V26: a record's message is kept as text ({@link MessageText}) and comes back byte for byte whatever its
     * bytes: every byte value, UTF-16, Cyrillic in UTF-8, the escape character and a backslash-u (HSQLDB's log escapes
     * it); its hash is over those bytes. A message whose text would not fit in a row is kept apart as before, its bytes
     * as they are.
     */
    @Test
    void aMessageIsKeptAsTextAndComesBackByteForByte() {
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        List<byte[]> messages = List.of(everyByte, "<m>\u0430 \\u0430 ~7E ~ 'q'</m>".getBytes(StandardCharsets.UTF_8),
                "<m>\u049b\u0430\u0437\u0430\u049b</m>".getBytes(StandardCharsets.UTF_16),
                "<m>\u049b\u0430\u0437\u0430\u049b</m>".getBytes(StandardCharsets.UTF_8), new byte[0],
                new byte[Bodies.IN_ROW_BYTES / 2]); // zeros: its text, three characters a byte, goes apart
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageChain chain = new MessageChain(db);
            db.inTransaction(() -> {
                for (byte[] m : messages) {
                    chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage",
                            "PORTAL", "{session}", null, signer, m));
                }
                return null;
            });
            List<ChainRecord> records = chain.page(0, 10);
            assertThat(records).extracting(ChainRecord::message).containsExactlyElementsOf(messages);
            assertThat(records).allMatch(r -> r.hash().equals(r.expectedHash())
                    && r.messageSha256().equals(Sha256.hex(r.message())));
            assertThat(db.query("SELECT message IS NULL, message_text IS NOT NULL, message_large IS NOT NULL"
                            + " FROM message_chain ORDER BY seq",
                    rs -> rs.getBoolean(1) + " " + rs.getBoolean(2) + " " + rs.getBoolean(3)))
                    .containsExactly("true true false", "true true false", "true true false", "true true false",
                            "true true false", "true false true");
        }
    }

    /**
     * Session 44: the text is written in one pass, runs copied whole, its array grown at most once. Whatever the share
     * and place of the bytes that need escapes (none, a few, every one; at the start, the end, a run's edge), the text is
     * the definition's, each byte as itself or {@code ~} and two hex digits, and reads back as the same bytes.
     */
    @Test
    void theTextIsTheDefinitionsAtAnyShareOfEscapedBytes() {
        Random random = new Random(44);
        byte[] needEscapes = {'~', '\n', 0, (byte) 0xFF, (byte) 0xD0};
        for (int escapedIn : new int[] {0, 64, 8, 2, 1}) {
            for (int length = 0; length < 400; length++) {
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    boolean escaped = escapedIn > 0 && random.nextInt(escapedIn) == 0;
                    bytes[i] = escaped ? needEscapes[random.nextInt(needEscapes.length)]
                            : (byte) (0x20 + random.nextInt(0x5E));
                }
                String text = MessageText.encode(bytes);
                assertThat(text).as("%d bytes, 1 in %d escaped", length, escapedIn).isEqualTo(definition(bytes));
                assertThat(MessageText.strictly(text)).isEqualTo(bytes);
            }
        }
    }

    /**
     * Session 61: a message with no byte to escape (every record of a sync look-up: its envelopes are printable ASCII
     * throughout, some 16.7 KB a look-up) becomes its text in one copy, the String's own: until then its bytes were
     * copied into an array of text and that array again into the String, twice the message's size allocated.
     */
    @Test
    void aMessageWithNothingToEscapeIsCopiedOnceIntoItsText() {
        byte[] envelope = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<p a=\"1\">x &amp; y 850315401201</p>".repeat(120) + "</soap:Envelope>")
                .getBytes(StandardCharsets.US_ASCII);
        String me = Thread.currentThread().getName();
        String[] kept = new String[1];
        for (int i = 0; i < 2_000; i++) {
            kept[0] = MessageText.encode(envelope);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long bytes = kz.qaqpa.Allocations.during(me::equals, () -> {
                for (int i = 0; i < 100; i++) {
                    kept[0] = MessageText.encode(envelope);
                }
            });
            least = Math.min(least, bytes / 100);
        }
        assertThat(kept[0]).isEqualTo(definition(envelope));
        assertThat(least).as("bytes allocated to encode a message of %d bytes", envelope.length)
                .isLessThan(envelope.length + envelope.length / 4);
    }

    /** The text {@link MessageText} defines, a byte at a time. */
    private static String definition(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xFF;
            text.append(c >= 0x20 && c <= 0x7E && c != '~' ? String.valueOf((char) c) : String.format("~%02X", c));
        }
        return text.toString();
    }

    /**
     * Store V26: HSQLDB's log takes an envelope's printable ASCII as itself, about one byte a byte; as a VARBINARY it
     * wrote it in hex, two (session 37: 8,030 characters for a 4,015-byte envelope), and filled twice as fast.
     */
    @Test
    void theLogTakesAnEnvelopeAtAboutOneByteAByte() throws Exception {
        byte[] envelope = ("<soap:Envelope>" + "<p>\"x\"=1 &amp; y</p>\n".repeat(3000) + "</soap:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageChain chain = new MessageChain(db);
            chain.append(message("first"));
            Path log = dir.resolve("qaqpa.log");
            long before = java.nio.file.Files.size(log);
            chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL",
                    "{session}", null, signer, envelope));
            long written = java.nio.file.Files.size(log) - before;
            assertThat(written).as("log bytes for an envelope of %d", envelope.length)
                    .isBetween((long) envelope.length, envelope.length * 13L / 10);
        }
    }

    /**
     * A text the gateway cannot have written (a row changed by hand) is not decoded into some other bytes: it is read as
     * its own UTF-8 bytes, so the record fails its hash and the chain's check names it (review38: it stopped the reader).
     */
    @Test
    void aDamagedTextIsReadAsItselfAndFailsItsRecordsHash() {
        try (Database db = Database.hsqldbFile(dir.toString(), 1)) {
            MessageChain chain = new MessageChain(db);
            chain.append(message("kept"));
            for (String damaged : List.of("<m>~4</m>", "<m>~4g</m>", "<m>~</m>", "<m>\u049b</m>", "<m>\n</m>")) {
                db.update("UPDATE message_chain SET message_text = ?", damaged);
                assertThatThrownBy(() -> MessageText.strictly(damaged)).as(damaged).hasMessageContaining("damaged");
                ChainRecord read = chain.page(0, 1).get(0);
                assertThat(read.message()).as(damaged).isEqualTo(damaged.getBytes(StandardCharsets.UTF_8));
                assertThat(read.hash()).as(damaged).isNotEqualTo(read.expectedHash());
            }
            db.update("UPDATE message_chain SET message_text = ?", "~3Cm~3E~7E~0A~3C/m~3E");
            assertThat(chain.page(0, 1).get(0).message()).isEqualTo("<m>~\n</m>".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Each record names its own signer: subject, serial in hex and the digest of the certificate it stored, whichever
     * signers came before it (perf50r: the appender works them out once per certificate), for two certificates of one
     * subject and serial, and for a certificate read again from its encoding (another object, the same certificate).
     */
    @Test
    void eachRecordNamesItsOwnSigner() throws Exception {
        BigInteger serial = new BigInteger("7f3a0c55e1d2b4960a8b3c2d1e0f11223344abcd", 16);
        X509Certificate first = selfSigned("CN=registry, O=one", serial);
        X509Certificate sameNameAndSerial = selfSigned("CN=registry, O=one", serial);
        X509Certificate other = selfSigned("CN=registry, O=two", serial.add(BigInteger.ONE));
        X509Certificate firstAgain = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(first.getEncoded()));
        List<X509Certificate> signers = List.of(first, sameNameAndSerial, other, firstAgain, other, first);
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            MessageChain chain = new MessageChain(db);
            for (int i = 0; i < signers.size(); i++) {
                int n = i;
                db.inTransaction(() -> {
                    chain.append(signedBy(signers.get(n), "message " + n), signedBy(signers.get((n + 1) % signers.size()),
                            "two"));
                    return null;
                });
            }
            List<ChainRecord> records = chain.page(0, 20);
            assertThat(records).hasSize(12);
            for (int i = 0; i < records.size(); i++) {
                X509Certificate expected = signers.get((i / 2 + i % 2) % signers.size());
                ChainRecord record = records.get(i);
                assertThat(record.signerSubject()).isEqualTo(expected.getSubjectX500Principal().getName());
                assertThat(record.signerSerial()).isEqualTo(expected.getSerialNumber().toString(16));
                assertThat(record.certificateSha256()).isEqualTo(Sha256.hex(expected.getEncoded()));
                byte[] der = expected.getEncoded();
                assertThat(chain.certificate(record.certificateSha256()))
                        .hasValueSatisfying(stored -> assertThat(stored).isEqualTo(der));
            }
            assertThat(records.stream().map(ChainRecord::certificateSha256).distinct()).hasSize(3);
            assertChained(records);
        }
    }

    /**
     * A transaction's records go in by as few INSERTs as {@code ROWS_PER_INSERT} (4, a sync look-up's) allows, read from
     * HSQLDB's own log of the statements it ran: four records by one, six by two (perf50r: a look-up's four were
     * four). The records are those of one at a time: in order, chained, each message as it was.
     */
    @Test
    void aTransactionsRecordsGoInByFewStatements() throws Exception {
        try (Database db = Database.hsqldbFile(dir.toString(), 2)) {
            MessageChain chain = new MessageChain(db);
            chain.append(message("alone"));
            db.update("SET DATABASE EVENT LOG SQL LEVEL 3");
            db.inTransaction(() -> {
                chain.append(message("request"), message("call"), message("its answer"), message("answer"));
                return null;
            });
            db.inTransaction(() -> {
                chain.append(message("one"), message("two"), message("three"), message("four"), message("five"),
                        message("six"));
                return null;
            });
            db.update("SET DATABASE EVENT LOG SQL LEVEL 0");
            List<ChainRecord> records = chain.page(0, 20);
            assertThat(records).extracting(r -> new String(r.message(), StandardCharsets.UTF_8)).containsExactly(
                    "<m>alone</m>", "<m>request</m>", "<m>call</m>", "<m>its answer</m>", "<m>answer</m>",
                    "<m>one</m>", "<m>two</m>", "<m>three</m>", "<m>four</m>", "<m>five</m>", "<m>six</m>");
            assertThat(records).extracting(ChainRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L,
                    11L);
            assertThat(chain.head()).isEqualTo(new MessageChain.Head(11, assertChained(records)));
        }
        List<String> inserts = Files.readAllLines(Path.of(StoreFiles.path(dir.toString()) + ".sql.log"),
                StandardCharsets.UTF_8).stream().filter(l -> l.contains("INSERT INTO message_chain (")).toList();
        assertThat(inserts).as("one INSERT for the 4 records, two for the 6").hasSize(3);
    }

    /** Each record links to the one before it, the first to the genesis, and has its own hash; the last one's. */
    static String assertChained(List<ChainRecord> records) {
        String prev = ChainRecord.GENESIS;
        for (ChainRecord r : records) {
            assertThat(r.prevHash()).isEqualTo(prev);
            assertThat(r.hash()).isEqualTo(r.expectedHash());
            prev = r.hash();
        }
        return prev;
    }

    private static MessageChain.Message signedBy(X509Certificate certificate, String text) {
        return new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL", "{session}",
                null, certificate, ("<m>" + text + "</m>").getBytes(StandardCharsets.UTF_8));
    }

    private static MessageChain.Message message(String text) {
        return new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL", "{session}",
                null, signer, ("<m>" + text + "</m>").getBytes(StandardCharsets.UTF_8));
    }
}
