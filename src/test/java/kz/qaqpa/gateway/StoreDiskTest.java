package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.ChainRecord;
import kz.qaqpa.store.MessageChain;
import kz.qaqpa.store.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's disk: short of the space kept free (qaqpa.store.min-free-bytes) the gateway takes no new application
 * and says so (SCE912, send again later; health DOWN); a disk that is really full makes a write fail, which is
 * answered the same way, nothing half-stored, and the gateway takes applications again once there is room.
 */
class StoreDiskTest {
    @TempDir
    Path dataDir;

    @Test
    void aDiskShortOfTheSpaceKeptFreeTakesNoNewApplication() throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        GatewayHarness gateway = new GatewayHarness(dataDir)
                .with("qaqpa.store.min-free-bytes", Long.toString(free + (1L << 40))).start();
        try {
            assertThatThrownBy(() -> submit(gateway, "short-1")).isInstanceOfSatisfying(
                    SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE912"));
            assertThat(refusalOfStatus(gateway, "short-1")).as("nothing stored").isEqualTo("SCE030");
            // a sync look-up is new work too; a status query is not (answered: the message is unknown)
            SignedSoapClient portal = new SignedSoapClient(gateway.pki().key("portal"), gateway.gatewayCheck(),
                    Duration.ofSeconds(30));
            PersonRequest person = new PersonRequest();
            person.setIin("850315401201");
            assertThatThrownBy(() -> portal.call(gateway.syncUrl(), SyncMessages.sendMessage(UUID.randomUUID()
                    .toString(), "GBDFL_PERSON", null, "PORTAL", "portal-secret", ShepXml.toElement(person))))
                    .isInstanceOfSatisfying(SignedSoapClient.RemoteFault.class,
                            f -> assertThat(f.code()).isEqualTo("SCE912"));
            assertThat(get(gateway, "qaqpa.monitoring.port", "/health")).contains("\"store\":{\"status\":\"DOWN\"");
            assertThat(get(gateway, "qaqpa.operator.port", "/health")).contains("\"store\":{\"status\":\"DOWN\"",
                    "MB kept free (qaqpa.store.min-free-bytes): new applications are refused (SCE912)");
            assertThat(get(gateway, "qaqpa.monitoring.port", "/metrics"))
                    .containsPattern("(?m)^qaqpa_store_free_bytes [1-9]");
        } finally {
            gateway.stop();
        }
    }

    /**
     * SCE912 says "send again later", and a sender does: while the disk is short, an application refused for it must
     * take none of the space kept free. Its request (up to qaqpa.max-message-bytes) is not logged, only the fault.
     */
    @Test
    void anApplicationRefusedForTheDiskIsNotWrittenToIt() throws IOException {
        GatewayHarness gateway = shortOfTheSpaceKeptFree();
        try {
            long before = gateway.assembly().messageChain().head().seq();
            for (int attempt = 1; attempt <= 3; attempt++) {
                String messageId = "short-again-" + attempt;
                assertThatThrownBy(() -> submit(gateway, messageId)).isInstanceOfSatisfying(
                        SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE912"));
            }
            List<ChainRecord> logged = gateway.assembly().messageChain().page(before, Integer.MAX_VALUE);
            assertThat(logged).as("the three faults, not the applications refused")
                    .filteredOn(r -> "sendMessage".equals(r.operation())).extracting(ChainRecord::kind)
                    .containsExactly(MessageChain.FAULT, MessageChain.FAULT, MessageChain.FAULT);
        } finally {
            gateway.stop();
        }
    }

    /**
     * attack48: a request refused before its sender is known (not XML, not signed) logs the gateway's signed fault,
     * a few KB, and anyone who can reach the port may send them without end. While the disk is short those records
     * took the space kept free for the applications already taken (a flood of refusals filled the disk, then their
     * results and callbacks failed). The fault is still answered; it is not logged while the disk is short.
     */
    @Test
    void aRequestRefusedBeforeItsSenderIsKnownIsNotWrittenWhileTheDiskIsShort() throws IOException {
        GatewayHarness gateway = shortOfTheSpaceKeptFree();
        try (LogLines log = new LogLines()) {
            long before = gateway.assembly().messageChain().head().seq();
            byte[] notXml = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><"
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                ShepAnswers.assertFaultCode(gateway, RawSoap.post(gateway.asyncUrl(), notXml), "SCE001");
            }
            SampleApplication sample = SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050");
            org.w3c.dom.Document unsigned = RawSoap.envelope(gateway.client(Channel.EASTANA).request(gateway.signed(sample),
                    "unsigned-1"));
            ShepAnswers.assertFaultCode(gateway, RawSoap.post(gateway.asyncUrl(), unsigned), "SCE007");
            assertThat(gateway.assembly().messageChain().page(before, Integer.MAX_VALUE))
                    .as("no fault to a sender nobody knows takes the space kept free (the mocks' polls go on)")
                    .filteredOn(r -> r.peer() == null).isEmpty();
            // attack49 (the lead's note of session 48): the line saying so comes once while the disk stays short,
            // not beside every refusal's own line (a flood wrote two lines a request)
            assertThat(log.containing("not put in the message log")).as("one line for the four faults").hasSize(1);
        } finally {
            gateway.stop();
        }
    }

