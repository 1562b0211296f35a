package kz.qaqpa.mocks;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import kz.qaqpa.EmbeddedSystems;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.eastana.ProviderBackOffice;
import kz.qaqpa.mocks.enis.EnisMock;
import kz.qaqpa.mocks.gbdfl.GbdflMock;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.gbdul.GbdulMock;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.provider.OfficeDefinition;
import kz.qaqpa.mocks.provider.ProviderOffice;
import kz.qaqpa.mocks.provider.ProviderOffices;
import kz.qaqpa.mocks.soap.PeerChecks;

/**
 * Every mocked system of the demo, started in-process (by the gateway in demo mode, by tests, or alone by
 * {@link MocksMain}): ГБД ФЛ, ГБД ЮЛ, ЕНИС, the three sender channels' callback endpoints, seed 002's provider back office and
 * the other providers' offices ({@link ProviderOffices}).
 * All of them accept calls only from, and answers only by, the gateway's certificate of the test PKI.
 */
public final class MockSystems implements EmbeddedSystems {

    /**
     * @param pki              the test НУЦ that holds every key (aliases of mocks/data/pki-subjects.csv)
     * @param dataDir          the provider back office keeps its HSQLDB in {@code dataDir/provider}
     * @param gbdflPort        ГБД ФЛ mock (path /gbdfl/sync); 0 = free port
     * @param enisPort         ЕНИС mock (path /enis/sync)
     * @param portalPort       portal callback (path /callback, history /history)
     * @param conPort          ЦОН IS callback
     * @param eastanaPort      E-Astana personal cabinet callback
     * @param gatewayAsyncUrl  the gateway's async endpoint the provider polls; null = no provider back office
     * @param providerSenderId the provider's senderId at the gateway (EASTANA)
     * @param providerPassword its password
     * @param pollInterval     the provider's poll interval
     * @param gbdulPort        ГБД ЮЛ mock (path /gbdul/sync); 0 = free port
     * @param archivePort      callback of the Astana archive's ЖАО АЖ (sender ARCHIVE, seed 003's office channel)
     * @param providerWorkers  how many applications the provider back office calls the gateway for at once
     * @param clock            what the providers date their numbers and documents by: the gateway's (qaqpa.clock)
     *                         when it embeds them, so that what they issue falls in the regulation's time it keeps
     *                         (their messages stay dated by the system clock, which the gateway's freshness check reads)
     */
    public record Config(TestPki pki, Path dataDir, int gbdflPort, int enisPort, int portalPort, int conPort,
                         int eastanaPort, String gatewayAsyncUrl, String providerSenderId, String providerPassword,
                         Duration pollInterval, int gbdulPort, int archivePort, int providerWorkers, Clock clock) {
        /** The shipped qaqpa.mocks.provider.workers. */
        public static final int DEFAULT_PROVIDER_WORKERS = 4;

        /** Without ports for ГБД ЮЛ and the archive's callback: they start on free ones. */
        public Config(TestPki pki, Path dataDir, int gbdflPort, int enisPort, int portalPort, int conPort,
                      int eastanaPort, String gatewayAsyncUrl, String providerSenderId, String providerPassword,
                      Duration pollInterval) {
            this(pki, dataDir, gbdflPort, enisPort, portalPort, conPort, eastanaPort, gatewayAsyncUrl, providerSenderId,
                    providerPassword, pollInterval, 0, 0, DEFAULT_PROVIDER_WORKERS, Clock.systemUTC());
        }

        /** The ports of application.properties (8181–8185), sender EASTANA / eastana-secret, a poll every 10 s. */
        public static Config defaults(TestPki pki, Path dataDir, String gatewayAsyncUrl) {
            return new Config(pki, dataDir, 8181, 8182, 8183, 8184, 8185, gatewayAsyncUrl, "EASTANA", "eastana-secret",
                    Duration.ofSeconds(10), 8186, 8187, DEFAULT_PROVIDER_WORKERS, Clock.systemUTC());
        }

        /** Free ports everywhere (tests). */
        public static Config freePorts(TestPki pki, Path dataDir, String gatewayAsyncUrl) {
            return new Config(pki, dataDir, 0, 0, 0, 0, 0, gatewayAsyncUrl, "EASTANA", "eastana-secret",
                    Duration.ofMillis(200));
        }
    }

    private final GbdflMock gbdfl;
    private final GbdulMock gbdul;
    private final EnisMock enis;
    private final ChannelMock portal;
    private final ChannelMock con;
    private final ChannelMock eastana;
    private final ChannelMock archive;
    private final ProviderBackOffice provider;
    private final List<ProviderOffice> offices;

