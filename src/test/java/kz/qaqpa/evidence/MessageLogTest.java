package kz.qaqpa.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import kz.qaqpa.Allocations;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.contract.sync.types.SendMessage;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.gateway.GatewayHarness;
import kz.qaqpa.mocks.pki.PkiSubject;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.OlderStores;
import kz.qaqpa.store.RulesInForce;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.Sha256;
import kz.qaqpa.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The message log of a real run (real HTTP, real signatures, the mocks as SOAP services) verifies with the command,
 * and each kind of tampering with the stored log is detected and the first bad record named; one application's
 * export verifies offline and a changed export does not.
 */
class MessageLogTest {
    /** The last migration under src/main/resources/store/migration (StoreUpgradeTest lists them all). */
    /** The newest migration this build ships (read from its files, so a new migration needs no edit here). */
    private static final int LATEST_STORE_VERSION = latestStoreVersion();
    @TempDir
    static Path runDir;
    @TempDir
    Path work;
    static String correlationId;
    static List<ChainRecord> application;
    /** The operator console's answers while the gateway ran: verification of the log and the application's export. */
    static Console consoleVerify;
    static Console consoleExport;
    /** The console asked for the export of the application's correlationId followed by a space. */
    static Console consoleExportSpaced;
    /** The console's verification given a noted head: the current one, one the chain never had, and no head. */
    static Console consoleVerifyNoted;
    static Console consoleVerifyOtherHead;
    static Console consoleVerifyGarbled;
    /** Trusted keys the gateway never signs with: an individual's under the gateway's own name, and a citizen's. */
    static List<KeyMaterial> notTheGateways;
    /** A trusted system key of another organisation (the portal's), and a renewed gateway certificate (same БИН). */
    static KeyMaterial anotherOrganisation;
    static KeyMaterial renewedGateway;
    /** The gateway's health report once the run's records were time-stamped. */
    static String health;
    /** A trusted system key of another state system (ЕНИС's), which ГБД ФЛ's answers are never signed with. */
    static KeyMaterial anotherStateSystem;
    /** The test НУЦ's time-stamping authority's key and signature algorithm, to date a genuine token as a test needs. */
    static KeyMaterial timeStamping;
    static String timeStampingAlgorithm;
    /**
     * An employee's certificate whose term ended yesterday, and one that ended an hour before the run ended: for a
     * document the gateway passes on after its certificate ended.
     */
    static KeyMaterial endedYesterday;
    static KeyMaterial endedAnHourAgo;
    static KeyMaterial endsInAnHour;
    /**
     * earlier68: a certificate in the portal's name issued for a TLS server only (id-kp-serverAuth), and one in the
     * provider's employee's name for a TLS client only (id-kp-clientAuth), which session 67 refuses for signing
     * messages and documents respectively; the employee's GOST R 34.10-2015 key.
     */
    static KeyMaterial serverAuthOnly;
    static KeyMaterial clientAuthOnly;
    static KeyMaterial tlsServer;
    /** The portal's name with another organisation's БИН in SERIALNUMBER beside its own in OU (attack69). */
    static KeyMaterial twoBins;
    static KeyMaterial employeeGost;
    /** The run's test PKI port, which a gateway started again on a copy of its store serves its certificates at. */
    static String pkiPort;
    /** The test PKI's gateway (mocks/data/pki-subjects.csv). */
    private static final String GATEWAY_BIN = "190140005506";

