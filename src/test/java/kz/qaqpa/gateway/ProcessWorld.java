package kz.qaqpa.gateway;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import kz.qaqpa.TestResources;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.MockSystems;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.w3c.dom.Element;

/**
 * The test PKI and the mocks in this JVM, the gateway in its own ({@link GatewayProcess}), for tests that kill it
 * ({@code CrashTest}) or bound its heap ({@code LargeMessagesSmallHeapTest}). A first start whose port another process
 * took meanwhile starts again, afresh, on other ports (the test PKI's port is baked into its certificates). The test
 * PKI is a copy of the one issued once per test JVM ({@link IssuedTestPki}) when its port is free, else issued here.
 */
final class ProcessWorld implements AutoCloseable {
    private static final int START_ATTEMPTS = 3;
    static final List<Channel> CHANNELS = List.of(Channel.PORTAL, Channel.CON, Channel.EASTANA);
    final TestPki pki;
    final MockSystems mocks;
    final GatewayProcess gateway;
    final Path gatewayDir;
    private final Map<Channel, String> passwords = new ConcurrentHashMap<>();

    private ProcessWorld(TestPki pki, MockSystems mocks, GatewayProcess gateway, Path gatewayDir) {
        this.pki = pki;
        this.mocks = mocks;
        this.gateway = gateway;
        this.gatewayDir = gatewayDir;
    }

    /** With the provider back office polling the gateway from this JVM. */
    static ProcessWorld start(Path base) {
        return start(base, true, g -> { });
    }

    /**
     * @param providerBackOffice false: no provider mock polls, the test plays the provider
     * @param gatewaySetUp       settings of the gateway's JVM before it starts (its heap, further keys)
     */
    static ProcessWorld start(Path base, boolean providerBackOffice, Consumer<GatewayProcess> gatewaySetUp) {
        Properties defaults = defaults();
        for (int attempt = 1; ; attempt++) {
            Path dir = base.resolve("attempt-" + attempt);
            Path gatewayDir = dir.resolve("gateway");
            int httpPort = PkiServer.freePort();
            // suite66: the first attempt's gateway serves a copy of the JVM's issued test PKI (IssuedTestPki) unless
            // a gateway here holds its port; a retry (a port taken) issues its own
            GatewayProcess gateway = new GatewayProcess(gatewayDir);
            if (attempt == 1) {
                gateway.withIssuedTestPki();
            } else {
                gateway.with("qaqpa.test-pki.port", String.valueOf(PkiServer.freePort()));
            }
            String pkiPort = gateway.property("qaqpa.test-pki.port");
            TestPki pki = TestPki.openOrCreate(gatewayDir.resolve("pki"),
                    defaults.getProperty("qaqpa.keystore.password").trim().toCharArray(),
                    "http://localhost:" + pkiPort, Clock.systemUTC());
            String asyncUrl = "http://localhost:" + httpPort + "/shep/async";
            MockSystems mocks = MockSystems.start(MockSystems.Config.freePorts(pki, dir.resolve("mocks"),
                    providerBackOffice ? asyncUrl : null));
            gateway.with("qaqpa.http.port", String.valueOf(httpPort))
                    .with("qaqpa.operator.port", String.valueOf(PkiServer.freePort()))
                    .with("qaqpa.monitoring.port", String.valueOf(PkiServer.freePort()))
                    .with("qaqpa.mocks.enabled", "false")
                    .with("qaqpa.sender.PORTAL.callback", mocks.portal().url())
                    .with("qaqpa.sender.CON.callback", mocks.con().url())
                    .with("qaqpa.sender.EASTANA.callback", mocks.eastana().url())
                    .with("qaqpa.adapter.GBDFL_PERSON.url", mocks.gbdflUrl())
                    .with("qaqpa.adapter.ENIS_POWER_OF_ATTORNEY.url", mocks.enisUrl());
            gatewaySetUp.accept(gateway);
            try {
                ProcessWorld world = new ProcessWorld(pki, mocks, gateway.start(), gatewayDir);
                for (Channel channel : CHANNELS) {
                    world.passwords.put(channel, defaults.getProperty("qaqpa.sender." + sender(channel) + ".password").trim());
                }
                return world;
            } catch (IllegalStateException e) {
                gateway.kill();
                mocks.stop();
                IssuedTestPki.release(gateway);
                if (attempt == START_ATTEMPTS || !gateway.portTaken()) {
                    throw e;
                }
            }
        }
    }

    /** The gateway's application.properties, for the values both JVMs must agree on (keystore and senders' passwords). */
    private static Properties defaults() {
        return TestResources.properties("application.properties");
    }

    static String sender(Channel channel) {
        return channel == Channel.ZHAO ? "EASTANA" : channel.name();
    }

    /** Accepts an answer signed by the gateway's key only. */
    Consumer<X509Certificate> gatewayCheck() {
        return PeerChecks.certificate(pki.key("gateway").certificate());
    }

    ChannelClient client(Channel channel) {
        return new ChannelClient(gateway.asyncUrl(), sender(channel), passwords.get(channel),
                pki.key(channel.name().toLowerCase(Locale.ROOT)), gatewayCheck());
    }

    /** {@code sample} signed by its signer with this world's PKI, as {@link GatewayHarness#signed} does in-process. */
    Element signed(SampleApplication sample) {
        return GatewayHarness.signed(sample, pki.key(sample.signerAlias()));
    }

    /** {@code document} signed with this world's key {@code alias}, as {@link GatewayHarness#signed(Object, String)}. */
    Element signed(Object document, String alias) {
        return ChannelClient.sign(document, pki.key(alias));
    }

    ChannelMock channel(Channel channel) {
        return switch (channel) {
            case PORTAL -> mocks.portal();
            case CON -> mocks.con();
            case ZHAO, EASTANA -> mocks.eastana();
        };
    }

    @Override
    public void close() {
        gateway.kill();
        mocks.stop();
        IssuedTestPki.release(gateway);
    }
}
