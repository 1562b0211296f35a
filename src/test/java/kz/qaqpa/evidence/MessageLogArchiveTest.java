package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.GatewayHarness;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.MessageChain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message log's records are archived out of the store into files (docs/operations.md, "Archiving the log"): the
 * whole log still verifies across the files and the store, a noted head now in a file still verifies, an application
 * whose records lie in both exports and verifies offline, and a file changed, removed, swapped or missing is named.
 * A run that died between writing its file and deleting its records loses nothing, and running again completes it.
 * The gateway archives on the console's {@code POST /message-log/archive}, and verifies and exports across its files.
 */
class MessageLogArchiveTest {
    /**
     * One client for the whole class: a client made per request keeps its connection open until it is collected, and
     * a poll of the metrics every 100 ms opened more than the monitoring port takes from one address (PeerConnectionLimit
     * closes the rest unanswered: "header parser received no bytes" on a loaded CI machine).
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path runDir;
    /** The stopped gateway's data directory before anything was archived. */
    @TempDir
    static Path pristine;
    @TempDir
    Path work;
    static String correlationId;
    static List<ChainRecord> application;
    static String headBefore;
    /** The console's answers after its archive run: the run, a second run, the verification and the export. */
    static HttpResponse<String> consoleArchive;
    static HttpResponse<String> consoleArchiveAgain;
    static HttpResponse<String> consoleVerify;
    static HttpResponse<byte[]> consoleExport;
    static long archivedByConsole;
    /** The test PKI's port, named in the certificates it issued (a gateway on a copy of the data serves it there). */
    static String pkiPort;
    /** The portal's system key of the run's test PKI, to sign messages the verifier trusts. */
    static kz.qaqpa.trust.KeyMaterial portal;
    /** The gateway's key of the run's test PKI, which seals the archive files. */
    static kz.qaqpa.trust.KeyMaterial gatewayKey;
    /** Enough large messages that they do not fit in the small heap together. */
    private static final int LARGE_RECORDS = 64;
    private static final int LARGE_BYTES = 1024 * 1024;

    @BeforeAll
    static void runOneApplicationThenArchiveItFromTheConsole() throws Exception {
        GatewayHarness gateway = new GatewayHarness(runDir).start();
        try {
            SampleApplication sample = SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050");
            var signed = gateway.signed(sample);
            correlationId = gateway.client(Channel.EASTANA).submit(signed, "archive-1").getCorrelationId();
            application = MessageLogTest.loggedToTheEnd(gateway, correlationId);
            portal = gateway.pki().key("portal");
            gatewayKey = gateway.pki().key("gateway");
        } finally {
            gateway.stop();
        }
        pkiPort = gateway.property("qaqpa.test-pki.port");
        MessageLogTest.copyTree(runDir, pristine.resolve("data"));
        headBefore = MessageLogTest.headOf(MessageLogTest.run("--data-dir", pristine.resolve("data").toString())
                .output());

        // the same harness: a restart keeps its ports (the test PKI's URLs are in the certificates issued)
        GatewayHarness again = gateway.with("qaqpa.log.archive.after", "PT0S").start();
        try {
            consoleArchive = post(again.consoleRequest("/message-log/archive"));
            archivedByConsole = again.assembly().messageChain().archived().seq();
            // traffic after the run: the chain goes on from the archived head
            again.client(Channel.EASTANA).status("archive-1");
            consoleVerify = HTTP.send(again.consoleRequest("/message-log/verify")
                    .build(), HttpResponse.BodyHandlers.ofString());
            consoleExport = HTTP.send(again.consoleRequest("/message-log/export/"
                    + correlationId.replaceAll("[{}]", "")).build(), HttpResponse.BodyHandlers.ofByteArray());
            consoleArchiveAgain = post(gateway.consoleRequest("/message-log/archive"));
        } finally {
            again.stop();
        }
    }