    @BeforeAll
    static void runOneApplication() {
        // the head is time-stamped every 0.3 s (a minute by default), so the run's records are stamped when it ends
        GatewayHarness gateway = new GatewayHarness(runDir).with("qaqpa.log.timestamp.interval", "300").start();
        try {
            SampleApplication sample = SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050");
            var signed = gateway.signed(sample);
            correlationId = gateway.client(Channel.EASTANA).submit(signed, "log-1").getCorrelationId();
            assertThatThrownBy(() -> gateway.client("EASTANA", "wrong", "eastana").submit(signed, "log-2"))
                    .isInstanceOf(SignedSoapClient.RemoteFault.class);
            lookUpPerson(gateway);
            application = loggedToTheEnd(gateway, correlationId);
            long lastOfApplication = application.get(application.size() - 1).seq();
            ChainStamps stamps = gateway.assembly().chainStamps();
            Instant until = Instant.now().plusSeconds(30);
            // two stamps after the application's records: the export's and another one (a genuine token of another hash)
            while (stamps.page(lastOfApplication - 1, 2).size() < 2 && Instant.now().isBefore(until)) {
                Thread.onSpinWait();
            }
            String authorization = gateway.consoleAuthorization(); // ops45: the console asks its token
            health = new String(get("http://localhost:" + gateway.property("qaqpa.operator.port") + "/health",
                    authorization).body(), StandardCharsets.UTF_8);
            String console = "http://localhost:" + gateway.property("qaqpa.operator.port") + "/message-log/";
            consoleVerify = get(console + "verify", authorization);
            String head = headOf(new String(consoleVerify.body(), StandardCharsets.UTF_8));
            consoleVerifyNoted = get(console + "verify?head=" + head, authorization);
            consoleVerifyOtherHead = get(console + "verify?head=1:" + "0".repeat(64), authorization);
            consoleVerifyGarbled = get(console + "verify?head=yesterday", authorization);
            consoleExport = get(console + "export/" + correlationId.replaceAll("[{}]", ""), authorization);
            consoleExportSpaced = get(console + "export/" + java.net.URLEncoder.encode(correlationId + " ",
                    StandardCharsets.UTF_8).replace("+", "%20"), authorization);
            notTheGateways = List.of(gateway.pki().issueWithExtendedKeyUsages("gateway", PkiSubject.INDIVIDUAL),
                    gateway.pki().key("citizen-aigerim"));
            anotherOrganisation = gateway.pki().key("portal");
            renewedGateway = gateway.pki().issueWithExtendedKeyUsages("gateway", PkiSubject.ORGANISATION);
            anotherStateSystem = gateway.pki().key("enis");
            timeStamping = gateway.pki().key("tsa");
            endedYesterday = gateway.pki().issueExpired("employee-zhao");
            endedAnHourAgo = gateway.pki().issueEndingIn("employee-zhao", Duration.ofHours(-1));
            endsInAnHour = gateway.pki().issueEndingIn("employee-zhao", Duration.ofHours(1));
            serverAuthOnly = gateway.pki().issueWithExtendedKeyUsages("portal", "1.3.6.1.5.5.7.3.1");
            clientAuthOnly = gateway.pki().issueWithExtendedKeyUsages("employee-zhao", "1.3.6.1.5.5.7.3.2");
            tlsServer = gateway.pki().issueWithExtendedKeyUsages("portal", "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
            employeeGost = gateway.pki().key("employee-zhao", kz.qaqpa.mocks.pki.KeyAlgorithm.GOST);
            twoBins = gateway.pki().issueNamed("portal", new org.bouncycastle.asn1.x500.X500NameBuilder(
                            org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.C, "KZ")
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "EGOV PORTAL")
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.SERIALNUMBER, "BIN050740006607")
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.OU, "BIN041040008807")
                            .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, "EGOV PORTAL").build(),
                    gateway.pki().defaultAlgorithm().newKeyPair(), b -> { });
            timeStampingAlgorithm = gateway.pki().defaultAlgorithm().signatureAlgorithm();
            pkiPort = gateway.property("qaqpa.test-pki.port");
        } finally {
            gateway.stop();
        }
    }

    /**
     * The records of an E-Astana application sent for a referral, once its result reached the channel and every
     * callback owed was answered (the answers are logged as they come).
     */
    static List<ChainRecord> loggedToTheEnd(GatewayHarness gateway, String correlationId) {
        gateway.mocks().eastana().awaitResult(correlationId, "referral", Duration.ofSeconds(30)).orElseThrow();
        MessageChain chain = gateway.assembly().messageChain();
        int owed = gateway.assembly().outbox().forApplication(correlationId).size();
        Instant until = Instant.now().plusSeconds(30);
        while (chain.ofApplication(correlationId).stream().filter(r -> r.kind().equals(MessageChain.CALLBACK_ANSWER))
                .count() < owed && Instant.now().isBefore(until)) {
            Thread.onSpinWait();
        }
        return chain.ofApplication(correlationId);
    }

    /** A ГБД ФЛ look-up on the sync channel: the gateway's call to the state system and its answer are logged. */
    static void lookUpPerson(GatewayHarness gateway) {
        PersonRequest person = new PersonRequest();
        person.setIin("850315401201");
        SendMessage message = SyncMessages.sendMessage(java.util.UUID.randomUUID().toString(), "GBDFL_PERSON", null,
                "PORTAL", "portal-secret", ShepXml.toElement(person));
        new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(), Duration.ofSeconds(10))
                .call(gateway.syncUrl(), message);
    }

    @Test
    void aFullRunLogsEverySignedMessageAndVerifies() throws IOException {
        assertThat(application).extracting(ChainRecord::kind).contains(MessageChain.REQUEST, MessageChain.ANSWER,
                MessageChain.CALLBACK, MessageChain.CALLBACK_ANSWER);
        assertThat(application).filteredOn(r -> r.kind().equals(MessageChain.REQUEST))
                .extracting(ChainRecord::operation).contains("sendMessage", "sendDeliveryNotification");
        Path data = copyOfRun();
        try (Database db = open(data)) {
            for (String kind : new String[] {MessageChain.FAULT, MessageChain.STATE_CALL, MessageChain.STATE_ANSWER}) {
                assertThat(db.query("SELECT COUNT(*) FROM message_chain WHERE kind = ?", rs -> rs.getInt(1), kind).get(0))
                        .as(kind).isPositive();
            }
        }
        Result verified = verify(data);
        assertThat(verified.exit()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).startsWith("OK:");
    }

    @Test
    void aChangedMessageIsNamed() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            byte[] message = messageOf(db, k);
            message[message.length / 2] ^= 1;
            db.update("UPDATE message_chain SET message_text = NULL, message = ? WHERE seq = ?", message, k);
        }
        assertBad(data, k, "was changed");
    }

    /** review38: a stored text the gateway cannot have written (store V26) is a changed record, not a stopped verifier. */
    @Test
    void aDamagedStoredTextIsNamedAsAChangedMessage() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            String text = db.queryOne("SELECT message_text FROM message_chain WHERE seq = ?", rs -> rs.getString(1), k)
                    .orElseThrow();
            db.update("UPDATE message_chain SET message_text = ? WHERE seq = ?", text + "~Z\n", k);
        }
        assertBad(data, k, "was changed");
    }

    @Test
    void aChangedMessageWhoseChainWasRecomputedFailsItsSignature() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            String text = new String(messageOf(db, k), StandardCharsets.UTF_8);
            assertThat(text).contains("MBU-050");
            byte[] forged = text.replace("MBU-050", "MBU-051").getBytes(StandardCharsets.UTF_8);
            MessageChain chain = new MessageChain(db);
            String prev = chain.page(k - 1, 1).get(0).prevHash();
            for (ChainRecord r : chain.page(k - 1, Integer.MAX_VALUE)) {
                byte[] message = r.seq() == k ? forged : r.message();
                ChainRecord rewritten = new ChainRecord(r.seq(), r.loggedAt(), r.direction(), r.kind(), r.operation(),
                        r.peer(), r.sessionId(), r.correlationId(), r.signerSubject(), r.signerSerial(),
                        r.certificateSha256(), Sha256.hex(message), message, prev, null,
                        r.applicationFirsts()).withHash();
                db.update("UPDATE message_chain SET message_text = NULL, message = ?, message_sha256 = ?,"
                        + " prev_hash = ?, hash = ? WHERE seq = ?",
                        message, rewritten.messageSha256(), rewritten.prevHash(), rewritten.hash(), r.seq());
                prev = rewritten.hash();
            }
            db.update("UPDATE message_chain_head SET hash = ?", prev);
        }
        assertBad(data, k, "signature does not verify");
    }

    /**
     * Session 24: the gateway signs its messages only with its system's certificate. A forger who rewrites the
     * gateway's answer, signs it with another key the test НУЦ issued (an individual's certificate under the gateway's
     * own name: its БИН, no ИИН; a citizen's) and recomputes the chain is named at that record. Before: any certificate
     * that chained to a trusted root verified there.
     */
    @Test
    void theGatewaysAnswerSignedWithAKeyTheGatewayNeverSignsWithIsNamed() throws IOException {
        ChainRecord answer = application.stream().filter(r -> r.kind().equals(MessageChain.ANSWER)).findFirst()
                .orElseThrow();
        for (KeyMaterial key : notTheGateways) {
            Path data = copyOfRun("data-" + key.certificate().getSerialNumber());
            resign(data, answer.seq(), key);
            assertBad(data, answer.seq(), "not a system's certificate");
        }
    }

    /**
     * Session 24: the gateway's messages are signed with its own certificate, the one naming its БИН. A forger who
     * re-signs the gateway's answer with another organisation's system key (trusted, a БИН, no ИИН) and recomputes
     * the chain is named at that record; the БИН comes from the configured key (here the test PKI's gateway key), not
     * from the log. A renewed gateway certificate (same БИН, new key) verifies. Before: any system's key verified.
     */
    @Test
    void theGatewaysAnswerSignedByAnotherOrganisationsSystemIsNamed() throws IOException {
        ChainRecord answer = application.stream().filter(r -> r.kind().equals(MessageChain.ANSWER)).findFirst()
                .orElseThrow();
        Path forged = copyOfRun("forged");
        resign(forged, answer.seq(), anotherOrganisation);
        assertBad(forged, answer.seq(), "not the gateway's БИН " + GATEWAY_BIN);

        Path renewed = copyOfRun("renewed");
        resign(renewed, answer.seq(), renewedGateway);
        Result verified = verify(renewed);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
    }

    /**
     * Session 25: the answers to the gateway's own calls are logged only once the called system's organisation signed
     * them (`PeerCheck`: qaqpa.adapter.<serviceId>.bin for a state system, qaqpa.sender.<id>.bin for a callback's
     * recipient). A forger who re-signs ГБД ФЛ's answer with ЕНИС's system key, or E-Astana's answer to a callback with
     * the portal's (each trusted, a БИН, no ИИН), and recomputes the chain is named at that record; the БИН comes from
     * the configuration, as the gateway read it, never from the log. Before: any system's key verified there.
     */
    @Test
    void anAnswerToTheGatewaysCallSignedByAnotherOrganisationsSystemIsNamed() throws IOException {
        Path data = copyOfRun("state");
        long stateAnswer;
        try (Database db = open(data)) {
            stateAnswer = db.query("SELECT seq FROM message_chain WHERE kind = ? AND operation = ?",
                    rs -> rs.getLong(1), MessageChain.STATE_ANSWER, "GBDFL_PERSON").get(0);
        }
        resign(data, stateAnswer, anotherStateSystem);
        assertBad(data, stateAnswer, "not the БИН 050740006607 of GBDFL_PERSON");

        ChainRecord callbackAnswer = application.stream().filter(r -> r.kind().equals(MessageChain.CALLBACK_ANSWER)
                && r.peer().equals("EASTANA")).findFirst().orElseThrow();
        Path callback = copyOfRun("callback");
        resign(callback, callbackAnswer.seq(), anotherOrganisation);
        assertBad(callback, callbackAnswer.seq(), "not the БИН 110640004402 of EASTANA");
        Path export = work.resolve("callback.zip");
        assertThat(run("--data-dir", callback.toString(), "--export", correlationId, export.toString()).exit())
                .isEqualTo(LogVerifier.VERIFIED);
        Result offline = run("--data-dir", callback.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.BAD);
        assertThat(offline.output()).contains("BAD: record " + callbackAnswer.seq() + ":").contains("EASTANA");
    }

    /**
     * The БИН given on the command line must agree with the configured key's: a verifier told another one checks
     * nothing (exit code 2) rather than trust one of the two.
     */
    @Test
    void aGatewayBinContradictingTheConfiguredKeyIsRefused() throws IOException {
        Path data = copyOfRun();
        Result agreeing = run("--data-dir", data.toString(), "--gateway-bin", GATEWAY_BIN);
        assertThat(agreeing.exit()).as(agreeing.output()).isEqualTo(LogVerifier.VERIFIED);
        Result other = run("--data-dir", data.toString(), "--gateway-bin", "041040008807");
        assertThat(other.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(other.output()).contains("041040008807").contains(GATEWAY_BIN).contains("qaqpa.gateway.bin");
    }

    /**
     * ops27: a data directory without the test PKI's certificates (the operator gave the wrong one) gives the verifier
     * nothing to trust: it says so, naming the file it looked for, checks nothing and exits 2, and no store is opened.
     */
    @Test
    void aDataDirectoryWithoutTrustedCertificatesIsRefusedBeforeAnythingIsRead() throws IOException {
        Path elsewhere = Files.createDirectories(work.resolve("not-the-data-dir"));
        Result refused = run("--data-dir", elsewhere.toString());
        assertThat(refused.exit()).as(refused.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(refused.output()).startsWith("no trusted certificates to verify with: cannot read certificates from "
                + elsewhere.resolve("pki").resolve("root-ca.crt"));
        assertThat(elsewhere.resolve("db")).doesNotExist();
    }

    /**
     * verifier28: an operator who starts the gateway on their own file (Camel Main's -propertiesLocation) gives the
     * verifier the same option: the data directory, and with it the trust, come from that file, not the shipped one.
     */
    @Test
    void thePropertiesFileTheGatewayWasStartedWithIsReadAsTheGatewayReadsIt() throws IOException {
        Path data = copyOfRun();
        Path file = operatorsFile(Map.of("qaqpa.data-dir", data.toString()));
        for (String option : new String[] {"-propertiesLocation", "-pl"}) {
            Result verified = run(option, "file:" + file);
            assertThat(verified.exit()).as(option + ": " + verified.output()).isEqualTo(LogVerifier.VERIFIED);
        }
        Path elsewhere = Files.createDirectories(work.resolve("named-by-the-option"));
        Result option = run("-pl", "file:" + file, "--data-dir", elsewhere.toString());
        assertThat(option.output()).as("the verifier's own option still wins").contains(elsewhere.toString());
    }

    /**
     * verifier28: a gateway key whose certificate names no БИН (a person's, configured by mistake) leaves the gateway's
     * own records without an organisation to check them by: the verifier says so and checks nothing (exit 2).
     */
    @Test
    void aGatewayKeyNamingNoBinIsRefused() throws IOException {
        Path data = copyOfRun();
        kz.qaqpa.trust.SharedTestPki.key("citizen-aigerim"); // issued, so its file is there
        Path person = kz.qaqpa.trust.SharedTestPki.pki().keyFile("citizen-aigerim");
        Path file = operatorsFile(Map.of("qaqpa.data-dir", data.toString(), "qaqpa.keystore.path", person.toString(),
                "qaqpa.keystore.password", new String(kz.qaqpa.trust.SharedTestPki.PASSWORD)));
        Result refused = run("-pl", "file:" + file);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(refused.output()).isEqualTo("cannot tell the gateway's own records: the gateway's key"
                + " (qaqpa.keystore.path) names no БИН" + System.lineSeparator());
    }

    /** The shipped application.properties with {@code settings} over it, written as an operator's file. */
    private Path operatorsFile(Map<String, String> settings) throws IOException {
        java.util.Properties operators = kz.qaqpa.settings.Settings.shipped();
        operators.putAll(settings);
        Path file = work.resolve("operator.properties");
        try (var stream = Files.newOutputStream(file)) {
            operators.store(stream, "an operator's configuration"); // escapes what is not Latin-1, as Camel reads it
        }
        return file;
    }

    /**
     * verifier28: a location that is not there is said in one line (exit 2), as the gateway would refuse to start on
     * it, not thrown.
     */
    @Test
    void aPropertiesLocationThatIsNotThereIsRefused() {
        Path missing = work.resolve("no-such.properties");
        Result refused = run("-propertiesLocation", "file:" + missing);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(refused.output()).contains("no-such.properties");
    }

    /** Replaces record {@code seq}'s message with its body re-signed by {@code key} and re-hashes the chain. */
    private static void resign(Path data, long seq, KeyMaterial key) {
        try (Database db = open(data)) {
            ChainRecord record = new MessageChain(db).page(seq - 1, 1).get(0);
            Document envelope = SoapEnvelopes.wrap(SoapEnvelopes.payload(SecureXml.parse(record.message())));
            byte[] forged = SecureXml.serialize(EnvelopeSigner.sign(envelope, key));
            X509Certificate certificate = key.certificate();
            byte[] der = encoded(certificate);
            if (new MessageChain(db).certificate(Sha256.hex(der)).isEmpty()) { // a peer's may be logged
                db.update("INSERT INTO log_certificate (sha256, der) VALUES (?, ?)", Sha256.hex(der), der);
            }
            db.update("UPDATE message_chain SET message_text = NULL, message = ?, message_sha256 = ?,"
                    + " signer_subject = ?, signer_serial = ?, certificate_sha256 = ? WHERE seq = ?",
                    forged, Sha256.hex(forged),
                    certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                    Sha256.hex(der), seq);
            rehashFrom(db, seq, r -> r);
        }
    }

    /**
     * Session 31 (evidence17): a document the gateway passed on after its signer's certificate ended is judged at its
     * arrival, the earlier record of the application that brought it. The provider's result is re-signed by an
     * employee whose certificate ended yesterday, before the result arrived, in the record that brought it and in the
     * callback passing it on (both envelopes re-signed, the chain recomputed): named at the callback. Before, the
     * verifier judged it at the certificate's last valid moment, and the log verified. A certificate that ended after
     * the arrival (the arrival's record moved two hours back, the certificate ended an hour before now) verifies, and
     * the verdict says at which time it was judged.
     */
    @Test
    void aPassedOnDocumentIsJudgedAtItsArrival() throws IOException {
        ChainRecord result = providerResult();
        Path endedBefore = copyOfRun("ended-before");
        List<Long> passingOn = passOnReSigned(endedBefore, result, endedYesterday, Duration.ZERO, Duration.ZERO);
        assertThat(passingOn).as("the records passing the result on").isNotEmpty();
        Result bad = verify(endedBefore);
        assertThat(bad.exit()).as(bad.output()).isEqualTo(LogVerifier.BAD);
        assertThat(bad.output()).contains("BAD: record " + passingOn.get(0) + ":")
                .contains("was not valid at its arrival (record " + result.seq() + ", logged at ");

        Path endedAfter = copyOfRun("ended-after");
        passOnReSigned(endedAfter, result, endedAnHourAgo, Duration.ofHours(-2), Duration.ZERO);
        Result good = verify(endedAfter);
        assertThat(good.exit()).as(good.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(good.output()).contains(passingOn.size() + " document(s) passed on after their signer's certificate"
                + " ended were judged at their arrival: 0 at a time-stamp of the record that brought them, "
                + passingOn.size() + " at that record's own time");

        // the arrival archived, the callback still in the store: found in the archive file
        try (Database db = open(endedAfter)) {
            MessageChain chain = new MessageChain(db);
            Instant callback = chain.loggedAt(passingOn.get(0)).orElseThrow();
            new MessageLogArchive(chain, new ChainStamps(db), endedAfter.resolve("archive"), Duration.ZERO,
                    Duration.ZERO, 1000, new ArchiveSeal(renewedGateway, new StampingAuthority(null, Duration.ZERO,
                    null, null)), java.time.Clock.fixed(callback, java.time.ZoneOffset.UTC)).run();
            assertThat(chain.archived().seq()).isBetween(result.seq(), passingOn.get(0) - 1);
        }
        Result archived = verify(endedAfter);
        assertThat(archived.exit()).as(archived.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(archived.output()).contains("in the archive files").contains(passingOn.size()
                + " at that record's own time");
    }

    /**
     * A document that arrived while the gateway's clock was ahead (its record, and the callback passing it on, logged
     * three hours ahead), signed by an employee whose certificate ends in an hour: by the record's own time it had
     * ended at its arrival, but a time-stamp of a later record (logged at the right time) shows the record existed
     * before. The document is judged at the stamp's time, and the verdict says so; without the stamp it is named. The
     * application's export, whose one stamp is that one, is judged so too (session 32).
     */
    @Test
    void aPassedOnDocumentIsJudgedAtATimeStampOfItsArrival() throws Exception {
        ChainRecord result = providerResult();
        Path data = copyOfRun();
        List<Long> passingOn = passOnReSigned(data, result, endsInAnHour, Duration.ofHours(3), Duration.ofHours(3));
        Result unstamped = verify(data);
        assertThat(unstamped.exit()).as(unstamped.output()).isEqualTo(LogVerifier.BAD);
        assertThat(unstamped.output()).contains("BAD: record " + passingOn.get(0) + ":")
                .contains("was not valid at its arrival (record " + result.seq() + ", logged at ");
        try (Database db = open(data)) {
            ChainStamps stamps = new ChainStamps(db);
            MessageChain chain = new MessageChain(db);
            MessageChain.Head head = chain.head();
            Instant at = Instant.parse(chain.record(head.seq()).orElseThrow().loggedAt());
            Instant latest = stamps.latest().map(st -> Instant.parse(st.stampedAt())).orElse(at);
            at = (latest.isAfter(at) ? latest : at).plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            byte[] reply = HostileTimeStampAuthority.granted(timeStamping, timeStampingAlgorithm,
                    java.util.HexFormat.of().parseHex(head.hash()), java.math.BigInteger.ONE, at);
            stamps.add(new ChainStamps.Stamp(head.seq(), head.hash(), at.toString(),
                    new org.bouncycastle.tsp.TimeStampResponse(reply).getTimeStampToken().getEncoded()));
        }
        Result stamped = verify(data);
        assertThat(stamped.exit()).as(stamped.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(stamped.output()).contains(passingOn.size() + " document(s) passed on after their signer's"
                + " certificate ended were judged at their arrival: " + passingOn.size() + " at a time-stamp of the"
                + " record that brought them, 0 at that record's own time");

        // session 32: the application's export carries that stamp (the first from its last record on), and its
        // verification judges the document at it too; before, at the record's own time: BAD where the log verified
        Path export = exported(data, "stamped-arrival.zip");
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains(passingOn.size() + " at a time-stamp of the record that brought them");
    }

    /**
     * Re-signs the document {@code arrival} brought with {@code documentKey}, there and in every later record passing
     * it on, moves {@code arrival}'s logged time by {@code shift} and theirs by {@code passingOnShift}, re-signs the
     * envelopes (the gateway's own with a renewed gateway certificate) and recomputes the chain (its time-stamps from
     * {@code arrival} on removed); the records passing it on, in order.
     */
    private static List<Long> passOnReSigned(Path data, ChainRecord arrival, KeyMaterial documentKey,
                                             Duration shift, Duration passingOnShift) {
        return passOnReSigned(data, arrival, document -> kz.qaqpa.trust.DocumentSigner.sign(document, documentKey),
                shift, passingOnShift);
    }

    /** As {@link #passOnReSigned(Path, ChainRecord, KeyMaterial, Duration, Duration)}, the document signed by {@code sign}. */
    private static List<Long> passOnReSigned(Path data, ChainRecord arrival, java.util.function.Consumer<Element> sign,
                                             Duration shift, Duration passingOnShift) {
        Element original = signedDocuments(arrival.message()).get(0);
        String signature = signatureValue(original);
        Element resigned = (Element) original.cloneNode(true);
        for (Element s : children(resigned, "http://www.w3.org/2000/09/xmldsig#", "Signature")) {
            resigned.removeChild(s);
        }
        sign.accept(resigned);
        List<Long> passingOn = new java.util.ArrayList<>();
        try (Database db = open(data)) {
            MessageChain chain = new MessageChain(db);
            for (ChainRecord r : chain.page(arrival.seq() - 1, Integer.MAX_VALUE)) {
                boolean out = MessageChain.OUT.equals(r.direction());
                if (r.seq() == arrival.seq() || out && replaced(r, signature, resigned) != null) {
                    replaceMessage(db, r, replaced(r, signature, resigned), out ? renewedGateway : anotherOrganisation);
                    if (out) {
                        passingOn.add(r.seq());
                        db.update("UPDATE message_chain SET logged_at = ? WHERE seq = ?",
                                Instant.parse(r.loggedAt()).plus(passingOnShift).toString(), r.seq());
                    }
                }
            }
            db.update("UPDATE message_chain SET logged_at = ? WHERE seq = ?",
                    Instant.parse(arrival.loggedAt()).plus(shift).toString(), arrival.seq());
            rehashFrom(db, arrival.seq(), r -> r);
        }
        return passingOn;
    }

    /** {@code r}'s payload with the signed document whose SignatureValue is {@code signature} replaced, or null. */
    private static Element replaced(ChainRecord r, String signature, Element resigned) {
        Element payload = SoapEnvelopes.payload(SecureXml.parse(r.message()));
        for (Element d : kz.qaqpa.trust.DocumentVerifier.signedElements(payload)) {
            if (signature.equals(signatureValue(d))) {
                d.getParentNode().replaceChild(payload.getOwnerDocument().importNode(resigned, true), d);
                return payload;
            }
        }
        return null;
    }

    private static List<Element> signedDocuments(byte[] message) {
        return kz.qaqpa.trust.DocumentVerifier.signedElements(SoapEnvelopes.payload(SecureXml.parse(message)));
    }

    /** The SignatureValue of the document's own signature, whitespace left out. */
    private static String signatureValue(Element document) {
        String ds = "http://www.w3.org/2000/09/xmldsig#";
        return children(children(document, ds, "Signature").get(0), ds, "SignatureValue").get(0).getTextContent()
                .replaceAll("\\s", "");
    }

    private static List<Element> children(Element parent, String ns, String localName) {
        List<Element> found = new java.util.ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** Puts {@code payload} in a new envelope signed by {@code key} as record {@code r}'s message (not re-hashed). */
    private static void replaceMessage(Database db, ChainRecord r, Element payload, KeyMaterial key) {
        byte[] forged = SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrap(payload), key));
        X509Certificate certificate = key.certificate();
        byte[] der = encoded(certificate);
        if (new MessageChain(db).certificate(Sha256.hex(der)).isEmpty()) {
            db.update("INSERT INTO log_certificate (sha256, der) VALUES (?, ?)", Sha256.hex(der), der);
        }
        db.update("UPDATE message_chain SET message_text = NULL, message = ?, message_sha256 = ?,"
                + " signer_subject = ?, signer_serial = ?, certificate_sha256 = ? WHERE seq = ?",
                forged, Sha256.hex(forged),
                certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                Sha256.hex(der), r.seq());
    }

    /**
     * record40: a message the gateway took before session 39 whose transport KeyInfo today's rule refuses, logged as
     * that gateway logged it: ds:X509Data with another system's certificate after the sender's own (chain28 refuses
     * it), the sender's certificate text with another's DER bytes appended or a character base64 does not have
     * (review39b refuses them). Then the first certificate, read leniently, was the signer's, and it is the one logged.
     * The log verifies, the record named as judged by the rule before session 39; the application's export too. On the
     * code before: "BAD: record …: its signature does not verify" (all three, seen).
     */
    @ParameterizedTest
    @ValueSource(strings = {"certificate-after", "appended", "not-base64"})
    void aRecordTakenUnderTheKeyInfoRuleBeforeSession39IsJudgedByIt(String form) throws IOException {
        ChainRecord r = request();
        Path data = copyOfRun(form);
        try (Database db = open(data)) {
            byte[] own = new MessageChain(db).certificate(r.certificateSha256()).orElseThrow();
            byte[] other = encoded(anotherOrganisation.certificate());
            String message = new String(messageOf(db, r.seq()), StandardCharsets.UTF_8);
            String ownText = java.util.Base64.getEncoder().encodeToString(own);
            assertThat(message).contains(ownText);
            rewrite(db, r.seq(), switch (form) {
                case "certificate-after" -> withX509Data(message, own, other);
                case "appended" -> message.replace(ownText, java.util.Base64.getEncoder().encodeToString(
                        concat(own, other)));
                default -> message.replace(ownText, ownText.substring(0, 40) + "!" + ownText.substring(40));
            });
        }
        loggedBeforeTheLaterRules(data);
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("1 record(s) judged by the transport KeyInfo rule before session 39")
                .contains("record " + r.seq() + " (today: " + switch (form) {
                    case "certificate-after" -> "transport signature's X509Data holds 2 certificates that are not a"
                            + " certificate the gateway trusts";
                    case "appended" -> "wsse:KeyIdentifier holds more than one certificate's own DER encoding";
                    default -> "wsse:KeyIdentifier is not base64 text";
                });

        Path export = exported(data, form + ".zip");
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains("1 record(s) judged by the transport KeyInfo rule before session 39")
                .contains("record " + r.seq() + " (today: ");
    }

    /**
     * attack66 (review65b attack65 2): a request the gateway took before session 65, logged as that gateway logged it,
     * whose Header carried an unsigned element with the signed Body's id as xml:id (attacks/id-twin-xml-id.xml, which
     * session 65's rule refuses at the door, SCE006). Its signature verifies over the Body; the log verifies, the
     * record named as judged by the referenced-id rule before session 65 with today's words, the export too. Seen
     * FAILING on main's code: "BAD: record …: its signature does not verify: id '…' … is carried by another element
     * too". The same element carrying another id (attacks/id-other-xml-id.xml) is no note at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"id-twin-xml-id", "id-other-xml-id"})
    void aRecordTakenBeforeSession65WithTheBodysIdOnAHeaderElementIsJudgedByTheEarlierRule(String vector)
            throws IOException {
        ChainRecord r = request();
        Path data = copyOfRun(vector);
        String bodyId;
        try (Database db = open(data)) {
            String message = new String(messageOf(db, r.seq()), StandardCharsets.UTF_8);
            bodyId = SoapEnvelopes.body(SecureXml.parse(message.getBytes(StandardCharsets.UTF_8)))
                    .getAttributeNS(kz.qaqpa.trust.WsNames.WSU, "Id");
            assertThat(bodyId).isNotEmpty();
            rewrite(db, r.seq(), withHeaderElement(message, vector, bodyId));
        }
        loggedBeforeTheLaterRules(data);
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        String note = "1 record(s) judged by the referenced-id rule before session 65";
        if (vector.equals("id-other-xml-id")) {
            assertThat(verified.output()).doesNotContain(note);
            return;
        }
        assertThat(verified.output()).contains(note).contains("accepted then, refused by today's rule")
                .contains("record " + r.seq() + " (today: id '" + bodyId + "', which the transport signature"
                        + " references (Body), is carried by another element too (Trace, its attribute xml:id)");

        Result offline = run("--data-dir", data.toString(), "--verify-export", exported(data, vector + ".zip").toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains(note).contains("record " + r.seq() + " (today: ");
    }

    /**
     * earlier68 (attack67's Left): a record logged before session 67 whose signer's certificate names only another
     * purpose in its extended key usage, which the gateway then took: the portal's request signed with a TLS server's
     * certificate in its name ({@code transport}), the provider's result passed on signed with a TLS client's
     * certificate of its employee ({@code document}, the envelopes re-signed as {@link #aPassedOnDocumentIsJudgedAtItsArrival}
     * does). Each signature verifies and the certificate chains to the test НУЦ: the log verifies, the records named as
     * judged by the purpose rule before session 67 with today's words, the export too. The control
     * ({@code transport-changed}): the same request with its Body changed after signing stays BAD, its digest. Seen
     * FAILING on main's code: "BAD: record …: its signature does not verify: certificate of … was issued for another
     * purpose" (both rows); the control held.
     */
    @ParameterizedTest
    @ValueSource(strings = {"transport", "document", "transport-changed"})
    void aRecordSignedBeforeSession67WithACertificateIssuedForAnotherPurposeIsJudgedByTheEarlierRule(String row)
            throws IOException {
        Path data = copyOfRun(row);
        List<Long> named;
        String purpose;
        if (row.startsWith("transport")) {
            long seq = request().seq();
            resign(data, seq, serverAuthOnly);
            named = List.of(seq);
            purpose = "serverAuth";
            if (row.equals("transport-changed")) {
                try (Database db = open(data)) {
                    String message = new String(messageOf(db, seq), StandardCharsets.UTF_8);
                    assertThat(message).contains("MBU-050");
                    rewrite(db, seq, message.replace("MBU-050", "MBU-051"));
                }
                assertBad(data, seq, "digest of Body does not match the transport signature");
                return;
            }
        } else {
            named = passOnReSigned(data, providerResult(), clientAuthOnly, Duration.ZERO, Duration.ZERO);
            assertThat(named).as("the records passing the result on").isNotEmpty();
            purpose = "clientAuth";
        }
        assertJudgedBefore(data, named, "the certificate purpose rule before session 67",
                "was issued for another purpose: its extended key usage names only " + purpose);
    }

    /**
     * review68b 1: a record logged before session 68 whose transport signer's certificate is a TLS server's naming
     * clientAuth too (purpose68 refuses it since; session 67's rule took it) is named as judged by the rule before
     * session 68, not 67. Seen FAILING with purpose68's code: the note named "the certificate purpose rule before
     * session 67".
     */
    @Test
    void aRecordSignedBeforeSession68WithATlsServersCertificateNamingClientAuthIsJudgedByTheRuleBeforeIt()
            throws IOException {
        Path data = copyOfRun("tls-server");
        long seq = request().seq();
        resign(data, seq, tlsServer);
        assertJudgedBefore(data, List.of(seq), "the certificate purpose rule before session 68",
                "was issued for another purpose: its extended key usage names only serverAuth, clientAuth");
    }

    /**
     * review69b 7: attack69's rule (a signer's certificate naming two different ИИН or БИН is refused) came in session
     * 69; a request an earlier gateway took with such a certificate is judged by the rule before it, not named BAD.
     * Seen FAILING with the rule outside {@code LaterRules}: exit BAD, "names more than one signer".
     */
    @Test
    void aRecordSignedBeforeSession69WithACertificateNamingTwoBinsIsJudgedByTheRuleBeforeIt() throws IOException {
        Path data = copyOfRun("two-bins");
        long seq = request().seq();
        resign(data, seq, twoBins);
        assertJudgedBefore(data, List.of(seq), "the one-signer rule before session 69",
                "names more than one signer", "050740006607");
    }

    /**
     * rules69 (review68b 3): a record refused by a later rule alone that was logged once this store ran the rule was
     * taken by no gateway: someone with the database's access wrote it, the chain recomputed. The run's gateway ran
     * every later rule from its first start (a fresh store: from record 1), so the portal's request re-signed with a
     * TLS server's certificate ({@code transport}, the purpose rule of session 67) and the provider's result passed on
     * signed by a GOST key under ECDSA ({@code document}, the document signature rule of session 66) are BAD, naming
     * since when the store runs the rule; so too with the rules in force from that very record on. The control: the
     * rules in force from the record after the last one rewritten, the records noted as before. Seen FAILING on main's
     * code: "expected: 1 but was: 0" (VERIFIED, "1 record(s) judged by the certificate purpose rule before session 67";
     * the document row alike, the rule before session 66). review69b 1: the document row's bound is the record that
     * took the document, not the one passing it on; with rules69's bound at the passing-on record its control (the
     * rules in force from the first passing-on record, after the provider's result) FAILED: "expected: 0 but was: 1".
     */
    @ParameterizedTest
    @ValueSource(strings = {"transport", "document"})
    void aRecordRefusedByALaterRuleLoggedOnceTheStoreRanItIsNamed(String row) throws IOException {
        Path data = copyOfRun("in-force-" + row);
        List<Long> rewritten;
        String today;
        if (row.equals("transport")) {
            rewritten = List.of(request().seq());
            resign(data, rewritten.get(0), serverAuthOnly);
            today = "was issued for another purpose: its extended key usage names only serverAuth";
        } else {
            rewritten = passOnReSigned(data, providerResult(), document -> {
                kz.qaqpa.trust.DocumentSigner.sign(document, employeeGost);
                resignUnder(document, ECDSA_SHA256, employeeGost);
            }, Duration.ZERO, Duration.ZERO);
            today = "does not fit the ECGOST3410-2012 key of";
        }
        long first = rewritten.get(0);
        // review69b 1: a passed-on document was judged in the record that took it, the provider's result
        long takenIn = row.equals("transport") ? first : providerResult().seq();
        Map<String, RulesInForce.Since> fresh;
        try (Database db = open(data)) {
            fresh = new RulesInForce(db).read();
        }
        assertThat(fresh).as("a fresh store runs every later rule from its first record")
                .containsOnlyKeys(ruleNames()).allSatisfy((rule, since) -> assertThat(since.firstSeq()).isEqualTo(1));
        assertBad(data, first, today);
        assertBad(data, first, "a rule this store has run since " + fresh.get(ruleNames().get(0)).at()
                + ", from record 1 on, refuses it");

        inForceFrom(data, takenIn);
        assertBad(data, first, "from record " + takenIn + " on, refuses it");
        // the control: in force from the record after the last one rewritten; a document taken before the rule and
        // passed on after it (an application waiting across the upgrade) is the gateway's, noted too
        inForceFrom(data, row.equals("transport") ? rewritten.get(rewritten.size() - 1) + 1 : first);
        Result noted = verify(data);
        assertThat(noted.exit()).as(noted.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(noted.output()).contains(rewritten.size() + " record(s) judged by the ").contains(today);
    }

    /**
     * rules69: the upgrade. A store made before session 69 (no table of the rules in force), holding a request taken
     * before session 67 with a TLS server's certificate, is started by today's gateway: its start notes every later
     * rule as in force from the record after the head it found, so the record logged before keeps its note. Main has
     * no such table; with the start noting every rule from record 1 it FAILED: "expected: 1947L but was: 1L".
     */
    @Test
    void aStoreStartedAfterItsRecordsWereLoggedKeepsTheirNotes() throws IOException {
        Path data = copyOfRun("upgraded");
        long seq = request().seq();
        resign(data, seq, serverAuthOnly);
        long head;
        try (Database db = open(data)) {
            head = new MessageChain(db).head().seq();
            db.update("DROP TABLE rules_in_force");
            db.update("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '36'");
        }
        GatewayHarness gateway = new GatewayHarness(data).with("qaqpa.test-pki.port", pkiPort).start();
        gateway.stop();
        try (Database db = open(data)) {
            assertThat(new RulesInForce(db).read()).containsOnlyKeys(ruleNames())
                    .allSatisfy((rule, since) -> assertThat(since.firstSeq()).isEqualTo(head + 1));
        }
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("1 record(s) judged by the certificate purpose rule before session 67")
                .contains("record " + seq + " (today: ");
    }

    /** Every later rule's name, as the store notes them. */
    private static List<String> ruleNames() {
        return Stream.of(kz.qaqpa.trust.LaterRules.Rule.values()).map(Enum::name).toList();
    }

    /**
     * The store as a gateway of session 69 or later leaves it once started after the run (an upgrade): every later
     * rule in force from the record after the head, so that every record of the run was logged before them.
     */
    private static void loggedBeforeTheLaterRules(Path data) {
        try (Database db = open(data)) {
            inForceFrom(db, new MessageChain(db).head().seq() + 1);
        }
    }

    /** As the store would note it had every later rule run from record {@code seq} on. */
    private static void inForceFrom(Path data, long seq) {
        try (Database db = open(data)) {
            inForceFrom(db, seq);
        }
    }

    private static void inForceFrom(Database db, long seq) {
        db.update("DELETE FROM rules_in_force");
        for (String rule : ruleNames()) {
            db.update("INSERT INTO rules_in_force (rule, since, first_seq) VALUES (?, ?, ?)", rule,
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC), seq);
        }
    }

    /**
     * earlier68 (review67 3): a document passed on before session 66 that its signer's GOST R 34.10-2015 key signed
     * under ecdsa-sha256 (BouncyCastle's ECDSA takes the GOST key; attack66's rule, {@code KeyFamily}, refuses it
     * since), the records passing it on re-signed as the gateway signed them. Its value verifies with the certificate's
     * key: the log verifies, the records named as judged by the document signature rule before session 66, the export
     * too. The control ({@code changed}): the same document with its data changed after signing stays BAD, its digest.
     * Seen FAILING on main's code: "BAD: record …: its signature does not verify: document signature method
     * …#ecdsa-sha256 does not fit the ECGOST3410-2012 key of …"; the control held.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gost-under-ecdsa", "changed"})
    void aDocumentPassedOnBeforeSession66SignedByAGostKeyUnderEcdsaIsJudgedByTheEarlierRule(String row)
            throws IOException {
        Path data = copyOfRun(row);
        List<Long> passingOn = passOnReSigned(data, providerResult(), document -> {
            kz.qaqpa.trust.DocumentSigner.sign(document, employeeGost);
            resignUnder(document, ECDSA_SHA256, employeeGost);
            if (row.equals("changed")) {
                document.insertBefore(document.getOwnerDocument().createTextNode("changed"), document.getFirstChild());
            }
        }, Duration.ZERO, Duration.ZERO);
        assertThat(passingOn).as("the records passing the result on").isNotEmpty();
        if (row.equals("changed")) {
            assertBad(data, passingOn.get(0), "does not match its signature: the data was changed after signing");
            return;
        }
        assertJudgedBefore(data, passingOn, "the document signature rule before session 66",
                "document signature method " + ECDSA_SHA256 + " does not fit the ECGOST3410-2012 key of");
    }

    private static final String ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    /**
     * The log of {@code data} verifies, the records {@code named} judged by {@code rule} ("accepted then"), each with
     * today's words containing {@code today}; the application's export verifies offline with the same note.
     */
    private void assertJudgedBefore(Path data, List<Long> named, String rule, String... today) throws IOException {
        String note = named.size() + " record(s) judged by " + rule;
        loggedBeforeTheLaterRules(data);
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains(note).contains("accepted then, refused by today's rule");
        String first = verified.output().substring(verified.output().indexOf(note));
        assertThat(first).contains("record " + named.get(0) + " (today: ").contains(today);

        Path export = exported(data, rule.hashCode() + "-" + named.get(0) + ".zip");
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains(rule).contains("(today: ");
    }

    /**
     * The document signature of {@code document} (its ds:Signature a direct child) signed again by {@code key} with its
     * SignatureMethod read as {@code methodUri}: its Reference's digest unchanged (the enveloped transform leaves the
     * signature out), the value computed over the new SignedInfo, as a signer choosing that method would.
     */
    private static void resignUnder(Element document, String methodUri, KeyMaterial key) {
        String ds = "http://www.w3.org/2000/09/xmldsig#";
        Document alone = SecureXml.newDocument();
        alone.appendChild(alone.importNode(document, true));
        alone = SecureXml.parse(SecureXml.serialize(alone));
        Element signature = children(alone.getDocumentElement(), ds, "Signature").get(0);
        ((Element) signature.getElementsByTagNameNS(ds, "SignatureMethod").item(0))
                .setAttributeNS(null, "Algorithm", methodUri);
        try {
            var again = new org.apache.xml.security.signature.XMLSignature(signature, "", true);
            for (int i = 0; i < again.getSignedInfo().getLength(); i++) {
                again.getSignedInfo().item(i); // Santuario reads a parsed SignedInfo's references lazily
            }
            again.sign(key.privateKey());
            assertThat(again.checkSignatureValue(key.certificate())).as("the value verifies with the key").isTrue();
        } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
            throw new IllegalStateException(e);
        }
        document.replaceChild(document.getOwnerDocument().importNode(signature, true),
                children(document, ds, "Signature").get(0));
    }

    /** {@code message} with the element of attacks/{@code vector}.xml (BODY-ID written as {@code bodyId}) last in its Header. */
    private static String withHeaderElement(String message, String vector, String bodyId) {
        String element = new String(kz.qaqpa.TestResources.read("attacks/" + vector + ".xml"), StandardCharsets.UTF_8)
                .replaceAll("(?s)<\\?xml.*?\\?>|<!--.*?-->", "").trim().replace("BODY-ID", bodyId);
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("</([A-Za-z0-9_.-]+:)?Header>").matcher(message);
        assertThat(end.find()).as("the logged request has a Header").isTrue();
        return message.substring(0, end.start()) + element + message.substring(end.start());
    }

    /**
     * record40: the rule before session 39 judges only a KeyInfo whose first certificate, read as then, is the logged
     * one, and the signature is still verified with that certificate's key. Another system's certificate first and
     * the sender's after, the sender's logged: named with today's refusal. The same KeyInfo with the record claiming
     * that system as its signer (its certificate, subject and serial logged): named, the signature does not verify
     * with its key. The sender's own certificate first but the message's Body changed: named, its digest.
     */
    @Test
    void aRecordWhoseKeyInfoDoesNotCarryTheLoggedSignerFirstOrWhoseSignatureDoesNotVerifyIsStillNamed()
            throws IOException {
        ChainRecord r = request();
        X509Certificate portal = anotherOrganisation.certificate();
        byte[] other = encoded(portal);

        Path otherFirst = copyOfRun("other-first");
        try (Database db = open(otherFirst)) {
            byte[] own = new MessageChain(db).certificate(r.certificateSha256()).orElseThrow();
            rewrite(db, r.seq(), withX509Data(new String(messageOf(db, r.seq()), StandardCharsets.UTF_8), other, own));
        }
        assertBad(otherFirst, r.seq(), "its signature does not verify: transport signature's X509Data holds 2"
                + " certificates that are not a certificate the gateway trusts");

        Path claimed = copyOfRun("claimed");
        try (Database db = open(claimed)) {
            byte[] own = new MessageChain(db).certificate(r.certificateSha256()).orElseThrow();
            if (new MessageChain(db).certificate(Sha256.hex(other)).isEmpty()) {
                db.update("INSERT INTO log_certificate (sha256, der) VALUES (?, ?)", Sha256.hex(other), other);
            }
            db.update("UPDATE message_chain SET signer_subject = ?, signer_serial = ?, certificate_sha256 = ?"
                    + " WHERE seq = ?", portal.getSubjectX500Principal().getName(),
                    portal.getSerialNumber().toString(16), Sha256.hex(other), r.seq());
            rewrite(db, r.seq(), withX509Data(new String(messageOf(db, r.seq()), StandardCharsets.UTF_8), other, own));
        }
        assertBad(claimed, r.seq(), "transport signature value does not verify with the certificate of");

        Path changed = copyOfRun("changed-body");
        try (Database db = open(changed)) {
            byte[] own = new MessageChain(db).certificate(r.certificateSha256()).orElseThrow();
            String message = new String(messageOf(db, r.seq()), StandardCharsets.UTF_8);
            assertThat(message).contains("MBU-050");
            rewrite(db, r.seq(), withX509Data(message.replace("MBU-050", "MBU-051"), own, other));
        }
        assertBad(changed, r.seq(), "digest of Body does not match the transport signature");
    }

    /** {@code message} with its transport KeyInfo's wsse:SecurityTokenReference replaced by ds:X509Data of {@code certificates}. */
    private static String withX509Data(String message, byte[]... certificates) {
        java.util.regex.Matcher reference = java.util.regex.Pattern.compile(
                "<wsse:SecurityTokenReference[^>]*>.*?</wsse:SecurityTokenReference>", java.util.regex.Pattern.DOTALL)
                .matcher(message);
        assertThat(reference.find()).as("the transport KeyInfo's token reference").isTrue();
        StringBuilder data = new StringBuilder("<ds:X509Data xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">");
        for (byte[] der : certificates) {
            data.append("<ds:X509Certificate>").append(java.util.Base64.getEncoder().encodeToString(der))
                    .append("</ds:X509Certificate>");
        }
        return message.substring(0, reference.start()) + data.append("</ds:X509Data>") + message.substring(reference.end());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * review59: a request the gateway took before session 58 with a UTF-8 byte order mark and an XML declaration of
     * windows-1251 (its text ASCII, every other character a character reference, so both encodings read it alike and
     * its signature verified: the gateway answered it and logged its bytes as they came). 3a7c689a refuses such a
     * request (SCE001) in {@code SecureXml.parse}, which the log's checks use too, so the record no longer verifies:
     * "its signature does not verify: the document's byte order mark says UTF-8 ...". The control, the same bytes
     * without the mark, verifies on main's code.
     */
    @Test
    void aRecordTakenBeforeSession58WithAByteOrderMarkAndAnotherDeclaredEncodingStillVerifies() throws IOException {
        ChainRecord r = request();
        Path control = copyOfRun("declaration-without-mark");
        Path marked = copyOfRun("mark-and-declaration");
        byte[] declared;
        try (Database db = open(control)) {
            String message = new String(messageOf(db, r.seq()), StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*\\?>", "");
            declared = ("<?xml version=\"1.0\" encoding=\"windows-1251\"?>" + asciiOnly(message))
                    .getBytes(StandardCharsets.US_ASCII);
            rewrite(db, r.seq(), declared);
        }
        Result withoutMark = verify(control);
        assertThat(withoutMark.exit()).as("the control: " + withoutMark.output()).isEqualTo(LogVerifier.VERIFIED);

        try (Database db = open(marked)) {
            rewrite(db, r.seq(), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, declared));
        }
        Result verified = verify(marked);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        Path export = exported(marked, "mark-and-declaration.zip");
        Result offline = run("--data-dir", marked.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
    }

    /** {@code xml} with every character outside ASCII written as a character reference (the same DOM). */
    private static String asciiOnly(String xml) {
        StringBuilder ascii = new StringBuilder(xml.length());
        xml.codePoints().forEach(c -> {
            if (c < 0x80) {
                ascii.appendCodePoint(c);
            } else {
                ascii.append("&#").append(c).append(';');
            }
        });
        return ascii.toString();
    }

    /** Record {@code seq}'s message replaced by {@code message} as the gateway would have logged it, the chain recomputed. */
    private static void rewrite(Database db, long seq, String message) {
        rewrite(db, seq, message.getBytes(StandardCharsets.UTF_8));
    }

    /** Record {@code seq}'s message replaced by {@code bytes} as the gateway would have logged them, the chain recomputed. */
    private static void rewrite(Database db, long seq, byte[] bytes) {
        db.update("UPDATE message_chain SET message_text = NULL, message = ?, message_sha256 = ? WHERE seq = ?",
                bytes, Sha256.hex(bytes), seq);
        rehashFrom(db, seq, x -> x);
    }

    @Test
    void aRemovedRecordIsNamedByTheNextOne() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        tamper(data, "DELETE FROM message_chain WHERE seq = ?", k);
        assertBad(data, k + 1, "record " + k + " is missing");
    }

    @Test
    void aRemovedLastRecordIsNamed() throws IOException {
        Path data = copyOfRun();
        long last;
        try (Database db = open(data)) {
            last = new MessageChain(db).head().seq();
            db.update("DELETE FROM message_chain WHERE seq = ?", last);
        }
        assertBad(data, last, "the head names record " + last);
    }

    @Test
    void aRecordAddedBeyondTheHeadIsNamed() throws IOException {
        Path data = copyOfRun();
        long beyond;
        try (Database db = open(data)) {
            beyond = new MessageChain(db).head().seq() + 1;
            db.update("INSERT INTO message_chain SELECT ?, logged_at, direction, kind, operation, peer, session_id,"
                    + " correlation_id, signer_subject, signer_serial, certificate_sha256, message_sha256, message,"
                    + " hash, hash, hash_version, application_firsts, message_large, message_text FROM message_chain"
                    + " WHERE seq = ?",
                    beyond, beyond - 1);
        }
        assertBad(data, beyond, "beyond the head");
    }

    @Test
    void swappedRecordsAreNamed() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            db.update("UPDATE message_chain SET seq = -1 WHERE seq = ?", k);
            db.update("UPDATE message_chain SET seq = ? WHERE seq = ?", k, k + 1);
            db.update("UPDATE message_chain SET seq = ? WHERE seq = -1", k + 1);
        }
        assertBad(data, k, "not the hash of the record before it");
    }

    @Test
    void anInsertedRecordIsDetectedAtTheRecordAfterIt() throws IOException {
        long k = request().seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            MessageChain chain = new MessageChain(db);
            long last = chain.head().seq();
            for (long seq = last; seq > k; seq--) {
                db.update("UPDATE message_chain SET seq = ? WHERE seq = ?", seq + 1, seq);
            }
            // a genuine signed message, well chained after record k: only its successor can tell
            ChainRecord original = chain.page(k - 1, 1).get(0);
            ChainRecord inserted = new ChainRecord(k + 1, original.loggedAt(), original.direction(), original.kind(),
                    original.operation(), original.peer(), original.sessionId(), original.correlationId(),
                    original.signerSubject(), original.signerSerial(), original.certificateSha256(),
                    original.messageSha256(), original.message(), original.hash(), null,
                    original.applicationFirsts()).withHash();
            db.update("INSERT INTO message_chain (seq, logged_at, direction, kind, operation, peer, session_id,"
                            + " correlation_id, signer_subject, signer_serial, certificate_sha256, message_sha256, message,"
                            + " prev_hash, hash, application_firsts, hash_version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserted.seq(), inserted.loggedAt(), inserted.direction(), inserted.kind(), inserted.operation(),
                    inserted.peer(), inserted.sessionId(), inserted.correlationId(), inserted.signerSubject(),
                    inserted.signerSerial(), inserted.certificateSha256(), inserted.messageSha256(), inserted.message(),
                    inserted.prevHash(), inserted.hash(), inserted.applicationFirsts(), inserted.hashVersion());
        }
        assertBad(data, k + 2, "");
    }

    @Test
    void anApplicationsExportVerifiesOfflineAndAChangedOneDoesNot() throws IOException {
        Path data = copyOfRun();
        String head = verify(data).output().replaceAll("(?s).*with hash ([0-9a-f]{64}).*", "$1");
        Path export = work.resolve("application.zip");
        assertThat(run("--data-dir", data.toString(), "--export", correlationId, export.toString()).exit())
                .isEqualTo(LogVerifier.VERIFIED);
        // offline: the database is gone, only the trusted roots of the configuration remain
        deleteTree(data.resolve("db"));

        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", head);
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).startsWith("OK: " + application.size() + " records verified");

        Result otherHead = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head",
                "0".repeat(64));
        assertThat(otherHead.exit()).isEqualTo(LogVerifier.BAD);

        long k = request().seq();
        Path changed = work.resolve("changed.zip");
        rewriteZip(export, changed, "messages/" + k + ".xml");
        Result tampered = run("--data-dir", data.toString(), "--verify-export", changed.toString());
        assertThat(tampered.exit()).isEqualTo(LogVerifier.BAD);
        assertThat(tampered.output()).contains("record " + k + ":");
    }

    /**
     * An export carries the first time-stamp of the chain from the application's last record on: offline, the links
     * reach the stamped record and the token stamps the chain's hash there, so the application's records existed at
     * its time. Another record's genuine token in its place, or a stamp naming a record the links do not reach, is BAD.
     */
    @Test
    void anExportShowsWhenItsRecordsExistedByItsTimeStamp() throws IOException {
        Path data = copyOfRun();
        byte[] otherToken;
        try (Database db = open(data)) {
            // the export carries the first stamp from the application's last record on; the one after it is another's
            long last = application.get(application.size() - 1).seq();
            otherToken = new ChainStamps(db).page(last - 1, 2).get(1).token();
        }
        Path export = exported(data, "application.zip");
        Map<String, byte[]> entries = readZip(export);
        assertThat(entries).containsKey("stamp.tsr");
        deleteTree(data.resolve("db"));

        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains("its records existed at ").contains("TEST NUC TIME-STAMPING AUTHORITY");

        Path swapped = work.resolve("swapped.zip");
        entries.put("stamp.tsr", otherToken);
        writeZip(swapped, entries);
        Result other = run("--data-dir", data.toString(), "--verify-export", swapped.toString());
        assertThat(other.exit()).as(other.output()).isEqualTo(LogVerifier.BAD);
        assertThat(other.output()).contains("its time-stamp does not verify: it stamps another value");

        Map<String, byte[]> beyond = readZip(export);
        String manifest = new String(beyond.get("manifest.properties"), StandardCharsets.ISO_8859_1);
        long stampSeq = Long.parseLong(manifest.replaceAll("(?s).*stamp\\.seq=(\\d+).*", "$1"));
        beyond.put("manifest.properties", manifest.replace("stamp.seq=" + stampSeq, "stamp.seq=" + (stampSeq + 1_000_000))
                .getBytes(StandardCharsets.ISO_8859_1));
        Path unreached = work.resolve("unreached.zip");
        writeZip(unreached, beyond);
        Result far = run("--data-dir", data.toString(), "--verify-export", unreached.toString());
        assertThat(far.exit()).as(far.output()).isEqualTo(LogVerifier.BAD);
        assertThat(far.output()).contains("the export's time-stamp names it, but its links do not reach it");
    }

    /**
     * Session 26: the stamp an export carries replaced, in the store and in the export, by a genuine token of the same
     * record's hash from the test НУЦ's authority, dated an hour before the record was logged (the authority's clock was
     * wrong then): the whole-log verification and the export's name it instead of saying the records existed then.
     */
    @Test
    void aTimeStampDatedBeforeItsRecordIsNamed() throws Exception {
        Path data = copyOfRun();
        Path export = exported(data, "application.zip");
        ChainStamps.Stamp stamp;
        byte[] early;
        try (Database db = open(data)) {
            stamp = new ChainStamps(db).firstFrom(application.get(application.size() - 1).seq()).orElseThrow();
            Instant logged = Instant.parse(new MessageChain(db).record(stamp.seq()).orElseThrow().loggedAt());
            byte[] reply = HostileTimeStampAuthority.granted(timeStamping, timeStampingAlgorithm,
                    java.util.HexFormat.of().parseHex(stamp.hash()), java.math.BigInteger.ONE,
                    logged.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            early = new org.bouncycastle.tsp.TimeStampResponse(reply).getTimeStampToken().getEncoded();
            db.update("UPDATE message_chain_stamp SET token = ? WHERE seq = ?", early, stamp.seq());
        }
        Map<String, byte[]> entries = readZip(export);
        entries.put("stamp.tsr", early);
        Path dated = work.resolve("dated-early.zip");
        writeZip(dated, entries);
        Result offline = run("--data-dir", data.toString(), "--verify-export", dated.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.BAD);
        assertThat(offline.output()).contains("BAD: record " + stamp.seq() + ":").contains("was logged");

        // the whole log said BAD before too, as the stamp is older than the one before it, which is not the reason
        assertBad(data, stamp.seq(), "is before the record was logged");
    }

    /**
     * Session 24: an export names its application exactly. The store compared text with trailing spaces ignored, so
     * "{id} " exported the records of application "{id}" under the other name, from the command line and the console.
     */
    @Test
    void anExportNamesItsApplicationExactly() throws IOException {
        Path data = copyOfRun();
        Path export = work.resolve("spaced.zip");
        Result spaced = run("--data-dir", data.toString(), "--export", correlationId + " ", export.toString());
        assertThat(spaced.exit()).as(spaced.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(spaced.output()).startsWith("nothing is logged for application " + correlationId + " ");
        assertThat(export).doesNotExist();
        assertThat(consoleExportSpaced.status()).as(new String(consoleExportSpaced.body(), StandardCharsets.UTF_8))
                .isEqualTo(404);
        assertThat(consoleExport.status()).isEqualTo(200);
    }

    /**
     * export51: the gateway goes on logging an application's records (callbacks, status changes) while the console
     * exports it. The export read the application's records, then the head: a record of the application committed in
     * between was among the links up to the head but not among the records, and the export's verdict said of a sound
     * log that a record had been left out (seen once in ProviderProtocolTest). Here a record of the application is
     * logged by the real appender at the moment the export opens its target, between the two reads; the export is cut
     * at the head as it was before that record, and verifies with every record of the application up to there.
     */
    @Test
    void anExportTakenWhileTheApplicationsRecordsAreLoggedVerifies() throws Exception {
        Path data = copyOfRun();
        Path export = work.resolve("while-logged.zip");
        long before;
        long after;
        try (Database db = Database.hsqldbFile(data.resolve("db").toString(), 2)) {
            MessageChain chain = new MessageChain(db);
            ChainRecord answer = application.stream().filter(r -> r.kind().equals(MessageChain.CALLBACK_ANSWER))
                    .findFirst().orElseThrow();
            X509Certificate signer = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(
                            chain.certificate(answer.certificateSha256()).orElseThrow()));
            before = chain.head().seq();
            MessageLogEvidence evidence = new MessageLogEvidence(chain, new ChainStamps(db), null, GATEWAY_BIN, null,
                    new MessageLogArchive(chain, new ChainStamps(db), data.resolve("archive"), Duration.ofDays(30),
                            Duration.ofMinutes(5), 100, null, java.time.Clock.systemUTC()), new RulesInForce(db));
            assertThat(evidence.export(correlationId, () -> {
                // the portal's answer to a repeated callback, logged as the gateway logs it
                chain.append(new MessageChain.Message(answer.direction(), answer.kind(), answer.operation(),
                        answer.peer(), answer.sessionId(), answer.correlationId(), signer, answer.message()));
                return Files.newOutputStream(export);
            })).isTrue();
            after = chain.head().seq();
            assertThat(chain.ofApplication(correlationId)).extracting(ChainRecord::seq).contains(after);
        }
        assertThat(after).isEqualTo(before + 1);
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).startsWith("OK: " + application.size() + " records verified");
        java.util.Properties manifest = new java.util.Properties();
        manifest.load(new java.io.ByteArrayInputStream(readZip(export).get("manifest.properties")));
        assertThat(manifest.getProperty("head.seq")).isEqualTo(String.valueOf(before));
    }

    /**
     * Review finding 2: the provider's signed result and the gateway's answer to it are dropped from an export (their
     * messages, fields and place in the records list), their links kept: the links name the application, so the
     * verification finds the records left out; dropping their links too breaks the chain of links.
     */
    @Test
    void anExportWithTheApplicationsResultLeftOutDoesNotVerify() throws IOException {
        Path data = copyOfRun();
        long result = providerResult().seq();
        Path export = exported(data, "application.zip");
        Map<String, byte[]> entries = readZip(export);
        java.util.Properties manifest = new java.util.Properties();
        manifest.load(new java.io.ByteArrayInputStream(entries.get("manifest.properties")));
        List<String> kept = new java.util.ArrayList<>(List.of(manifest.getProperty("records").split(",")));
        assertThat(kept).contains(String.valueOf(result), String.valueOf(result + 1));
        for (long seq : new long[] {result, result + 1}) {
            kept.remove(String.valueOf(seq));
            entries.remove("messages/" + seq + ".xml");
            manifest.stringPropertyNames().stream().filter(key -> key.startsWith("record." + seq + "."))
                    .toList().forEach(manifest::remove);
        }
        manifest.setProperty("records", String.join(",", kept));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, null);
        entries.put("manifest.properties", text.toByteArray());
        Path withoutResult = work.resolve("without-result.zip");
        writeZip(withoutResult, entries);

        Result left = run("--data-dir", data.toString(), "--verify-export", withoutResult.toString());
        assertThat(left.exit()).as(left.output()).isEqualTo(LogVerifier.BAD);
        assertThat(left.output()).contains("BAD: record " + result + ":").contains("left out");

        String links = new String(entries.get("links.txt"), StandardCharsets.US_ASCII);
        entries.put("links.txt", links.lines().filter(l -> !l.startsWith(result + " ") && !l.startsWith((result + 1) + " "))
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining()).getBytes(StandardCharsets.US_ASCII));
        Path withoutLinks = work.resolve("without-links.zip");
        writeZip(withoutLinks, entries);
        Result gap = run("--data-dir", data.toString(), "--verify-export", withoutLinks.toString());
        assertThat(gap.exit()).as(gap.output()).isEqualTo(LogVerifier.BAD);
        assertThat(gap.output()).contains("BAD: record " + result + ":");
    }

    /**
     * Session 20, gap 2: the application's first records are cut from an export together with their links (the
     * manifest's first prevHash moved to the new first record): the rest is a consistent chain, but every record of
     * hash version 3 binds the application's first record, so the verification names it as left out; a head noted
     * after the application does not change that.
     */
    @Test
    void anExportWithTheApplicationsFirstRecordsCutOffDoesNotVerify() throws IOException {
        Path data = copyOfRun();
        String noted = notedHead(data);
        long first = application.get(0).seq();
        long kept = application.get(2).seq();
        Path export = exported(data, "application.zip");
        Result whole = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", noted);
        assertThat(whole.exit()).as(whole.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(whole.output()).contains("its records begin at record " + first);

        Map<String, byte[]> entries = readZip(export);
        java.util.Properties manifest = new java.util.Properties();
        manifest.load(new java.io.ByteArrayInputStream(entries.get("manifest.properties")));
        List<String> records = new java.util.ArrayList<>(List.of(manifest.getProperty("records").split(",")));
        records.removeIf(seq -> Long.parseLong(seq) < kept);
        assertThat(records).hasSize(application.size() - 2);
        for (long seq = first; seq < kept; seq++) {
            long cut = seq;
            entries.remove("messages/" + cut + ".xml");
            manifest.stringPropertyNames().stream().filter(key -> key.startsWith("record." + cut + "."))
                    .toList().forEach(manifest::remove);
        }
        manifest.setProperty("records", String.join(",", records));
        manifest.setProperty("first.prevHash", manifest.getProperty("record." + kept + ".prevHash"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, null);
        entries.put("manifest.properties", text.toByteArray());
        String links = new String(entries.get("links.txt"), StandardCharsets.US_ASCII);
        entries.put("links.txt", links.lines().filter(l -> Long.parseLong(l.split(" ")[0]) >= kept)
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining()).getBytes(StandardCharsets.US_ASCII));
        Path cut = work.resolve("cut.zip");
        writeZip(cut, entries);

        for (String[] head : new String[][] {{}, {"--head", noted}}) {
            List<String> args = new java.util.ArrayList<>(List.of("--data-dir", data.toString(), "--verify-export",
                    cut.toString()));
            args.addAll(List.of(head));
            Result result = run(args.toArray(String[]::new));
            assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
            assertThat(result.output()).contains("BAD: record " + first + ": it is the first record of application "
                    + correlationId).contains("left out");
        }
    }

    /**
     * Session 20, gap 1: an export in format /1, as gateways wrote it before hash version 2 (records of version 1,
     * links in the manifest), verifies with this verifier, saying what that format cannot show; a changed message in it
     * is named; an export in a format the verifier does not know is refused with its name, not called forged.
     */
    @Test
    void anExportInTheFirstFormatVerifiesWithWhatItCanShow() throws IOException {
        Path data = copyOfRun();
        try (Database db = open(data)) {
            rewriteAsVersion1(db);
        }
        String noted = notedHead(data);
        Path export = work.resolve("format1.zip");
        try (Database db = open(data)) {
            Files.write(export, FirstFormatExport.write(new MessageChain(db), correlationId));
        }
        deleteTree(data.resolve("db"));

        Result verified = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", noted);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).startsWith("OK: ").contains("qaqpa-message-log-export/1").contains("cannot show that no record of application "
                        + correlationId + " is left out").contains("passes through the noted head " + noted);

        long k = request().seq();
        Path changed = work.resolve("format1-changed.zip");
        rewriteZip(export, changed, "messages/" + k + ".xml");
        Result tampered = run("--data-dir", data.toString(), "--verify-export", changed.toString());
        assertThat(tampered.exit()).as(tampered.output()).isEqualTo(LogVerifier.BAD);
        assertThat(tampered.output()).contains("BAD: record " + k + ":");

        Map<String, byte[]> entries = readZip(export);
        String manifest = new String(entries.get("manifest.properties"), StandardCharsets.ISO_8859_1);
        long gap = k + 3;
        entries.put("manifest.properties", manifest.replaceAll("(?m)^link\\." + gap + "=.*\n", "")
                .getBytes(StandardCharsets.ISO_8859_1));
        Path withoutLink = work.resolve("format1-without-link.zip");
        writeZip(withoutLink, entries);
        Result missing = run("--data-dir", data.toString(), "--verify-export", withoutLink.toString());
        assertThat(missing.exit()).as(missing.output()).isEqualTo(LogVerifier.BAD);
        assertThat(missing.output()).contains("BAD: record " + gap + ": its link is missing");

        entries.put("manifest.properties", manifest
                .replace("qaqpa-message-log-export/1", "qaqpa-message-log-export/9").getBytes(StandardCharsets.ISO_8859_1));
        Path later = work.resolve("format9.zip");
        writeZip(later, entries);
        Result unknown = run("--data-dir", data.toString(), "--verify-export", later.toString());
        assertThat(unknown.exit()).as(unknown.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(unknown.output()).contains("qaqpa-message-log-export/9").contains("does not read")
                .doesNotContain("BAD").doesNotContain("Exception");
    }

    /**
     * Session 21: a format /1 export holds its links in the manifest, one per record from the application's first to
     * the head, in no order; the verifier puts them in order through a temporary file instead of holding them, so an
     * export whose log grew by {@value #LATER_LINKS} records after the application (some days of polling) verifies
     * in a JVM with a {@value #SMALL_HEAP} heap, as /2 and /3 do. The manifest read whole did not fit in it.
     */
    @Test
    void aLargeExportInTheFirstFormatVerifiesInASmallHeap() throws Exception {
        Path data = copyOfRun();
        long head;
        try (Database db = open(data)) {
            rewriteAsVersion1(db);
            head = new MessageChain(db).head().seq() + LATER_LINKS;
        }
        Path export = work.resolve("format1-large.zip");
        try (Database db = open(data); java.io.OutputStream out = Files.newOutputStream(export)) {
            FirstFormatExport.write(new MessageChain(db), correlationId, LATER_LINKS, out);
        }
        deleteTree(data.resolve("db"));
        Result verified = runInSmallHeap("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).startsWith("OK: ").contains("head is record " + head + " with hash");
    }

    private static final int LATER_LINKS = 300_000;

    /** The log as a gateway before hash version 2 wrote it: every record of version 1, chained from the first. */
    private static void rewriteAsVersion1(Database db) {
        MessageChain chain = new MessageChain(db);
        String prev = ChainRecord.GENESIS;
        for (ChainRecord r : chain.page(0, Integer.MAX_VALUE)) {
            ChainRecord old = new ChainRecord(r.seq(), r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(),
                    r.sessionId(), r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(),
                    r.messageSha256(), r.message(), prev, null, null, 1).withHash();
            db.update("UPDATE message_chain SET prev_hash = ?, hash = ?, application_firsts = NULL, hash_version = 1"
                    + " WHERE seq = ?", old.prevHash(), old.hash(), old.seq());
            prev = old.hash();
        }
        db.update("UPDATE message_chain_head SET hash = ?", prev);
        db.update("DELETE FROM message_chain_stamp"); // no gateway of that time stamped its log
    }

    /**
     * Review finding 3: the result's records are moved to another application by their correlation_id (no signature
     * covers it). Changed alone, the record's hash names it; re-hashed with everything after it, only a head noted
     * before shows it, and the whole-log and the export verification both check a noted head.
     */
    @Test
    void aRecordMovedToAnotherApplicationIsCaughtByItsHashOrByTheNotedHead() throws IOException {
        Path data = copyOfRun();
        String noted = notedHead(data);
        ChainRecord result = providerResult();
        tamper(data, "UPDATE message_chain SET correlation_id = '{another}' WHERE seq = ?", result.seq());
        assertBad(data, result.seq(), "was changed");
        try (Database db = open(data)) {
            // bound to the first record of the application they now name, or the whole-log check names them
            rehashFrom(db, result.seq(), r -> r.sessionId() != null && r.sessionId().equals(result.sessionId())
                    ? new ChainRecord(r.seq(), r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(),
                    r.sessionId(), "{another}", r.signerSubject(), r.signerSerial(), r.certificateSha256(),
                    r.messageSha256(), r.message(), r.prevHash(), null, String.valueOf(result.seq())) : r);
            // and noted as the first record of that application, as the gateway would note it
            db.update("INSERT INTO message_chain_first (correlation_id, seq) VALUES ('{another}', ?)", result.seq());
            assertThat(new MessageChain(db).ofApplication(correlationId)).extracting(ChainRecord::seq)
                    .doesNotContain(result.seq());
        }
        assertThat(verify(data).exit()).as("without a noted head a re-hashed chain is consistent").isZero();
        Result whole = run("--data-dir", data.toString(), "--head", noted);
        assertThat(whole.exit()).as(whole.output()).isEqualTo(LogVerifier.BAD);
        assertThat(whole.output()).contains("not the noted");

        Path export = exported(data, "application.zip");
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", noted);
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.BAD);
        assertThat(offline.output()).contains("not the noted");
    }

    /**
     * Session 21: the application re-bound to another first record by every record of it, the chain re-hashed from
     * its first record on and the head moved, as a forger would (signatures do not cover the binding): a consistent
     * chain, and re-bound to its third record, an export with its first two records cut off would verify. The
     * whole-log verification holds every binding against the application's true first record and names the first
     * record that disagrees, with the application: bound to a later record, and to an earlier one that does not name
     * the application.
     */
    @Test
    void anApplicationReboundToAnotherFirstRecordIsNamedByTheWholeLogCheck() throws IOException {
        long first = application.get(0).seq();
        long later = application.get(2).seq();
        Path data = copyOfRun();
        try (Database db = open(data)) {
            rehashFrom(db, first, r -> rebound(r, later));
        }
        assertBad(data, first, "it is the first record of application " + correlationId + ", but binds record "
                + later + " as its first");
        try (Database db = open(data)) {
            rehashFrom(db, first, r -> rebound(r, first - 1));
        }
        assertBad(data, first, "it binds record " + (first - 1) + " as the first record of application "
                + correlationId + ", but record " + (first - 1) + " does not name the application");
    }

    /**
     * Session 21: the gateway binds an application's next records to the first record that message_chain_first notes
     * for it, so the whole-log check holds that table against the chain: a row changed to a later record and a removed
     * row are named at the application's first record; a row planted for an application no record names (one still
     * to come) or beyond the head is named as the table's. They used to show only once a record bound by them was
     * written.
     */
    @Test
    void theGatewaysTableOfFirstRecordsIsCheckedAgainstTheChain() throws IOException {
        long first = application.get(0).seq();
        long later = application.get(2).seq();
        Path data = copyOfRun();
        tamper(data, "UPDATE message_chain_first SET seq = ? WHERE correlation_id = ?", later, correlationId);
        assertBad(data, first, "message_chain_first notes record " + later + " as the first record of application "
                + correlationId + ", but record " + first + " is");
        tamper(data, "DELETE FROM message_chain_first WHERE correlation_id = ?", correlationId);
        assertBad(data, first, "it names application " + correlationId + ", which has no row in message_chain_first");

        long head;
        try (Database db = open(data)) {
            db.update("INSERT INTO message_chain_first (correlation_id, seq) VALUES (?, ?)", correlationId, first);
            db.update("INSERT INTO message_chain_first (correlation_id, seq) VALUES ('{to-come}', ?)", first);
            head = new MessageChain(db).head().seq();
        }
        Result planted = verify(data);
        assertThat(planted.exit()).as(planted.output()).isEqualTo(LogVerifier.BAD);
        assertThat(planted.output()).startsWith("BAD: message_chain_first notes record " + first
                + " as the first record of application {to-come}, but that record does not name the application");
        tamper(data, "UPDATE message_chain_first SET seq = ? WHERE correlation_id = '{to-come}'", head + 1);
        Result beyond = verify(data);
        assertThat(beyond.exit()).as(beyond.output()).isEqualTo(LogVerifier.BAD);
        assertThat(beyond.output()).contains("application {to-come}, but it lies beyond the head");
    }

    /** The record with its binding of the application's first record changed to {@code first}. */
    private static ChainRecord rebound(ChainRecord r, long first) {
        List<String> ids = ChainRecord.applications(r.correlationId());
        if (!ids.contains(correlationId)) {
            return r;
        }
        List<String> firsts = new java.util.ArrayList<>(List.of(r.applicationFirsts().split(" ")));
        firsts.set(ids.indexOf(correlationId), String.valueOf(first));
        return new ChainRecord(r.seq(), r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                r.message(), r.prevHash(), null, String.join(" ", firsts));
    }

    /** Review finding 3: a middle record deleted, the rest renumbered and re-hashed: the noted head shows it. */
    @Test
    void aDeletedAndRenumberedRecordIsCaughtByTheNotedHead() throws IOException {
        Path data = copyOfRun();
        String noted = notedHead(data);
        long k = providerResult().seq();
        try (Database db = open(data)) {
            deleteAndRenumber(db, k);
            rehashFrom(db, k, r -> r);
        }
        assertThat(verify(data).exit()).as("without a noted head a re-hashed chain is consistent").isZero();
        Result whole = run("--data-dir", data.toString(), "--head", noted);
        assertThat(whole.exit()).as(whole.output()).isEqualTo(LogVerifier.BAD);
        assertThat(whole.output()).contains("noted head " + noted);
    }

    /**
     * The gateway had the chain's head time-stamped by the test НУЦ's authority (RFC 3161) as it moved: the tokens
     * verify, and the verdict says how far they reach; health reports the newest stamp.
     */
    @Test
    void theLogIsTimeStampedAsItGrowsAndTheStampsVerify() throws IOException {
        Path data = copyOfRun();
        long stamped;
        try (Database db = open(data)) {
            stamped = new ChainStamps(db).latest().orElseThrow().seq();
        }
        assertThat(stamped).isGreaterThan(application.get(application.size() - 1).seq());
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).contains("time-stamps verified; records 1 to " + stamped + " existed at")
                .contains("TEST NUC TIME-STAMPING AUTHORITY");
        assertThat(health).contains("\"logTimestamps\":{\"status\":\"UP\"").contains("time-stamped at");
    }

    /**
     * A record deleted, the rest renumbered and re-hashed and the head moved: consistent, and no head was noted, but
     * the time-stamps name the first stamped record whose hash is no longer the one stamped.
     */
    @Test
    void aRechainedLogIsCaughtByItsTimeStamps() throws IOException {
        Path data = copyOfRun();
        long k = providerResult().seq();
        long firstStampedAfter;
        try (Database db = open(data)) {
            firstStampedAfter = new ChainStamps(db).page(k - 1, 1).get(0).seq();
            deleteAndRenumber(db, k);
            rehashKeepingStamps(db, k, r -> r);
        }
        assertBad(data, firstStampedAfter, "time-stamped at");
        assertBad(data, firstStampedAfter, "the chain was rewritten at or before it and re-hashed");
    }

    /**
     * Session 26: the chain's last records deleted and the head moved back to the record before them, the time-stamps
     * left as they were: consistent up to the new head, but a genuine stamp names a record the chain no longer has.
     */
    @Test
    void aTailCutOffIsCaughtByTheTimeStampAfterIt() throws IOException {
        Path data = copyOfRun();
        long stamped;
        try (Database db = open(data)) {
            stamped = new ChainStamps(db).latest().orElseThrow().seq();
            long k = stamped - 1;
            String hash = new MessageChain(db).hashOf(k).orElseThrow();
            db.update("DELETE FROM message_chain_application WHERE seq > ?", k);
            db.update("DELETE FROM message_chain_first WHERE seq > ?", k);
            db.update("DELETE FROM message_chain WHERE seq > ?", k);
            db.update("UPDATE message_chain_head SET seq = ?, hash = ?", k, hash);
        }
        assertBad(data, stamped, "but the chain ends at record " + (stamped - 1) + ": records after it were removed");
    }

    /** A stamp whose token is another record's (a genuine token, of another hash), or not a token at all, is named. */
    @Test
    void aTimeStampThatIsNotTheRecordsIsNamed() throws IOException {
        Path data = copyOfRun();
        List<ChainStamps.Stamp> two;
        try (Database db = open(data)) {
            two = new ChainStamps(db).page(0, 2);
            db.update("UPDATE message_chain_stamp SET token = ? WHERE seq = ?", two.get(1).token(), two.get(0).seq());
        }
        assertBad(data, two.get(0).seq(), "its time-stamp does not verify: it stamps another value");
        tamper(data, "UPDATE message_chain_stamp SET token = ? WHERE seq = ?", new byte[] {0x30, 0x03, 1, 2, 3},
                two.get(0).seq());
        assertBad(data, two.get(0).seq(), "it is not an RFC 3161 time-stamp token");
    }

    /**
     * Review finding 3: a head noted earlier is checked on the untouched log that has grown since (the chain passes
     * through it), by the whole-log verification and an export's; a head that is not in the log, or no head at all in
     * the argument, is never "OK".
     */
    @Test
    void aHeadNotedEarlierIsCheckedOnceTheLogHasGrown() throws IOException {
        Path data = copyOfRun();
        ChainRecord earlier = providerResult();
        String noted = earlier.seq() + ":" + earlier.hash();
        Result whole = run("--data-dir", data.toString(), "--head", noted);
        assertThat(whole.exit()).as(whole.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(whole.output()).contains("passes through the noted head " + noted);
        assertThat(run("--data-dir", data.toString(), "--head", earlier.hash()).exit()).isEqualTo(LogVerifier.VERIFIED);

        Path export = exported(data, "application.zip");
        Result offline = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", noted);
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(offline.output()).contains("passes through the noted head " + noted)
                .contains("no record of application " + correlationId + " is left out");

        for (String wrong : new String[] {"0".repeat(64), earlier.seq() + ":" + "0".repeat(64),
                (earlier.seq() + 100_000) + ":" + earlier.hash()}) {
            Result w = run("--data-dir", data.toString(), "--head", wrong);
            assertThat(w.exit()).as(wrong + ": " + w.output()).isEqualTo(LogVerifier.BAD);
            Result e = run("--data-dir", data.toString(), "--verify-export", export.toString(), "--head", wrong);
            assertThat(e.exit()).as(wrong + ": " + e.output()).isEqualTo(LogVerifier.BAD);
        }
        Result garbled = run("--data-dir", data.toString(), "--head", "yesterday");
        assertThat(garbled.exit()).as(garbled.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(garbled.output()).contains("SEQ:HASH");
    }

    /**
     * Review finding 10: the signed getMessages answers that handed the application (and its updates) to the
     * provider are records of the application, and so in its export; the intake's state-system look-ups name it too.
     */
    @Test
    void theApplicationsRecordsHoldTheAnswersThatHandedItToTheProvider() throws IOException {
        Path data = copyOfRun();
        try (Database db = open(data)) {
            List<Long> carrying = db.query("SELECT seq FROM message_chain WHERE operation = 'getMessages'"
                    + " AND kind = 'ANSWER'", rs -> rs.getLong(1)).stream().filter(seq -> new String(messageOf(db, seq),
                    StandardCharsets.UTF_8).contains(correlationId)).toList();
            assertThat(carrying).isNotEmpty();
            assertThat(application).extracting(ChainRecord::seq).containsAll(carrying);
        }
        assertThat(application).filteredOn(r -> r.kind().equals(MessageChain.STATE_CALL))
                .allMatch(r -> correlationId.equals(r.correlationId()));
    }

    /**
     * Review finding 11: an application at the start of a long log is exported and verified in a small heap (a JVM of
     * its own with -Xmx{@value #SMALL_HEAP}), since both stream; the export grows by its link line per later record,
     * about a hash (the later records here name no application).
     */
    @Test
    void anEarlyApplicationsExportStreamsWhateverTheLogsLength() throws Exception {
        Path data = copyOfRun();
        int later = 100_000;
        try (Database db = open(data)) {
            MessageChain chain = new MessageChain(db);
            java.security.cert.X509Certificate signer = RecordCheck.certificate(chain.certificate(
                    application.get(0).certificateSha256()).orElseThrow());
            for (int batch = 0; batch < later / 1000; batch++) {
                int b = batch;
                db.inTransaction(() -> {
                    for (int i = 0; i < 1000; i++) {
                        chain.append(new MessageChain.Message(MessageChain.IN, MessageChain.REQUEST, "getMessages",
                                "PROVIDER", null, null, signer, ("<poll>" + b + "/" + i + "</poll>")
                                .getBytes(StandardCharsets.UTF_8)));
                    }
                    return null;
                });
            }
        }
        Path export = work.resolve("early.zip");
        Result exported = runInSmallHeap("--data-dir", data.toString(), "--export", correlationId, export.toString());
        assertThat(exported.exit()).as(exported.output()).isEqualTo(LogVerifier.VERIFIED);
        deleteTree(data.resolve("db"));
        Result verified = runInSmallHeap("--data-dir", data.toString(), "--verify-export", export.toString());
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).startsWith("OK: " + application.size() + " records verified");
        long size = Files.size(export);
        assertThat(size).as("bytes per later record").isLessThan(later * 64L);
    }

    private static final String SMALL_HEAP = "48m";

    /**
     * The command in a JVM of its own with a small heap (the same class path); one that runs out of heap fails, or
     * (collecting garbage endlessly) is stopped after {@code SMALL_HEAP_PATIENCE}.
     */
    private Result runInSmallHeap(String... args) throws Exception {
        return runApart(work, true, args);
    }

    /** As {@link #runInSmallHeap}, its output files in {@code work}. */
    static Result runInSmallHeap(Path work, String... args) throws Exception {
        return runApart(work, true, args);
    }

    private Result runApart(boolean withErrors, String... args) throws Exception {
        return runApart(work, withErrors, args);
    }

    /** As {@link #runInSmallHeap}; {@code withErrors}: standard error is part of the output, else it is left out. */
    private static Result runApart(Path work, boolean withErrors, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + SMALL_HEAP,
                "-cp", System.getProperty("java.class.path"), LogVerifier.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(work, "command", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile());
        Process process = (withErrors ? builder.redirectErrorStream(true)
                : builder.redirectError(Files.createTempFile(work, "command", ".err").toFile())).start();
        if (!process.waitFor(SMALL_HEAP_PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "did not finish within " + SMALL_HEAP_PATIENCE + " in a " + SMALL_HEAP + " heap");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private static final Duration SMALL_HEAP_PATIENCE = Duration.ofMinutes(3);

    /**
     * Session 21, as an operator reads the command: its standard output is the verdict's one line (Flyway's lines
     * came before it); with the store held by another process (the gateway running) it says so and how to verify
     * meanwhile, exit code 2: it did not check anything (it ended in a stack trace with exit code 1, "a bad record").
     */
    @Test
    void theCommandPrintsItsVerdictAloneAndAStoreInUseIsNotCalledBad() throws Exception {
        Path data = copyOfRun();
        Result verified = runApart(false, "--data-dir", data.toString());
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output().lines().toList()).as(verified.output()).hasSize(1);
        assertThat(verified.output()).startsWith("OK: ");
        try (Database held = open(data)) {
            Result inUse = runApart(false, "--data-dir", data.toString());
            assertThat(inUse.exit()).as(inUse.output()).isEqualTo(LogVerifier.USAGE);
            assertThat(inUse.output()).startsWith("cannot open the store in ").contains("stop the gateway first")
                    .contains("GET /message-log/verify").doesNotContain("Exception");
        }
    }

    /**
     * The verifier run right after the gateway was killed (kill -9): the dead process's lock file has a fresh heartbeat,
     * which HSQLDB takes for held for up to its heartbeat interval. The verifier waits that out, as a start does, and
     * verifies; it said the store was in use (stop the gateway first) though no gateway ran.
     */
    @Test
    void theCommandRightAfterACrashWaitsOutTheDeadGatewaysLock() throws Exception {
        Path data = copyOfRun();
        try (java.io.RandomAccessFile lock = new java.io.RandomAccessFile(data.resolve("db/qaqpa.lck").toFile(), "rw")) {
            lock.write("HSQLLOCK".getBytes(StandardCharsets.US_ASCII)); // HSQLDB's lock file: magic, then the heartbeat
            lock.writeLong(System.currentTimeMillis());
        }
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(verified.output()).startsWith("OK: ");
    }

    /**
     * Session 25: an auditor runs {@code --verify-export} on a file someone handed them. Each hostile form of the
     * application's export ends in BAD (1) or a refusal (2) with a plain line on the output, no control character in
     * it, never OK, allocating little more than the honest export's verification and within seconds: zip bombs (an
     * entry inflating to 1 GiB from 1 MB, whether it declares that size or a small one), a huge declared size, a name
     * twice (the verifier would read one, an unzip tool the other), names no export has (`../`, absolute, `./`, extra),
     * a manifest that lies, a record of something else spliced in with its real link, a certificate swapped, a link
     * line carrying terminal escapes, a truncated zip.
     */
    @Test
    void aHostileExportEndsBadOrRefusedInBoundedMemoryAndTime() throws IOException {
        Path data = copyOfRun();
        Path export = exported(data, "application.zip");
        Map<String, byte[]> entries = readZip(export);
        long k = request().seq();
        String message = "messages/" + k + ".xml";
        long honest = Allocations.during(() -> assertThat(run("--data-dir", data.toString(), "--verify-export",
                export.toString()).exit()).isEqualTo(LogVerifier.VERIFIED));

        Map<String, byte[]> hostile = new java.util.LinkedHashMap<>();
        byte[] forged = new String(entries.get(message), StandardCharsets.UTF_8).replace("MBU-050", "MBU-051")
                .getBytes(StandardCharsets.UTF_8);
        RawZip forgedFirst = new RawZip().stored(message, forged);
        entries.forEach(forgedFirst::stored);
        hostile.put("a message twice, the forged one first", forgedFirst.bytes());
        for (String name : new String[] {"../" + message, "/tmp/" + message, "messages/./" + k + ".xml", "readme.txt"}) {
            hostile.put("an extra entry " + name, zip(entries, null, z -> z.stored(name, forged)));
        }
        hostile.put("the records list naming one twice", zip(manifestWith(entries, m -> m.setProperty("records",
                m.getProperty("records") + "," + k)), null, z -> z));
        hostile.put("a record of something else spliced in with its link", zip(splicedLookUp(data, entries), null,
                z -> z));
        String certificate = entries.keySet().stream().filter(n -> n.startsWith("certificates/")).findFirst()
                .orElseThrow();
        hostile.put("a certificate swapped", zip(entries, certificate,
                z -> z.stored(certificate, encoded(anotherOrganisation.certificate()))));
        String links = new String(entries.get("links.txt"), StandardCharsets.US_ASCII);
        hostile.put("a link with terminal escapes", zip(entries, "links.txt", z -> z.stored("links.txt",
                links.replaceFirst(" ", " \u001b[2K\rOK: all verified ").getBytes(StandardCharsets.ISO_8859_1))));
        byte[] line = new byte[2 << 20];
        java.util.Arrays.fill(line, (byte) 'a');
        hostile.put("the manifest one 2 MiB line, stored", zip(entries, "manifest.properties",
                z -> z.stored("manifest.properties", line)));
        byte[] whole = Files.readAllBytes(export);
        hostile.put("a truncated zip", java.util.Arrays.copyOf(whole, whole.length / 2));
        // session 26: what a streaming reader (the local headers) shows is not what the central directory lists
        RawZip hiddenFirst = new RawZip().hidden(message, forged);
        entries.forEach(hiddenFirst::stored);
        hostile.put("a forged message hidden before the listed one (a local header the directory does not list)",
                hiddenFirst.bytes());
        hostile.put("a forged message hidden after the last listed entry", zip(entries, null,
                z -> z.hidden(message, forged)));
        hostile.put("the directory listing the entries in another order than they lie", zip(entries, null,
                RawZip::directoryReversed));
        hostile.put("bytes after the end record", zip(entries, null,
                z -> z.appended("PK\u0003\u0004 more".getBytes(StandardCharsets.ISO_8859_1))));

        hostile.put("a message inflating to 1 GiB, declared", zip(entries, message,
                z -> z.zeros(message, 1024, 1L << 30)));
        hostile.put("a message inflating to 1 GiB, declaring 1 KB", zip(entries, message,
                z -> z.zeros(message, 1024, 1024)));
        hostile.put("links.txt one 1 GiB line", zip(entries, "links.txt", z -> z.zeros("links.txt", 1024, 1L << 30)));
        hostile.put("links.txt declaring 4 GB", zip(entries, "links.txt",
                z -> z.declaring("links.txt", entries.get("links.txt"), 0xFFFFFFF0L)));
        hostile.put("the manifest one 1 GiB line", zip(entries, "manifest.properties",
                z -> z.zeros("manifest.properties", 1024, 1L << 30)));

        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        for (Map.Entry<String, byte[]> attack : hostile.entrySet()) {
            Path file = Files.write(work.resolve("hostile.zip"), attack.getValue());
            Result[] result = new Result[1];
            long started = System.nanoTime();
            long allocated;
            try {
                allocated = Allocations.during(() -> result[0] = run("--data-dir", data.toString(), "--verify-export",
                        file.toString()));
            } catch (OutOfMemoryError e) { // the verifier's, not the test's: say which case, go on with the others
                soft.fail(attack.getKey() + ": " + e);
                continue;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            soft.assertThat(result[0].exit()).as(attack.getKey() + ": " + result[0].output())
                    .isIn(LogVerifier.BAD, LogVerifier.USAGE);
            soft.assertThat(result[0].output()).as(attack.getKey()).matches("(BAD: |cannot read the export )\\P{Cntrl}*\\R")
                    .doesNotContain("Exception");
            soft.assertThat(allocated).as(attack.getKey() + ": bytes allocated").isLessThan(honest + (64L << 20));
            soft.assertThat(took).as(attack.getKey()).isLessThan(Duration.ofSeconds(20));
        }
        soft.assertAll();
    }

    /** The export's entries with {@code replaced} left out (null: none) and {@code change} adding entries after them. */
    private static byte[] zip(Map<String, byte[]> entries, String replaced,
                              java.util.function.UnaryOperator<RawZip> change) {
        RawZip zip = new RawZip();
        entries.forEach((name, bytes) -> {
            if (!name.equals(replaced)) {
                zip.stored(name, bytes);
            }
        });
        return change.apply(zip).bytes();
    }

    /** The export's entries with its manifest changed. */
    private static Map<String, byte[]> manifestWith(Map<String, byte[]> entries,
                                                    java.util.function.Consumer<java.util.Properties> change)
            throws IOException {
        java.util.Properties manifest = new java.util.Properties();
        manifest.load(new java.io.ByteArrayInputStream(entries.get("manifest.properties")));
        change.accept(manifest);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        manifest.store(text, null);
        Map<String, byte[]> changed = new java.util.LinkedHashMap<>(entries);
        changed.put("manifest.properties", text.toByteArray());
        return changed;
    }

    /**
     * The export with the ГБД ФЛ look-up's request (another sender's, of no application, logged while the application
     * ran) added as one of its records: its message, certificate and fields as the log holds them; its link was
     * already in links.txt.
     */
    private static Map<String, byte[]> splicedLookUp(Path data, Map<String, byte[]> entries) throws IOException {
        ChainRecord r;
        byte[] der;
        try (Database db = open(data)) {
            long seq = db.query("SELECT seq FROM message_chain WHERE kind = ? AND operation = ?", rs -> rs.getLong(1),
                    MessageChain.REQUEST, "SendMessage").get(0);
            r = new MessageChain(db).page(seq - 1, 1).get(0);
            der = new MessageChain(db).certificate(r.certificateSha256()).orElseThrow();
        }
        assertThat(r.seq()).isGreaterThan(application.get(0).seq());
        String[] fields = {"loggedAt", "direction", "kind", "operation", "peer", "sessionId", "correlationId",
                "signerSubject", "signerSerial", "certificateSha256", "messageSha256", "prevHash", "hash",
                "applicationFirsts", "hashVersion"};
        String[] values = {r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(), r.sessionId(),
                r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(), r.messageSha256(),
                r.prevHash(), r.hash(), r.applicationFirsts(), String.valueOf(r.hashVersion())};
        Map<String, byte[]> spliced = manifestWith(entries, m -> {
            for (int i = 0; i < fields.length; i++) {
                if (values[i] != null) {
                    m.setProperty("record." + r.seq() + "." + fields[i], values[i]);
                }
            }
            m.setProperty("records", m.getProperty("records") + "," + r.seq());
        });
        spliced.put("messages/" + r.seq() + ".xml", r.message());
        spliced.put("certificates/" + r.certificateSha256() + ".der", der);
        return spliced;
    }

    /**
     * Session 21, as an operator reads the command: a mistyped or unreadable export file, a zip that is no export, an
     * unknown argument and a correlationId without its braces (as in the console's URL) each get a plain answer.
     */
    @Test
    void anOperatorsSlipsGetPlainAnswers() throws IOException {
        Path data = copyOfRun();
        Result missing = run("--data-dir", data.toString(), "--verify-export", work.resolve("nope.zip").toString());
        assertThat(missing.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(missing.output()).contains("cannot read the export ").contains("nope.zip: no such file or directory");

        Path notZip = Files.writeString(work.resolve("notes.zip"), "not a zip");
        Result garbage = run("--data-dir", data.toString(), "--verify-export", notZip.toString());
        assertThat(garbage.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(garbage.output()).contains("notes.zip: it is not a zip file");

        Path empty = work.resolve("empty.zip");
        writeZip(empty, Map.of("readme.txt", new byte[0]));
        Result noManifest = run("--data-dir", data.toString(), "--verify-export", empty.toString());
        assertThat(noManifest.exit()).isEqualTo(LogVerifier.BAD);
        assertThat(noManifest.output()).isEqualToIgnoringNewLines("BAD: the export has no manifest.properties");

        Result unknown = run("--data-dir", data.toString(), "--verfy-export", empty.toString());
        assertThat(unknown.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(unknown.output()).contains("unknown argument --verfy-export").contains("usage: LogVerifier");

        Path export = work.resolve("application.zip");
        Result exported = run("--data-dir", data.toString(), "--export", correlationId.replaceAll("[{}]", ""),
                export.toString());
        assertThat(exported.exit()).as(exported.output()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(run("--data-dir", data.toString(), "--verify-export", export.toString()).exit())
                .isEqualTo(LogVerifier.VERIFIED);
        Result nothing = run("--data-dir", data.toString(), "--export", "{no-such-application}", export.toString());
        assertThat(nothing.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(nothing.output()).contains("nothing is logged for application {no-such-application}");
    }

    /**
     * Session 21: an evidence tool must not change what it verifies. The verifier reads the store as it is: this
     * version's store verifies and exports with none of its files changed, one that a crash left with a log to replay
     * included; a store of schema version 9 (as StoreUpgradeTest builds one) is not migrated but said to be older
     * (exit code 2: nothing was checked), its schema history and files unchanged; one whose schema is newer than the
     * verifier's is said to be newer, not read. The verifier used to migrate every store it opened.
     */
    @Test
    void theVerifierChangesNoFileOfTheStoreItReads() throws Exception {
        Path data = copyOfRun();
        Path db = data.resolve("db");
        Map<String, String> before = storeFiles(db);
        assertThat(verify(data).exit()).isEqualTo(LogVerifier.VERIFIED);
        Path export = exported(data, "application.zip");
        assertThat(storeFiles(db)).isEqualTo(before);

        Path crashed = crashImage(data);
        Map<String, String> crashedBefore = storeFiles(crashed.resolve("db"));
        assertThat(crashedBefore).containsKey("qaqpa.log");
        assertThat(verify(crashed).exit()).isEqualTo(LogVerifier.VERIFIED);
        assertThat(storeFiles(crashed.resolve("db"))).isEqualTo(crashedBefore);

        deleteTree(db);
        sql(OlderStores.atVersion(db.toString(), "9"), "SHUTDOWN");
        before = storeFiles(db);
        Result verdict = verify(data);
        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(verdict.output()).contains("schema is at version 9, older than this build's version " + LATEST_STORE_VERSION)
                .doesNotContain("Exception");
        assertThat(storeFiles(db)).isEqualTo(before);
        assertThat(OlderStores.schemaVersions(OlderStores.readOnly(db)))
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");

        Path newer = copyOfRun("newer");
        try (Database store = open(newer)) {
            store.update("INSERT INTO \"flyway_schema_history\" SELECT \"installed_rank\" + 1, '99', 'later',"
                    + " \"type\", 'V99__later.sql', \"checksum\", \"installed_by\", \"installed_on\", 0, 1"
                    + " FROM \"flyway_schema_history\" WHERE \"installed_rank\" = (SELECT MAX(\"installed_rank\")"
                    + " FROM \"flyway_schema_history\")");
        }
        before = storeFiles(newer.resolve("db"));
        verdict = verify(newer);
        assertThat(verdict.exit()).as(verdict.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(verdict.output()).contains("schema is at version 99, newer than this build's version " + LATEST_STORE_VERSION);
        assertThat(storeFiles(newer.resolve("db"))).isEqualTo(before);
    }

    /**
     * Session 21: an export that fails half-way (here a signer certificate missing from the store, found after the
     * manifest and the messages were written) leaves no file behind, neither a partial zip under the export's name
     * nor its temporary file, and an earlier file of that name stays as it was; the failure is said plainly (exit
     * code 2). A partial zip used to stay where the export was asked for.
     */
    @Test
    void aFailedExportLeavesNoFile() throws IOException {
        Path data = copyOfRun();
        tamper(data, "DELETE FROM log_certificate WHERE sha256 = ?", application.get(application.size() - 1)
                .certificateSha256());
        Path exports = Files.createDirectories(work.resolve("exports"));
        Path export = exports.resolve("application.zip");
        Result failed = run("--data-dir", data.toString(), "--export", correlationId, export.toString());
        assertThat(failed.exit()).as(failed.output()).isEqualTo(LogVerifier.USAGE);
        assertThat(failed.output()).startsWith("cannot export application " + correlationId)
                .contains("is not in the store").doesNotContain("Exception");
        try (Stream<Path> left = Files.list(exports)) {
            assertThat(left.toList()).isEmpty();
        }

        Files.writeString(export, "an earlier export");
        assertThat(run("--data-dir", data.toString(), "--export", correlationId, export.toString()).exit())
                .isEqualTo(LogVerifier.USAGE);
        assertThat(Files.readString(export)).isEqualTo("an earlier export");
        try (Stream<Path> left = Files.list(exports)) {
            assertThat(left.toList()).containsExactly(export);
        }
    }

    /** Each file of a store by name: its size, modification time and SHA-256. */
    private static Map<String, String> storeFiles(Path db) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(db)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(db.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis()
                        + " " + Sha256.hex(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    /** A data directory whose store is the files of a store still open (as a crash leaves them: with a log). */
    private Path crashImage(Path data) throws IOException {
        try (Database open = open(data)) {
            open.update("UPDATE message_chain_head SET seq = seq");
            return copyTree(data, work.resolve("crashed"));
        }
    }

    /** The schema versions in a store's history, read without changing it. */
    private static void sql(String url, String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "SA", "");
             java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void aDirectoryWithoutTrustedCertificatesIsRefusedClearly() {
        Result result = run("--data-dir", work.resolve("nothing-here").toString());
        assertThat(result.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(result.output()).contains("no trusted certificates");
    }

    @Test
    void aDataDirectoryWithoutAStoreIsNotVerifiedAsAnEmptyLog() throws IOException {
        Path data = copyOfRun();
        deleteTree(data.resolve("db"));
        Result result = verify(data);
        assertThat(result.exit()).isEqualTo(LogVerifier.USAGE);
        assertThat(result.output()).contains("no store");
    }

    @Test
    void theOperatorConsoleVerifiesAndExportsWhileTheGatewayRuns() throws IOException {
        assertThat(consoleVerify.status()).isEqualTo(200);
        assertThat(new String(consoleVerify.body(), StandardCharsets.UTF_8)).startsWith("OK:");
        assertThat(consoleVerifyNoted.status()).isEqualTo(200);
        assertThat(new String(consoleVerifyNoted.body(), StandardCharsets.UTF_8)).contains("passes through the noted head");
        assertThat(consoleVerifyOtherHead.status()).isEqualTo(409);
        assertThat(consoleVerifyGarbled.status()).isEqualTo(400);
        assertThat(consoleExport.status()).isEqualTo(200);
        Path export = work.resolve("from-console.zip");
        Files.write(export, consoleExport.body());
        Result offline = run("--data-dir", copyOfRun().toString(), "--verify-export", export.toString());
        assertThat(offline.exit()).as(offline.output()).isEqualTo(LogVerifier.VERIFIED);
    }

    private record Console(int status, byte[] body) {
    }

    /** A GET of the console's {@code url}, presenting {@code authorization} (its token). */
    private static Console get(String url, String authorization) {
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
            http.setRequestProperty("Authorization", authorization);
            int status = http.getResponseCode();
            try (java.io.InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                return new Console(status, in.readAllBytes());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The provider's RESPONSE (the signed result) as logged. */
    private static ChainRecord providerResult() {
        return application.stream().filter(r -> r.kind().equals(MessageChain.REQUEST)
                        && "sendMessage".equals(r.operation())
                        && new String(r.message(), StandardCharsets.UTF_8).contains("RESPONSE"))
                .findFirst().orElseThrow();
    }

    /** The head as the verification prints it for noting ({@code seq:hash}). */
    private static String notedHead(Path data) {
        Result verified = verify(data);
        assertThat(verified.exit()).as(verified.output()).isZero();
        return headOf(verified.output());
    }

    /** {@code seq:hash} from "… head is record N with hash H …". */
    static String headOf(String verdict) {
        return verdict.replaceAll("(?s).*head is record (\\d+) with hash ([0-9a-f]{64}).*", "$1:$2");
    }

    /** Deletes record {@code k} and numbers the records after it one lower, the head too (not re-hashed yet). */
    private static void deleteAndRenumber(Database db, long k) {
        long last = new MessageChain(db).head().seq();
        db.update("DELETE FROM message_chain WHERE seq = ?", k);
        for (long seq = k + 1; seq <= last; seq++) {
            db.update("UPDATE message_chain SET seq = ? WHERE seq = ?", seq - 1, seq);
        }
        db.update("UPDATE message_chain_head SET seq = ?", last - 1);
    }

    /**
     * Recomputes the chain from record {@code k} on, with {@code change} applied to each record, as a forger would, and
     * removes the time-stamps of those records, which would name the first (a forger who can write the store can; what
     * the stamps show is tested on its own: aRechainedLogIsCaughtByItsTimeStamps).
     */
    private static void rehashFrom(Database db, long k, java.util.function.UnaryOperator<ChainRecord> change) {
        rehashKeepingStamps(db, k, change);
        db.update("DELETE FROM message_chain_stamp WHERE seq >= ?", k);
    }

    /** {@link #rehashFrom} leaving the time-stamps as they are. */
    private static void rehashKeepingStamps(Database db, long k, java.util.function.UnaryOperator<ChainRecord> change) {
        MessageChain chain = new MessageChain(db);
        String prev = k > 1 ? chain.page(k - 2, 1).get(0).hash() : ChainRecord.GENESIS;
        for (ChainRecord r0 : chain.page(k - 1, Integer.MAX_VALUE)) {
            ChainRecord r = change.apply(r0);
            ChainRecord re = new ChainRecord(r.seq(), r.loggedAt(), r.direction(), r.kind(), r.operation(), r.peer(),
                    r.sessionId(), r.correlationId(), r.signerSubject(), r.signerSerial(), r.certificateSha256(),
                    r.messageSha256(), r.message(), prev, null, r.applicationFirsts())
                    .withHash(); // the current formula, as the gateway writes
            db.update("UPDATE message_chain SET correlation_id = ?, application_firsts = ?, prev_hash = ?, hash = ?"
                    + " WHERE seq = ?", re.correlationId(), re.applicationFirsts(), re.prevHash(), re.hash(), re.seq());
            prev = re.hash();
        }
        db.update("UPDATE message_chain_head SET hash = ?", prev);
    }

    static Map<String, byte[]> readZip(Path zip) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static void writeZip(Path zip, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    private static ChainRecord request() {
        return application.stream().filter(r -> r.kind().equals(MessageChain.REQUEST)).findFirst().orElseThrow();
    }

    /** Runs one statement on a copied store, as someone with write access to its files would. */
    private static void tamper(Path data, String statement, Object... parameters) {
        try (Database db = open(data)) {
            db.update(statement, parameters);
        }
    }

    private void assertBad(Path data, long record, String why) {
        Result result = verify(data);
        assertThat(result.exit()).as(result.output()).isEqualTo(LogVerifier.BAD);
        assertThat(result.output()).contains("BAD: record " + record + ":").contains(why);
    }

    record Result(int exit, String output) {
    }

    private static Result verify(Path data) {
        return run("--data-dir", data.toString());
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = LogVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    static Database open(Path data) {
        return Database.hsqldbFile(data.resolve("db").toString(), 1);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] messageOf(Database db, long seq) {
        return new MessageChain(db).record(seq).orElseThrow().message();
    }

    /** The stopped gateway's data directory (store and test PKI) copied, so each test tampers with its own. */
    /** The application's export of {@code data}, written as {@code name} in the work directory without a fault. */
    private Path exported(Path data, String name) {
        Path export = work.resolve(name);
        assertThat(run("--data-dir", data.toString(), "--export", correlationId, export.toString()).exit()).isZero();
        return export;
    }

    private Path copyOfRun() throws IOException {
        return copyOfRun("data");
    }

    /** As {@link #copyOfRun()}, into {@code name}: a second copy in the same test. */
    private Path copyOfRun(String name) throws IOException {
        return copyTree(runDir, work.resolve(name));
    }

    /** Copies a directory tree but for HSQLDB's lock files (a copy of an open store is then as a crash leaves it). */
    static Path copyTree(Path from, Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(p -> !p.toString().endsWith(".lck")).toList()) {
                Path to = copy.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return copy;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Copies a zip, flipping one byte in the middle of {@code entry}. */
    static void rewriteZip(Path from, Path to, String entry) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsKey(entry);
        entries.get(entry)[entries.get(entry).length / 2] ^= 1;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    private static int latestStoreVersion() {
        try (var files = Files.list(Path.of(MessageLogTest.class.getResource("/store/migration").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ops42: the verifier, a command of its own, writes java.util.logging (Santuario's warnings) through SLF4J as the
     * gateway does (monitoring.JavaLogging), so those lines come on standard error in its log's format, not on the
     * JDK's console handler in two lines of the machine's zone. Before: only the gateway installed the bridge.
     */
    @Test
    void theVerifierWritesJavaLoggingThroughItsOwnLog() {
        org.slf4j.bridge.SLF4JBridgeHandler.uninstall();
        run("--no-such-option");
        assertThat(org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()).as("JUL bridged to SLF4J").isTrue();
    }
}