    /** A real full disk ({@link SmallDisk}: where this machine lets the test mount one). */
    @Test
    void aFullDiskIsAnOutageTheSenderWaitsOut() throws Exception {
        Path disk = Files.createDirectory(dataDir.resolve("small-disk"));
        try (SmallDisk small = SmallDisk.mount(disk, 48)) {
            GatewayHarness gateway = new GatewayHarness(disk.resolve("data"))
                    .with("qaqpa.store.min-free-bytes", "0").with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
            try {
                assertThat(submit(gateway, "full-1")).startsWith("{");
                Path filler = disk.resolve("filler");
                small.fill(filler);
                // every answer is logged first: one whose record cannot reach the disk is not given
                assertThat(refusalOfStatus(gateway, "full-1")).isEqualTo("SCE912");
                assertThatThrownBy(() -> submit(gateway, "full-2")).isInstanceOfSatisfying(
                        SignedSoapClient.RemoteFault.class, f -> assertThat(f.code()).isEqualTo("SCE912"));
                assertThat(refusalOfStatus(gateway, "full-2")).as("nothing stored").isEqualTo("SCE030");
                assertThat(get(gateway, "qaqpa.monitoring.port", "/health"))
                        .contains("\"store\":{\"status\":\"DOWN\"");
                Files.delete(filler);
                assertThat(refusalOfStatus(gateway, "full-1")).isEqualTo("answered ACCEPTED");
                assertThat(submit(gateway, "full-3")).startsWith("{");
            } finally {
                gateway.stop();
            }
            gateway.start();
            try {
                // kept (the provider's office may have taken them since): answered, whatever their status now
                assertThat(refusalOfStatus(gateway, "full-1")).startsWith("answered ");
                assertThat(refusalOfStatus(gateway, "full-3")).startsWith("answered ");
                assertThat(refusalOfStatus(gateway, "full-2")).isEqualTo("SCE030");
            } finally {
                gateway.stop();
            }
        }
    }

    /**
     * A backup (POST :8089/store/backup, into qaqpa.backup.dir, by default on the store's disk) is a copy of the whole
     * store: one that does not fit is refused before it writes anything (it had filled the disk half-way and failed
     * with a bare 500, its half left behind); taken once there is room, and the gateway goes on.
     */
    @Test
    void aBackupTheDiskHasNoRoomForIsRefusedAndTheGatewayGoesOn() throws Exception {
        Path disk = Files.createDirectory(dataDir.resolve("small-disk"));
        try (SmallDisk small = SmallDisk.mount(disk, 48)) {
            GatewayHarness gateway = new GatewayHarness(disk.resolve("data"))
                    .with("qaqpa.store.min-free-bytes", "0").with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
            try {
                assertThat(submit(gateway, "backup-1")).startsWith("{");
                long store;
                try (var files = Files.list(disk.resolve("data").resolve("db"))) {
                    store = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
                Path filler = disk.resolve("filler");
                small.fill(filler);
                // a quarter of the store's files, at most 64 KB: their size after one application varies by a few
                // tens of KB (235 KB once in a clean-clone run, where a fixed 64 KB asked for more than 256 KB)
                long room = Math.min(64 * 1024, store / 4);
                assertThat(room).as("room for the log's next records").isGreaterThanOrEqualTo(32 * 1024);
                try (var out = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
                    out.truncate(out.size() - room); // room for the log's next records, not for a copy of the store
                }
                var refused = post(gateway, "/store/backup");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
                assertThat(refused.body()).contains("no backup taken", "free");
                assertThat(disk.resolve("data").resolve("backup")).as("nothing of it written")
                        .satisfiesAnyOf(b -> assertThat(b).doesNotExist(), b -> assertThat(b).isEmptyDirectory());
                Files.delete(filler);
                var taken = post(gateway, "/store/backup");
                assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
                assertThat(submit(gateway, "backup-2")).startsWith("{");
            } finally {
                gateway.stop();
            }
        }
    }

    /** A gateway whose disk is short of the space kept free from the start (it keeps more than the disk has). */
    private GatewayHarness shortOfTheSpaceKeptFree() throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        return new GatewayHarness(dataDir).with("qaqpa.store.min-free-bytes", Long.toString(free + (1L << 40)))
                .with("qaqpa.mocks.provider.poll-interval", "PT1H").start();
    }

    private static java.net.http.HttpResponse<String> post(GatewayHarness gateway, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(gateway.consoleRequest(path)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String submit(GatewayHarness gateway, String messageId) {
        SampleApplication sample = SampleApplication.on(Channel.EASTANA).kindergartens("MBU-050");
        return gateway.client(Channel.EASTANA).submit(gateway.signed(sample), messageId).getCorrelationId();
    }

    private static String refusalOfStatus(GatewayHarness gateway, String messageId) {
        try {
            return "answered " + gateway.client(Channel.EASTANA).status(messageId).getStatus().getStatusCode();
        } catch (SignedSoapClient.RemoteFault f) {
            return f.code();
        }
    }

    /** GET {@code path} on the port the setting {@code port} names (monitoring or the operator console). */
    private static String get(GatewayHarness gateway, String port, String path) throws IOException {
        var http = (java.net.HttpURLConnection) URI.create("http://localhost:"
                + gateway.property(port) + path).toURL().openConnection();
        if (port.equals("qaqpa.operator.port")) {
            http.setRequestProperty("Authorization", gateway.consoleAuthorization()); // ops45: the console asks its token
        }
        int status = http.getResponseCode();
        try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