    @Test
    void theConsoleArchivesAndVerifiesAndExportsAcrossTheFiles() throws IOException {
        assertThat(consoleArchive.statusCode()).as(consoleArchive.body()).isEqualTo(200);
        assertThat(consoleArchive.body()).startsWith("archived ").contains("message-log-0000000000000000001-");
        assertThat(archivedByConsole).isGreaterThanOrEqualTo(application.get(application.size() - 1).seq());
        assertThat(runDir.resolve("archive")).isDirectoryContaining("glob:**/message-log-*.zip");
        assertThat(consoleVerify.statusCode()).as(consoleVerify.body()).isEqualTo(200);
        assertThat(consoleVerify.body()).startsWith("OK: ").contains("in the archive files in");
        assertThat(consoleArchiveAgain.statusCode()).isEqualTo(200);
        assertThat(consoleExport.statusCode()).isEqualTo(200);
        Path export = work.resolve("from-console.zip");
        Files.write(export, consoleExport.body());
        MessageLogTest.Result offline = MessageLogTest.run("--data-dir", copy().toString(), "--verify-export",
                export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains("no record of application " + correlationId + " is left out")
                .contains("its records begin at record " + application.get(0).seq());
        MessageLogTest.Result whole = MessageLogTest.run("--data-dir", work.resolve("archived").toString(), "--head",
                headBefore);
        assertThat(whole.exit()).as(whole.output()).isEqualTo(LogVerifier.VERIFIED);
    }

    /** The gateway's own timer (qaqpa.log.archive.interval) archives what is old enough, and the log verifies. */
    @Test
    void theGatewayArchivesOnItsTimer() throws Exception {
        Path data = copyOfPristine("timer");
        long pristineHead = Long.parseLong(headBefore.split(":")[0]);
        GatewayHarness gateway = new GatewayHarness(data).with("qaqpa.test-pki.port", pkiPort)
                .with("qaqpa.log.archive.after", "PT0S").with("qaqpa.log.archive.interval", "300").start();
        try {
            MessageChain chain = gateway.assembly().messageChain();
            Instant until = Instant.now().plusSeconds(30);
            while (chain.archived().seq() < pristineHead && Instant.now().isBefore(until)) {
                Thread.sleep(100);
            }
            assertThat(chain.archived().seq()).isGreaterThanOrEqualTo(pristineHead);
        } finally {
            gateway.stop();
        }
        MessageLogTest.Result verified = verify(data, "--head", headBefore);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("in the archive files in " + data.resolve("archive"));
    }

    @Test
    void theLogArchivedInSeveralFilesVerifiesWithTheHeadNotedBefore() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        assertThat(run.files()).hasSizeGreaterThan(2);
        assertThat(run.files().get(0).getFileName().toString())
                .isEqualTo("message-log-0000000000000000001-0000000000000000007.zip");
        try (Database db = MessageLogTest.open(data)) {
            MessageChain chain = new MessageChain(db);
            assertThat(chain.archived().seq()).isEqualTo(run.records());
            assertThat(chain.page(0, 1).get(0).seq()).isEqualTo(run.records() + 1);
            assertThat(db.query("SELECT COUNT(*) FROM message_chain_application WHERE seq <= ?", rs -> rs.getLong(1),
                    run.records())).containsExactly(0L);
        }
        ChainRecord archived = application.get(1); // a head noted then, now in an archive file
        String noted = archived.seq() + ":" + archived.hash();
        MessageLogTest.Result verified = verify(data, "--head", noted);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("records 1 to " + run.records() + " in the archive files")
                .contains("passes through the noted head " + noted);
        assertThat(verify(data, "--head", archived.seq() + ":" + "0".repeat(64)).output())
                .startsWith("BAD: record " + archived.seq() + ": ").contains("the chain was rewritten");
        // a head noted past the store's end (a store restored from an earlier backup) is told as the store's, not
        // an export's (ops43: "this export is older than the note" where a store was verified)
        String past = (run.records() + 1_000_000) + ":" + "0".repeat(64);
        assertThat(verify(data, "--head", past).output()).startsWith("BAD: ")
                .contains("the log is shorter than when it was noted").doesNotContain("export");
    }