    private MockSystems(Config config, boolean providerOffices) {
        TestPki pki = config.pki();
        // the gateway signs with its RSA or its GOST key (qaqpa.test-pki.gateway-key-algorithm): either is the gateway
        Consumer<X509Certificate> gatewayOnly = PeerChecks.certificate(pki.key("gateway", KeyAlgorithm.RSA).certificate(),
                pki.key("gateway", KeyAlgorithm.GOST).certificate());
        gbdfl = new GbdflMock(config.gbdflPort(), pki.key("gbdfl"), gatewayOnly);
        gbdul = new GbdulMock(config.gbdulPort(), pki.key("gbdul"), gatewayOnly);
        enis = new EnisMock(config.enisPort(), pki.key("enis"), gatewayOnly);
        portal = new ChannelMock("portal", config.portalPort(), pki.key("portal"), gatewayOnly);
        con = new ChannelMock("con", config.conPort(), pki.key("con"), gatewayOnly);
        eastana = new ChannelMock("eastana", config.eastanaPort(), pki.key("eastana"), gatewayOnly);
        archive = new ChannelMock("archive", config.archivePort(), pki.key("archive"), gatewayOnly);
        provider = config.gatewayAsyncUrl() == null ? null : new ProviderBackOffice(new ProviderBackOffice.Config(
                config.gatewayAsyncUrl(), ProviderBackOffice.SERVICE_ID, config.providerSenderId(), config.providerPassword(),
                config.dataDir().resolve("provider"), config.pollInterval(), pki.key("eastana"), pki.key("employee-zhao"),
                gatewayOnly, Clock.systemUTC(), config.clock(), config.providerWorkers()));
        offices = config.gatewayAsyncUrl() == null || !providerOffices ? List.of() : ProviderOffices.all().stream()
                .map(d -> office(d, config, gatewayOnly)).toList();
    }

    private static ProviderOffice office(OfficeDefinition d, Config config, Consumer<X509Certificate> gatewayOnly) {
        return new ProviderOffice(new ProviderOffice.Config(config.gatewayAsyncUrl(), d.senderId(), d.password(),
                config.pki().key(d.systemKeyAlias()), gatewayOnly, config.pollInterval(), Clock.systemUTC(),
                config.clock(), d.numberPrefix()), d.services().apply(config.pki()));
    }

    /** Starts every mock; on a failure the ones already started are stopped again. */
    public static MockSystems start(Config config) {
        return start(config, true);
    }

    /**
     * @param providerOffices false starts none of the generic offices ({@link ProviderOffices}): only seed 002's back
     *                        office polls (the benchmark measures the gateway against that one poller)
     */
    public static MockSystems start(Config config, boolean providerOffices) {
        MockSystems systems = new MockSystems(config, providerOffices);
        try {
            systems.gbdfl.start();
            systems.gbdul.start();
            systems.enis.start();
            systems.portal.start();
            systems.con.start();
            systems.eastana.start();
            systems.archive.start();
            if (systems.provider != null) {
                systems.provider.start();
            }
            systems.offices.forEach(ProviderOffice::start);
            return systems;
        } catch (RuntimeException e) {
            systems.stop();
            throw e;
        }
    }

    public GbdflMock gbdfl() {
        return gbdfl;
    }

    public GbdulMock gbdul() {
        return gbdul;
    }

    public EnisMock enis() {
        return enis;
    }

    /** Callback endpoint of the e-gov portal (sender PORTAL). */
    public ChannelMock portal() {
        return portal;
    }

    /** Callback endpoint of the ЦОН information system (sender CON). */
    public ChannelMock con() {
        return con;
    }

    /** Callback endpoint of the E-Astana personal cabinet (sender EASTANA). */
    public ChannelMock eastana() {
        return eastana;
    }

    /** Callback endpoint of the Astana archive's ЖАО АЖ (sender ARCHIVE: its office channel ZHAO of seed 003). */
    public ChannelMock archive() {
        return archive;
    }

    public Optional<ProviderBackOffice> provider() {
        return Optional.ofNullable(provider);
    }

    /** The provider office that logs in to the gateway as {@code senderId}. */
    public ProviderOffice office(String senderId) {
        return offices.stream().filter(o -> o.senderId().equals(senderId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no provider office " + senderId));
    }

    public String gbdflUrl() {
        return gbdfl.url();
    }

    public String enisUrl() {
        return enis.url();
    }

    public void stop() {
        offices.forEach(ProviderOffice::stop);
        if (provider != null) {
            provider.stop();
        }
        archive.stop();
        eastana.stop();
        con.stop();
        portal.stop();
        enis.stop();
        gbdul.stop();
        gbdfl.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
