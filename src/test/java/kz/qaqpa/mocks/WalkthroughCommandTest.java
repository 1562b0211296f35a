package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.mocks.walkthrough.Walkthrough;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough command given what a newcomer may type: each mistake is one line naming it and the usage,
 * exit code 2, nothing sent and no PKI created (the walkthrough on a running gateway: InteropTest).
 */
class WalkthroughCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void withoutTheGatewaysTestPkiItSaysWhereItLookedAndExitsWith2() throws Exception {
        String err = refused(2, "PORTAL", "referral");

        assertThat(err).contains("walkthrough: no test PKI in " + dataDir.resolve("pki").toAbsolutePath(),
                "start the gateway first");
        assertThat(dataDir.resolve("pki")).doesNotExist();
    }

    @Test
    void anUnknownChannelIsNamedWithTheChannelsThereAre() throws Exception {
        assertThat(refused(2, "WEB", "referral")).contains("walkthrough: no channel WEB: PORTAL, CON, ZHAO or EASTANA");
    }

    @Test
    void anUnknownScenarioIsNamedWithTheScenariosThereAre() throws Exception {
        assertThat(refused(2, "PORTAL", "approve")).contains("walkthrough: scenario must be referral, queue, refusal, certificate or representative");
    }

    /** Until session 28 "--save" without a file sent the application instead of saving it. */
    @Test
    void saveWithoutAFileIsRefusedNotSent() throws Exception {
        assertThat(refused(2, "PORTAL", "queue", "--save")).contains("walkthrough: after the scenario only --save FILE");
    }

    /**
     * Session 28 review (attack12): "--save" into a directory that does not exist. Before: taken, and with the
     * gateway's PKI there the write ended, after the signing, in a NoSuchFileException's stack trace.
     */
    @Test
    void saveIntoNoDirectoryIsRefused() throws Exception {
        Path nowhere = dataDir.resolve("missing").resolve("application.xml");
        assertThat(refused(2, "PORTAL", "queue", "--save", nowhere.toString()))
                .contains("walkthrough: --save " + nowhere + ": no directory " + nowhere.getParent());
    }

    /**
     * The README's walkthrough run while the gateway is not (yet) listening: one line naming the address and what to
     * do, exit code 1; until session 33 a stack trace of SignedSoapClient (ops20).
     */
    @Test
    void aGatewayNotListeningIsOneLineNotAStackTrace() throws Exception {
        Settings settings = Settings.standalone(Map.of("qaqpa.data-dir", dataDir.toString(),
                "qaqpa.http.port", String.valueOf(kz.qaqpa.mocks.pki.PkiServer.freePort())));
        kz.qaqpa.mocks.pki.TestPki.openOrCreate(dataDir.resolve("pki"),
                settings.get("qaqpa.keystore.password").toCharArray(), "http://localhost:1", java.time.Clock.systemUTC());
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Walkthrough.command(new String[] {"PORTAL", "queue"}, settings,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String written = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(1);
        assertThat(written.lines()).singleElement().asString().startsWith("walkthrough: ")
                .contains("cannot reach http://localhost:" + settings.get("qaqpa.http.port"), "is the gateway running");
    }

    /** Runs the command on an empty data directory; returns what it wrote on standard error, a line and the usage. */
    private String refused(int exitCode, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Settings settings = Settings.standalone(Map.of("qaqpa.data-dir", dataDir.toString()));

        int exit = Walkthrough.command(args, settings, new PrintStream(err, true, StandardCharsets.UTF_8));

        String written = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(exitCode);
        assertThat(written.lines()).hasSize(2).last().asString().startsWith("usage: Walkthrough");
        assertThat(written).doesNotContain("\tat ", "Exception");
        return written;
    }
}