    @Test
    void anApplicationSpanningTheArchiveAndTheStoreExportsAndVerifiesOffline() throws IOException {
        Path data = copyOfPristine();
        archive(data, middleOfTheApplication(), 7);
        Path export = work.resolve("application.zip");
        MessageLogTest.Result exported = MessageLogTest.run("--data-dir", data.toString(), "--export", correlationId,
                export.toString());
        assertThat(exported.exit()).as(exported.output()).isEqualTo(LogVerifier.VERIFIED);
        MessageLogTest.Result offline = MessageLogTest.run("--data-dir", data.toString(), "--verify-export",
                export.toString(), "--head", headBefore);
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains("no record of application " + correlationId + " is left out")
                .contains("its records begin at record " + application.get(0).seq());
    }

    @Test
    void anExportWhoseArchiveFilesAreMissingFailsNamingThem() throws IOException {
        Path data = copyOfPristine();
        archive(data, middleOfTheApplication(), 1000);
        Files.move(data.resolve("archive"), work.resolve("elsewhere"));
        Path export = work.resolve("application.zip");
        MessageLogTest.Result exported = MessageLogTest.run("--data-dir", data.toString(), "--export", correlationId,
                export.toString());
        assertThat(exported.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(exported.output()).contains("no archive file in " + data.resolve("archive").toAbsolutePath()
                + " holds record " + application.get(0).seq());
        assertThat(export).doesNotExist();
        MessageLogTest.Result named = MessageLogTest.run("--data-dir", data.toString(), "--archives",
                work.resolve("elsewhere").toString(), "--export", correlationId, export.toString());
        assertThat(named.exit()).as(named.output()).isEqualTo(LogVerifier.VERIFIED);
        // the whole log without its files: named, and verified once they are named
        assertThat(verify(data).output()).contains("missing: the store notes records up to");
        assertThat(verify(data, "--archives", work.resolve("elsewhere").toString()).output()).startsWith("OK: ");
    }

    @Test
    void aChangedByteOfAnArchivedBodyIsNamedWithItsFile() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Path second = run.files().get(1);
        Path changed = work.resolve("changed.zip");
        MessageLogTest.rewriteZip(second, changed, "messages/9.xml");
        Files.move(changed, second, StandardCopyOption.REPLACE_EXISTING);
        MessageLogTest.Result result = verify(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).startsWith("BAD: record 9: ").contains("(in archive file "
                + second.getFileName() + ")");
    }

