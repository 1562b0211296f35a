package kz.qaqpa.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.stream.Stream;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;

/**
 * suite53: a test PKI issued once per test JVM, copied into the data directory of a gateway whose start a test expects
 * refused. Issuing one (some 90 RSA and GOST keys, each in a PKCS#12 file) was most of such a start's time, paid again
 * for every case; the gateway opens what its data directory holds (as {@link ProcessWorld} has it issued here). The
 * certificates name the template's port as their OCSP and CRL address, so a gateway that serves on the copy must run
 * its test PKI on that port: one such gateway at a time in this JVM ({@link #lease}, suite65). Removed by a shutdown
 * hook.
 */
final class IssuedTestPki {
    /** A local connection is accepted at once by a listening server; a refused one fails at once too. */
    private static final int CONNECT_WITHIN_MS = 1000;
    private static Path template;
    private static int templatePort;
    /** The gateway that serves the template's port, or may again (stopped, not closed); weak: a dropped one frees it. */
    private static WeakReference<Holder> holder = new WeakReference<>(null);

    /**
     * What may serve the template's port: a test gateway in this JVM ({@link GatewayHarness}) or one in a JVM of its
     * own ({@link GatewayProcess}: ProcessWorld's, a forked start's; suite66).
     */
    interface Holder {
        /** Whether it serves the port now (started, not stopped or killed since). */
        boolean running();

        /** Its data directory: once gone, a stopped holder can never serve again. */
        Path dataDir();
    }

    private IssuedTestPki() {
    }

    /** Copies the template's files into {@code dataDir}/pki, where the gateway's test PKI lives. */
    static void copyInto(Path dataDir) {
        Path pki = dataDir.resolve("pki");
        try (Stream<Path> files = Files.list(template())) {
            Files.createDirectories(pki);
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, pki.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * suite65: the template copied into {@code dataDir} for {@code gateway} to serve, and the port its test PKI must
     * listen on; empty while another gateway of this JVM holds that port (it then issues a PKI of its own, as before).
     * A stopped holder whose data directory is gone cannot serve again; one no test can reach any longer (a test
     * that ended on stop(), not close()) is collected first.
     */
    static synchronized OptionalInt lease(Holder gateway, Path dataDir) {
        Holder current = holder.get();
        if (current != null && current != gateway && !current.running()) {
            boolean dataGone = !Files.exists(current.dataDir());
            current = null;
            if (!dataGone) {
                System.gc(); // a weak reference is cleared by a collection only
                current = holder.get();
            }
        }
        if (current != null && current != gateway) {
            return OptionalInt.empty();
        }
        if (template != null && listenedOn(templatePort)) {
            // no gateway here holds the port, yet something listens: another process took it (a refused start
            // stops its test PKI's server since leak67). A template of its own, on another port
            template = null;
        }
        try {
            copyInto(dataDir);
        } catch (UncheckedIOException e) {
            // a directory the gateway cannot use either: its start says so, as it did without a copy
            if (Files.exists(dataDir.resolve("pki"))) {
                TemporaryDirectory.delete(dataDir.resolve("pki"));
            }
            return OptionalInt.empty();
        }
        holder = new WeakReference<>(gateway);
        return OptionalInt.of(templatePort);
    }

    /**
     * A restart of {@code gateway}, or a gateway a test put on {@code port} itself: when that is the template's port,
     * it holds it again, which no other gateway of this JVM may be serving.
     */
    static synchronized void reclaimIfServing(Holder gateway, String port) {
        if (template == null || !String.valueOf(templatePort).equals(port)) {
            return;
        }
        Holder current = holder.get();
        if (current != null && current != gateway && current.running()) {
            throw new IllegalStateException("two test gateways on the issued test PKI's port " + templatePort
                    + ": stop the other first");
        }
        holder = new WeakReference<>(gateway);
    }

    /** {@code gateway} is closed: the template's port is free for the next one. */
    static synchronized void release(Holder gateway) {
        if (holder.get() == gateway) {
            holder = new WeakReference<>(null);
        }
    }

    /** Whether something accepts connections on {@code port} here (a server left listening, another process's). */
    static boolean listenedOn(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_WITHIN_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The gateway's keystore password, as ProcessWorld reads it: the template's files are opened with it. */
    static String password() {
        return kz.qaqpa.TestResources.properties("application.properties").getProperty("qaqpa.keystore.password").trim();
    }

    private static synchronized Path template() {
        if (template == null) {
            Path dir = TemporaryDirectory.create("qaqpa-issued-pki");
            templatePort = PkiServer.freePort();
            TestPki.openOrCreate(dir, password().toCharArray(), "http://localhost:" + templatePort, Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TemporaryDirectory.delete(dir)));
            template = dir;
        }
        return template;
    }
}
