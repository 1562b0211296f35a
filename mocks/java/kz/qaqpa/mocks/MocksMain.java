package kz.qaqpa.mocks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;

/**
 * Runs the mocked state systems alone, next to a gateway started separately. Every setting is a system property
 * (or the first argument for the gateway URL); the defaults match src/main/resources/application.properties:
 * <pre>
 *   qaqpa.pki.dir            data/pki            test НУЦ directory (created when missing, shared with the gateway)
 *   qaqpa.pki.password       qaqpa-test
 *   qaqpa.pki.port           8190                serves CRL/OCSP when qaqpa.pki.serve=true
 *   qaqpa.pki.serve          false               also run the test НУЦ HTTP server (when the gateway does not)
 *   qaqpa.mocks.data-dir     data/mocks          provider back office database
 *   qaqpa.mocks.gbdfl.port   8181   qaqpa.mocks.enis.port 8182
 *   qaqpa.mocks.portal.port  8183   qaqpa.mocks.con.port 8184   qaqpa.mocks.eastana.port 8185
 *   qaqpa.mocks.gbdul.port   8186   qaqpa.mocks.archive.port 8187
 *   qaqpa.gateway.async-url  http://localhost:8080/shep/async   ("none" = no provider back office)
 *   qaqpa.provider.sender-id EASTANA   qaqpa.provider.password eastana-secret
 *   qaqpa.mocks.provider.poll-interval PT10S
 *   qaqpa.mocks.provider.workers       4
 * </pre>
 */
public final class MocksMain {
    private MocksMain() {
    }

    public static void main(String[] args) throws Exception {
        Path pkiDir = Path.of(property("qaqpa.pki.dir", "data/pki"));
        char[] password = property("qaqpa.pki.password", "qaqpa-test").toCharArray();
        int pkiPort = Integer.parseInt(property("qaqpa.pki.port", "8190"));
        TestPki pki = TestPki.openOrCreate(pkiDir, password, "http://localhost:" + pkiPort, Clock.systemUTC());
        PkiServer pkiServer = Boolean.parseBoolean(property("qaqpa.pki.serve", "false")) ? new PkiServer(pki, pkiPort).start() : null;

        String gateway = args.length > 0 ? args[0] : property("qaqpa.gateway.async-url", "http://localhost:8080/shep/async");
        MockSystems.Config config = new MockSystems.Config(pki, Path.of(property("qaqpa.mocks.data-dir", "data/mocks")),
                port("gbdfl", 8181), port("enis", 8182), port("portal", 8183), port("con", 8184), port("eastana", 8185),
                "none".equals(gateway) ? null : gateway,
                property("qaqpa.provider.sender-id", "EASTANA"), property("qaqpa.provider.password", "eastana-secret"),
                Duration.parse(property("qaqpa.mocks.provider.poll-interval", "PT10S")), port("gbdul", 8186), port("archive", 8187),
                Integer.parseInt(property("qaqpa.mocks.provider.workers", String.valueOf(MockSystems.Config.DEFAULT_PROVIDER_WORKERS))),
                Clock.systemUTC()); // alone, beside a gateway of its own: its clock is not ours to share
        MockSystems systems = MockSystems.start(config);
        System.out.println("ГБД ФЛ   " + systems.gbdflUrl());
        System.out.println("ГБД ЮЛ   " + systems.gbdul().url());
        System.out.println("ЕНИС     " + systems.enisUrl());
        System.out.println("portal   " + systems.portal().url() + "   history " + systems.portal().historyUrl());
        System.out.println("ЦОН      " + systems.con().url() + "   history " + systems.con().historyUrl());
        System.out.println("E-Astana " + systems.eastana().url() + "   history " + systems.eastana().historyUrl());
        System.out.println("provider " + (config.gatewayAsyncUrl() == null ? "off" : "polls " + config.gatewayAsyncUrl()));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            systems.stop();
            if (pkiServer != null) {
                pkiServer.stop();
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int port(String system, int defaultPort) {
        return Integer.parseInt(property("qaqpa.mocks." + system + ".port", String.valueOf(defaultPort)));
    }

    private static String property(String key, String defaultValue) {
        return System.getProperty(key, defaultValue);
    }
}