    /**
     * Session 26: an archive file holding a forged copy of a message as a local entry its central directory does not
     * list, before the listed ones: the verifier reads the directory, a streaming reader (ZipInputStream, bsdtar) the
     * local headers, so the two would show different records. The file is named.
     */
    @Test
    void anArchiveFileWhoseLocalHeadersAreNotItsDirectorysIsNamed() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Path second = run.files().get(1);
        Map<String, byte[]> entries = MessageLogTest.readZip(second);
        byte[] forged = entries.get("messages/9.xml").clone();
        forged[forged.length / 2] ^= 1;
        RawZip zip = new RawZip().hidden("messages/9.xml", forged);
        entries.forEach(zip::stored);
        Files.write(second, zip.bytes());
        MessageLogTest.Result result = verify(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).contains("archive file " + second.getFileName())
                .contains("local header at byte 0 is not the one its central directory lists there");
    }

    /**
     * Session 26: a FIFO under an archive file's name (anyone who may write the directory can make one). Opened as a
     * zip it would hold the verification until something writes to it, and with it the log's turn, which the archive
     * runs and the exports wait for; it is named instead, without being opened.
     */
    @Test
    void aFifoUnderAnArchiveFilesNameIsNamedNotWaitedFor() throws Exception {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Path second = run.files().get(1);
        Files.delete(second);
        kz.qaqpa.ExternalTools.assumeRuns("mkfifo did not make a FIFO (coreutils)", "mkfifo", second.toString());
        java.util.concurrent.CompletableFuture<MessageLogTest.Result> verified =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> verify(data));
        try {
            MessageLogTest.Result result = verified.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
            assertThat(result.output()).contains("archive file " + second.getFileName() + " is not an archive of"
                    + " this log: it is not a regular file");
        } finally {
            if (!verified.isDone()) { // a reader waits in open(2) for a writer: one comes, so that its thread ends
                new java.io.FileOutputStream(second.toFile()).close();
            }
        }
    }

    @Test
    void aRemovedArchiveFileIsNamed() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Files.delete(run.files().get(1));
        assertThat(verify(data).output()).startsWith("BAD: record 8: missing: no archive file holds record 8 to 14,"
                + " between archive file " + run.files().get(0).getFileName());

        Path other = copyOfPristine("other");
        MessageLogArchive.Run again = archive(other, middleOfTheApplication(), 7);
        Files.delete(again.files().get(again.files().size() - 1));
        assertThat(verify(other).output()).contains("missing: the store notes records up to " + again.records()
                + " as archived");
    }

    @Test
    void swappedOrRenamedArchiveFilesAreNamed() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Path first = run.files().get(0);
        Path second = run.files().get(1);
        Path aside = work.resolve("aside.zip");
        Files.move(first, aside);
        Files.move(second, first);
        Files.move(aside, second);
        assertThat(verify(data).output()).startsWith("BAD: record 1: archive file " + first.getFileName()
                + " holds records 8 to 14, not those its name says");
    }

    /**
     * A run that died after its file was whole and named but before its records left the store: the file does not
     * count yet (the verification says so), and the next run deletes its records without writing them again; a run
     * after that finds nothing to do. A half-written file of a run that died while writing never counts.
     */
    @Test
    void aRunThatDiedBeforeDeletingLosesNothingAndRunningAgainCompletesIt() throws IOException {
        Instant cut = middleOfTheApplication();
        Path finished = copyOfPristine("finished");
        MessageLogArchive.Run full = archive(finished, cut, 1000);
        assertThat(full.files()).hasSize(1);
        Path crashed = copyOfPristine("crashed");
        Files.createDirectories(crashed.resolve("archive"));
        Path file = crashed.resolve("archive").resolve(full.files().get(0).getFileName());
        Files.copy(full.files().get(0), file);
        Files.write(crashed.resolve("archive").resolve(".message-log-dead.part"), new byte[] {'P', 'K'});

        MessageLogTest.Result pending = verify(crashed);
        assertThat(pending.exit()).as(pending.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(pending.output()).contains("not counted yet: " + file.getFileName());
        byte[] written = Files.readAllBytes(file);

        MessageLogArchive.Run completed = archive(crashed, cut, 1000);
        assertThat(completed.files()).containsExactly(file.toAbsolutePath());
        assertThat(completed.records()).isEqualTo(full.records());
        assertThat(Files.readAllBytes(file)).isEqualTo(written);
        assertThat(crashed.resolve("archive").resolve(".message-log-dead.part")).doesNotExist();
        assertThat(archive(crashed, cut, 1000).records()).isZero();
        MessageLogTest.Result verified = verify(crashed, "--head", headBefore);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).doesNotContain("not counted yet");
    }

    /**
     * Archive files of large messages (64 MB of them) verify, with the store, in a JVM of 48 MB: a file is read a
     * record at a time, and only the file's index stays open.
     */
    @Test
    void archivesOfLargeMessagesVerifyInASmallHeap() throws Exception {
        Path data = copyOfPristine();
        org.w3c.dom.Document payload = kz.qaqpa.xml.SecureXml.newDocument();
        payload.appendChild(payload.createElementNS("urn:qaqpa:test", "t:large"))
                .setTextContent("x".repeat(LARGE_BYTES));
        byte[] large = kz.qaqpa.xml.SecureXml.serialize(kz.qaqpa.trust.EnvelopeSigner.sign(
                kz.qaqpa.channel.SoapEnvelopes.wrap(payload.getDocumentElement()), portal));
        try (Database db = MessageLogTest.open(data)) {
            MessageChain chain = new MessageChain(db);
            for (int i = 0; i < LARGE_RECORDS; i++) {
                chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "sendMessage", "PORTAL",
                        null, null, portal.certificate(), large));
            }
        }
        MessageLogArchive.Run run = archive(data, Instant.now().plusSeconds(60), 10);
        assertThat(run.records()).isGreaterThan(LARGE_RECORDS);
        MessageLogTest.Result verified = MessageLogTest.runInSmallHeap(work, "--data-dir", data.toString());
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("records 1 to " + run.records() + " in the archive files");
    }

    /**
     * The files the console archived (sealed, their seals time-stamped by the test PKI's authority) verify with the
     * store gone, from the files and the trusted roots alone; the console's verification checked their seals too.
     */
    @Test
    void aSealedArchiveVerifiesWithTheStoreGone() throws IOException {
        assertThat(consoleVerify.body()).contains("archive file(s) sealed by").contains("(time-stamped)");
        Path data = copy();
        assertThat(ArchiveFile.list(data.resolve("archive"))).hasSizeGreaterThan(1);
        MessageLogTest.deleteTree(data.resolve("db"));
        MessageLogTest.Result alone = verifyAlone(data);
        assertThat(alone.exit()).as(alone.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(alone.output()).startsWith("OK: ").contains("verified without the store")
                .contains("archive file(s) sealed by").contains("(time-stamped)")
                .doesNotContain("not time-stamped");
        ChainRecord inFile = application.get(1);
        assertThat(verifyAlone(data, "--head", inFile.seq() + ":" + inFile.hash()).output()).startsWith("OK: ")
                .contains("passes through the noted head");
    }

    /**
     * A changed byte of a message is named by its record; a manifest changed (its records re-hashed to match) no
     * longer matches its seal.
     */
    @Test
    void aChangedByteOfASealedFileIsNamedWithoutTheStore() throws IOException {
        Path data = copy();
        MessageLogTest.deleteTree(data.resolve("db"));
        Path first = ArchiveFile.list(data.resolve("archive")).get(0);
        Path changed = work.resolve("changed.zip");
        MessageLogTest.rewriteZip(first, changed, "messages/2.xml");
        Path aside = work.resolve("aside.zip");
        Files.move(first, aside);
        Files.move(changed, first);
        assertThat(verifyAlone(data).output()).startsWith("BAD: record 2: ").contains("(in archive file " + first.getFileName() + ")");

        Files.copy(aside, first, StandardCopyOption.REPLACE_EXISTING);
        replaceEntry(first, ApplicationExport.MANIFEST, text -> new String(text, StandardCharsets.ISO_8859_1)
                .replaceFirst("archivedAt=\\S+", "archivedAt=2020-01-01T00\\\\:00\\\\:00Z")
                .getBytes(StandardCharsets.ISO_8859_1));
        MessageLogTest.Result bad = verifyAlone(data);
        assertThat(bad.exit()).as(bad.output()).isEqualTo(LogVerifier.BAD);
        assertThat(bad.output()).startsWith("BAD: record 1: archive file " + first.getFileName()
                + ": its seal does not verify: the manifest was changed after it was sealed");
    }

    /** A removed middle file is named by the walk without the store, as with it. */
    @Test
    void aRemovedMiddleFileIsNamedWithoutTheStore() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        MessageLogTest.deleteTree(data.resolve("db"));
        MessageLogTest.Result whole = verifyAlone(data);
        assertThat(whole.output()).startsWith("OK: ").contains("records 1 to " + run.records())
                .contains("sealed but not time-stamped");
        Files.delete(run.files().get(1));
        MessageLogTest.Result result = verifyAlone(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).startsWith("BAD: record 8: missing: no archive file holds record 8 to 14,"
                + " between archive file " + run.files().get(0).getFileName());
    }

    /** A file put in another's place, its records the same but sealed apart, breaks the chain of seals. */
    @Test
    void aFileReplacedInTheChainOfSealsIsNamed() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 7);
        Path other = copyOfPristine("other");
        MessageLogArchive.Run again = archive(other, middleOfTheApplication(), 7);
        Files.copy(again.files().get(0), run.files().get(0), StandardCopyOption.REPLACE_EXISTING);
        MessageLogTest.Result result = verify(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).startsWith("BAD: record 8: archive file " + run.files().get(1).getFileName()
                + ": its manifest names ").contains("as the previous file's seal, but the previous file's seal is");
    }

    /** Files sealed by a key that is not the gateway's (the portal's system key here) are named, with the store or not. */
    @Test
    void aSealByAnotherKeyIsNamed() throws IOException {
        Path data = copyOfPristine();
        MessageLogArchive.Run run = archive(data, middleOfTheApplication(), 1000, portal);
        MessageLogTest.Result withStore = verify(data);
        assertThat(withStore.exit()).as(withStore.output()).isEqualTo(LogVerifier.BAD);
        assertThat(withStore.output()).startsWith("BAD: record 1: archive file " + run.files().get(0).getFileName()
                + ": it is sealed by " + portal.certificate().getSubjectX500Principal().getName())
                .contains("not by the gateway");
        MessageLogTest.deleteTree(data.resolve("db"));
        assertThat(verifyAlone(data).output()).contains("not by the gateway");
    }

    /** A seal's time-stamp taken from another file (a good token, of another seal) is named. */
    @Test
    void aStampForAnotherDigestIsNamed() throws IOException {
        Path data = copy();
        List<Path> files = ArchiveFile.list(data.resolve("archive"));
        byte[] otherStamp;
        try (ArchiveFile second = ArchiveFile.open(files.get(1))) {
            otherStamp = second.entryBytes(ArchiveSeal.STAMP);
        }
        assertThat(otherStamp).isNotNull();
        replaceEntry(files.get(0), ArchiveSeal.STAMP, stamp -> otherStamp);
        MessageLogTest.Result result = verify(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).startsWith("BAD: record 1: archive file " + files.get(0).getFileName()
                + ": its seal's time-stamp does not verify: it stamps another value");
        MessageLogTest.deleteTree(data.resolve("db"));
        assertThat(verifyAlone(data).output()).contains("its seal's time-stamp does not verify");
    }

    /**
     * Files written before seals (format /1, session 25) still verify, named as such, and the first sealed file after
     * them names no previous seal; a sealed file whose seal was stripped (made to look like /1) is named.
     */
    @Test
    void filesWrittenBeforeSealsStillVerifyAndAStrippedSealIsNamed() throws IOException {
        Path data = copyOfPristine();
        Path old = archive(data, middleOfTheApplication(), 1000).files().get(0);
        unseal(old);
        try (Database db = MessageLogTest.open(data)) { // a store archived before V16 notes no seal
            db.update("UPDATE message_chain_archived SET seal = NULL");
        }
        Path sealed = archive(data, Instant.now().plusSeconds(60), 1000).files().get(0);
        try (ArchiveFile reader = ArchiveFile.open(sealed)) {
            assertThat(reader.previousSeal()).isEqualTo(ArchiveSeal.NONE);
        }
        MessageLogTest.Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("1 archive file(s) sealed by")
                .contains("written before seals (format qaqpa-message-log-archive/1), their chain alone checked: "
                        + old.getFileName());

        Path later = copyOfPristine("later");
        List<Path> files = archive(later, middleOfTheApplication(), 7).files();
        unseal(files.get(1));
        assertThat(verify(later).output()).startsWith("BAD: record 8: archive file " + files.get(1).getFileName()
                + ": it carries no seal").contains("its seal was removed");
    }

    /** Makes a sealed file look as one written before seals: format /1, no seal entries. */
    private static void unseal(Path file) throws IOException {
        replaceEntry(file, ApplicationExport.MANIFEST, text -> new String(text, StandardCharsets.ISO_8859_1)
                .replace(ArchiveFile.FORMAT, ArchiveFile.FORMAT_UNSEALED).getBytes(StandardCharsets.ISO_8859_1));
        for (String entry : List.of(ArchiveSeal.SEAL, ArchiveSeal.STAMP, ArchiveSeal.UNSTAMPED)) {
            removeEntry(file, entry);
        }
    }

    /**
     * With the time-stamping authority down the console's run still writes its file, sealed and saying why it is not
     * stamped; health and metrics show the run. The file moved to other storage, the next run still links to its seal
     * (the store notes it, V16; the run failed before session 26's lead's change) and the files verify together once
     * reunited. A run that fails (the archive directory is a file) turns the archive's part of health DOWN and is
     * counted. The head's failed stamps are counted and
     * the newest stamp's age shown.
     */
    @Test
    void anArchiveRunWithTheAuthorityDownAndAFailedRunShowInHealthAndMetrics() throws Exception {
        Path data = copyOfPristine("down");
        String nowhere = "http://127.0.0.1:" + kz.qaqpa.mocks.pki.PkiServer.freePort() + "/tsa";
        GatewayHarness gateway = new GatewayHarness(data).with("qaqpa.test-pki.port", pkiPort)
                .with("qaqpa.log.archive.after", "PT0S").with("qaqpa.log.timestamp.url", nowhere)
                .with("qaqpa.health.cache", "PT0S").with("qaqpa.log.timestamp.interval", "200").start();
        try {
            String monitoring = "http://127.0.0.1:" + gateway.property("qaqpa.monitoring.port");
            HttpResponse<String> archived = post(gateway.consoleRequest("/message-log/archive"));
            assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
            long records = gateway.assembly().messageChain().archived().seq();
            List<Path> files = ArchiveFile.list(data.resolve("archive"));
            assertThat(files).hasSize(1);
            try (ArchiveFile reader = ArchiveFile.open(files.get(0))) {
                assertThat(reader.entryBytes(ArchiveSeal.STAMP)).isNull();
                assertThat(new String(reader.entryBytes(ArchiveSeal.UNSTAMPED), StandardCharsets.UTF_8))
                        .contains("did not stamp the seal");
            }
            assertThat(get(gateway.consoleRequest("/message-log/verify")).body()).startsWith("OK: ").contains("sealed but not time-stamped")
                    .contains("did not stamp the seal");
            // the details are the operator's (the monitoring port shows statuses only)
            String health = get(gateway.consoleRequest("/health")).body();
            assertThat(health).contains("\"logArchive\":{\"status\":\"UP\"").contains("archived " + records + " records");
            String metrics = get(monitoring + "/metrics").body();
            assertThat(metric(metrics, "qaqpa_log_archive_records_total")).isEqualTo(records);
            assertThat(metric(metrics, "qaqpa_log_archive_failures_total")).isZero();
            assertThat(metric(metrics, "qaqpa_log_archive_last_success_seconds"))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60.0));
            assertThat(metric(metrics, "qaqpa_log_timestamp_failures_total{of=\"archive-seal\"}")).isEqualTo(1);

            // the operator moves the written file to other storage: the next run links to its seal all the same
            Path archive = data.resolve("archive");
            Path cold = Files.createDirectories(work.resolve("cold-" + data.getFileName()));
            Files.move(files.get(0), cold.resolve(files.get(0).getFileName()));
            gateway.client(Channel.EASTANA).status("archive-1"); // records to archive next
            HttpResponse<String> next = post(gateway.consoleRequest("/message-log/archive"));
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            long archivedNow = gateway.assembly().messageChain().archived().seq();
            assertThat(archivedNow).isGreaterThan(records);
            Files.move(cold.resolve(files.get(0).getFileName()), files.get(0));
            MessageLogTest.Result reunited = verifyAlone(data);
            assertThat(reunited.exit()).as(reunited.output()).isEqualTo(LogVerifier.VERIFIED);

            // a run that cannot write (the archive directory is a file now) fails, and says so
            Files.move(archive, work.resolve("moved-" + data.getFileName()));
            Files.writeString(archive, "not a directory");
            gateway.client(Channel.EASTANA).status("archive-1");
            HttpResponse<String> failed = post(gateway.consoleRequest("/message-log/archive"));
            assertThat(failed.statusCode()).as(failed.body()).isNotEqualTo(200);
            HttpResponse<String> down = get(gateway.consoleRequest("/health"));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"logArchive\":{\"status\":\"DOWN\"").contains("archive runs fail since")
                    .contains(archive.getFileName().toString());
            String after = get(monitoring + "/metrics").body();
            assertThat(metric(after, "qaqpa_log_archive_failures_total")).isEqualTo(1);
            assertThat(metric(after, "qaqpa_log_archive_records_total")).isEqualTo(archivedNow);
            // the head moved (the status query) and its stamp fails too; the newest stamp is the first run's
            String head = "qaqpa_log_timestamp_failures_total{of=\"head\"}";
            Instant until = Instant.now().plusSeconds(20);
            while (metric(after, head) < 1 && Instant.now().isBefore(until)) {
                Thread.sleep(100);
                after = get(monitoring + "/metrics").body();
            }
            assertThat(metric(after, head)).isGreaterThanOrEqualTo(1);
            assertThat(metric(after, "qaqpa_log_timestamp_age_seconds")).isPositive().isLessThan(3600);
        } finally {
            gateway.stop();
        }
    }

    private static double metric(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l ->
                Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(series + " not in the metrics:\n" + metrics));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return get(HttpRequest.newBuilder(URI.create(url)));
    }

    private static HttpResponse<String> get(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Verifies the archive files of {@code data} alone (its trust roots from its test PKI; the store not read). */
    private static MessageLogTest.Result verifyAlone(Path data, String... more) {
        return MessageLogTest.run(Stream.concat(Stream.of("--data-dir", data.toString(), "--verify-archives",
                data.resolve("archive").toString()), Stream.of(more)).toArray(String[]::new));
    }

    /** Rewrites {@code zip} in place with its entry {@code name} replaced by what {@code change} makes of it. */
    private static void replaceEntry(Path zip, String name, java.util.function.UnaryOperator<byte[]> change)
            throws IOException {
        java.util.Map<String, byte[]> entries = entries(zip);
        assertThat(entries).containsKey(name);
        entries.put(name, change.apply(entries.get(name)));
        write(zip, entries);
    }

    /** Rewrites {@code zip} in place without its entry {@code name}, if it has one. */
    private static void removeEntry(Path zip, String name) throws IOException {
        java.util.Map<String, byte[]> entries = entries(zip);
        entries.remove(name);
        write(zip, entries);
    }

    private static java.util.Map<String, byte[]> entries(Path zip) throws IOException {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static void write(Path zip, java.util.Map<String, byte[]> entries) throws IOException {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (java.util.Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** The loggedAt of the application's middle record: archiving what is older leaves it and the rest in the store. */
    private static Instant middleOfTheApplication() {
        return Instant.parse(application.get(application.size() / 2).loggedAt());
    }

    /** Archives the copy's records logged before {@code now}, at most {@code perFile} a file, as the gateway would. */
    private static MessageLogArchive.Run archive(Path data, Instant now, int perFile) throws IOException {
        return archive(data, now, perFile, gatewayKey);
    }

    /** As above, the files sealed with {@code sealedBy} (no time-stamping authority: the test PKI is stopped). */
    private static MessageLogArchive.Run archive(Path data, Instant now, int perFile,
                                                 kz.qaqpa.trust.KeyMaterial sealedBy) throws IOException {
        try (Database db = MessageLogTest.open(data)) {
            MessageChain chain = new MessageChain(db);
            // the authority's clock as the gateway's default skew allows (its stamps of the pristine run are the test PKI's)
            return new MessageLogArchive(chain, new ChainStamps(db), data.resolve("archive"), Duration.ZERO,
                    Duration.ofMinutes(5), perFile,
                    new ArchiveSeal(sealedBy, new StampingAuthority(null, Duration.ZERO, null, null)),
                    Clock.fixed(now, ZoneOffset.UTC)).run();
        }
    }

    private static MessageLogTest.Result verify(Path data, String... more) {
        return MessageLogTest.run(Stream.concat(Stream.of("--data-dir", data.toString()), Stream.of(more))
                .toArray(String[]::new));
    }

    private static HttpResponse<String> post(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path copyOfPristine() throws IOException {
        return copyOfPristine("data");
    }

    private Path copyOfPristine(String name) throws IOException {
        return MessageLogTest.copyTree(pristine.resolve("data"), work.resolve(name));
    }

    /** The gateway's data directory after the console archived it, with its archive files. */
    private Path copy() throws IOException {
        return MessageLogTest.copyTree(runDir, work.resolve("archived"));
    }
}
