package kz.qaqpa.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import kz.qaqpa.GatewayAssembly;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.TestResources;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.MockSystems;
import kz.qaqpa.mocks.pki.EmbeddedTestPki;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.PkiServer;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.KeyMaterial;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.w3c.dom.Element;

/**
 * The whole gateway in this JVM, as {@code java -jar} runs it: Camel Main with application.properties, the
 * embedded test PKI and the mocks on free ports, the store in a temporary directory. Restartable on the same
 * directory and ports. Ports come from {@link PkiServer#freePort()}; should one be taken before the gateway binds it
 * anyway, the first start is retried on other ports.
 *
 * <p>One gateway for a whole test class: {@code @RegisterExtension static final GatewayHarness gateway =
 * GatewayHarness.perClass();} (configured with {@link #with} in the initialiser) starts before the class's first
 * test and stops after its last, its store in a temporary directory that is removed then. A {@code @Nested} class
 * inherits the extension: its tests run on the enclosing class's gateway, which the nested class neither starts
 * again nor stops.
 */
public final class GatewayHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback,
        IssuedTestPki.Holder {
    private static final String[] PORTS = {"qaqpa.http.port", "qaqpa.test-pki.port", "qaqpa.mocks.gbdfl.port",
            "qaqpa.mocks.enis.port", "qaqpa.operator.port", "qaqpa.monitoring.port", "qaqpa.mocks.portal.port",
            "qaqpa.mocks.con.port",
            "qaqpa.mocks.eastana.port", "qaqpa.mocks.gbdul.port", "qaqpa.mocks.archive.port"};
    /** Starts on fresh ports when a port was taken between its pick and its bind (first start only). */
    private static final int START_ATTEMPTS = 3;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Path dataDir;
    private final java.util.Set<String> chosenPorts = new java.util.HashSet<>(java.util.List.of(PORTS));
    private boolean started;
    private Main main;
    /** Test-only step counts ({@link StepCoverage}), when the run asks for them. */
    private StepCoverage stepCoverage;
    private String testClass = "gateway";
    /** The test class whose {@link #beforeAll} started this gateway; null while no class runs it. */
    private Class<?> owner;
    /** Whether each start ends with the provider mock paused ({@link #providerPaused()}). */
    private boolean providerPaused;

    public GatewayHarness(Path dataDir) {
        this.dataDir = dataDir;
        properties.put("qaqpa.data-dir", dataDir.toString());
        pickPorts();
    }

    /** A gateway started and stopped around one test class, in a temporary directory of its own. */
    public static GatewayHarness perClass() {
        return new GatewayHarness(TemporaryDirectory.create("qaqpa-test-"));
    }

    /**
     * Starts the gateway for the class that registered it. JUnit calls this again for each {@code @Nested} class
     * within, which runs on the enclosing class's gateway: starting it again would bind its ports twice.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        owner = context.getRequiredTestClass();
        testClass = owner.getSimpleName();
        start();
    }

    /** Stops the gateway and removes its store after the class that started it, not after a nested class's end. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        owner = null;
        close();
        TemporaryDirectory.delete(dataDir);
    }

    private void pickPorts() {
        for (String key : chosenPorts) {
            properties.put(key, String.valueOf(PkiServer.freePort()));
        }
    }

    /** Overrides one configuration key (before {@link #start()}). */
    public GatewayHarness with(String key, String value) {
        properties.put(key, value);
        chosenPorts.remove(key);
        return this;
    }

    /**
     * Each start ends with seed 002's provider mock (the ЖАО's back office) paused, for a test that plays the provider
     * itself or leaves the applications waiting for it: the mock's first poll runs at once when the mocks start, on a
     * thread of its own, so an hourly poll interval alone was a race (under load that poll could come after the test's
     * first application and take it on); paused, that poll has ended and no other comes (tests45's note, ops46).
     */
    public GatewayHarness providerPaused() {
        providerPaused = true;
        return this;
    }

    public String property(String key) {
        return properties.get(key);
    }

    /**
     * The settings this gateway runs with, as Camel gives them to it: those set with {@link #with} (and the ports),
     * over application-test.properties, over the environment and application.properties.
     */
    public Settings settings() {
        java.util.Properties tests = testOverrides();
        java.util.Properties file = Settings.shipped();
        // each value's {{placeholders}} resolved from these same layers, as Camel resolves them (ops45:
        // qaqpa.operator.token-file = {{qaqpa.data-dir}}/operator.token is this gateway's data directory's file)
        return Settings.resolving(key -> properties.containsKey(key) ? properties.get(key)
                : tests.containsKey(key) ? tests.getProperty(key) : outside(key, file));
    }

    /** A key's value outside the tests' own: -Dkey=value, else its environment variable, else application.properties. */
    private static String outside(String key, java.util.Properties file) {
        String env = System.getenv(Settings.environmentName(key));
        return System.getProperty(key, env != null ? env : file.getProperty(key));
    }

    /**
     * Starts the gateway. A restart keeps its ports (the test PKI's URL is in its certificates); a first start whose
     * port was taken by another process in the meantime starts again, afresh, on other ports.
     */
    public GatewayHarness start() {
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt == 1) {
                    testPkiOnTemplate();
                }
                startOnce();
                started = true;
                if (providerPaused) {
                    mocks().provider().orElseThrow().pause();
                }
                return this;
            } catch (IllegalStateException e) {
                stop();
                if (started || attempt == START_ATTEMPTS || !portTaken(e)) {
                    throw e;
                }
                // a fresh directory: a half-started attempt may still hold its database files
                properties.put("qaqpa.data-dir", dataDir.resolve("attempt-" + (attempt + 1)).toString());
                IssuedTestPki.release(this); // the template's port may be the one taken: this attempt issues its own
                pickPorts();
            }
        }
    }

    /**
     * suite65: a first start in a fresh data directory serves a copy of the test PKI issued once per test JVM
     * ({@link IssuedTestPki}) on the port its certificates name, instead of issuing its own (most of a start's time);
     * while another gateway here holds that port, or the test chose the PKI's port, password or directory, it issues
     * its own as before. A restart, or a gateway a test put on that port itself, holds the port again.
     */
    private void testPkiOnTemplate() {
        String port = properties.get("qaqpa.test-pki.port");
        if (started || !chosenPorts.contains("qaqpa.test-pki.port")) {
            IssuedTestPki.reclaimIfServing(this, port);
            return;
        }
        Path dir = Path.of(properties.get("qaqpa.data-dir"));
        Settings settings = settings();
        boolean fresh = Files.isDirectory(dir) ? Files.isWritable(dir) && !Files.exists(dir.resolve("pki"))
                : !Files.exists(dir);
        if (fresh && settings.bool("qaqpa.test-pki.enabled")
                && IssuedTestPki.password().equals(settings.get("qaqpa.keystore.password"))) {
            IssuedTestPki.lease(this, dir).ifPresent(p -> properties.put("qaqpa.test-pki.port", String.valueOf(p)));
        }
    }

    /** Whether this gateway runs (started, not stopped since). */
    @Override
    public boolean running() {
        return main != null;
    }

    @Override
    public Path dataDir() {
        return Path.of(property("qaqpa.data-dir"));
    }

    private void startOnce() {
        main = new Main(kz.qaqpa.Main.class);
        testOverrides().forEach((k, v) -> main.addOverrideProperty((String) k, (String) v));
        properties.forEach(main::addOverrideProperty);
        if (StepCoverage.wanted()) {
            stepCoverage = new StepCoverage();
            main.addMainListener(stepCoverage);
        }
        try {
            main.start();
        } catch (Exception e) {
            stopRefusedContext(e);
            throw new IllegalStateException("gateway did not start", e);
        }
    }

    /**
     * leak67: a start refused while Camel Main loads the route files (a misspelt template parameter), after the
     * gateway's parts were built, leaves Camel Main failed: it neither started its context nor stops it, so the
     * console, the monitoring port and the test PKI's server listened on in this JVM. The context's stop closes them
     * (GatewayConfiguration's closeOnStop). The jar's Main exits on a refused start, where nothing is left.
     */
    private void stopRefusedContext(Exception refusal) {
        org.apache.camel.CamelContext context = main.getCamelContext();
        if (context == null) {
            return;
        }
        try {
            context.stop();
        } catch (RuntimeException e) {
            refusal.addSuppressed(e);
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** src/test/resources/application-test.properties, the overrides every test gateway runs with. */
    static java.util.Properties testOverrides() {
        return TestResources.properties("application-test.properties");
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
        if (stepCoverage != null) {
            stepCoverage.dump(testClass);
            stepCoverage = null;
        }
    }

    @Override
    public void close() {
        stop();
        IssuedTestPki.release(this);
    }

    public GatewayAssembly assembly() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("gatewayAssembly", GatewayAssembly.class);
    }

    public org.apache.camel.CamelContext camelContext() {
        return main.getCamelContext();
    }

    public TestPki pki() {
        return embeddedTestPki().pki();
    }

    /** The embedded test PKI's CRL and OCSP server. */
    public PkiServer pkiServer() {
        return embeddedTestPki().server();
    }

    private EmbeddedTestPki embeddedTestPki() {
        return (EmbeddedTestPki) assembly().embeddedPki();
    }

    public MockSystems mocks() {
        return (MockSystems) assembly().mocks();
    }

    /**
     * Runs {@code test} with the provider office mock that logs in as {@code senderId} stopped, so that the
     * application stays with the test, which answers as that provider; the office starts again after, whatever
     * {@code test} did.
     */
    public void officePaused(String senderId, Runnable test) {
        officePaused(senderId, () -> {
            test.run();
            return null;
        });
    }

    /** {@link #officePaused(String, Runnable)} for a test that gives back what it made (the application submitted). */
    public <T> T officePaused(String senderId, java.util.function.Supplier<T> test) {
        var office = mocks().office(senderId);
        office.stop();
        try {
            return test.get();
        } finally {
            office.start();
        }
    }

    /** The operator console's address, as the console's own name (qaqpa.operator.port). */
    public String consoleUrl() {
        return "http://127.0.0.1:" + properties.get("qaqpa.operator.port");
    }

    /**
     * ops45: what every console request presents, {@code Bearer <token>}, the token read as an operator reads it: the
     * file qaqpa.operator.token-file names (the gateway wrote it at its first start), its content trimmed.
     */
    public String consoleAuthorization() {
        return "Bearer " + consoleToken();
    }

    /** The console's token in its file (qaqpa.operator.token-file, as the running gateway resolves it). */
    public String consoleToken() {
        return kz.qaqpa.operator.OperatorToken.read(consoleTokenFile());
    }

    /** A request to the console's {@code path} presenting its token, as an operator's curl sends one. */
    public java.net.http.HttpRequest.Builder consoleRequest(String path) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(consoleUrl() + path))
                .header("Authorization", consoleAuthorization());
    }

    public Path consoleTokenFile() {
        return Path.of(settings().get("qaqpa.operator.token-file"));
    }

    public String asyncUrl() {
        return "http://localhost:" + properties.get("qaqpa.http.port") + "/shep/async";
    }

    public String syncUrl() {
        return "http://localhost:" + properties.get("qaqpa.http.port") + "/shep/sync";
    }

    public Consumer<X509Certificate> gatewayCheck() {
        return PeerChecks.certificate(pki().key("gateway", KeyAlgorithm.RSA).certificate(),
                pki().key("gateway", KeyAlgorithm.GOST).certificate());
    }

    /**
     * {@code sample}'s seed 002 application signed by its signer (the test PKI's key of that name): the one way a test
     * signs a sample. The variants below give it another key.
     */
    public Element signed(SampleApplication sample) {
        return signed(sample, pki().key(sample.signerAlias()));
    }

    /** {@code sample} signed by its signer's key of {@code algorithm}, whatever the suite's key algorithm. */
    public Element signed(SampleApplication sample, KeyAlgorithm algorithm) {
        return signed(sample, pki().key(sample.signerAlias(), algorithm));
    }

    /** {@code sample} signed with {@code signer}: another certificate (revoked, not yet valid, a CA's, a weak key). */
    public static Element signed(SampleApplication sample, KeyMaterial signer) {
        return ChannelClient.sign(sample.build(), signer);
    }

    /**
     * {@code document} (any seed's form, result or notice: a JAXB root or an element) signed by the test PKI's key
     * {@code alias}, of the suite's key algorithm: how a test signs what is not a {@link SampleApplication}, or a
     * sample's form changed after {@link SampleApplication#build()}.
     */
    public Element signed(Object document, String alias) {
        return ChannelClient.sign(document, pki().key(alias));
    }

    /** The system that submits on a channel, with its registered credentials. */
    public ChannelClient client(Channel channel) {
        return switch (channel) {
            case PORTAL -> client("PORTAL", "portal-secret", "portal");
            case CON -> client("CON", "con-secret", "con");
            case ZHAO, EASTANA -> client("EASTANA", "eastana-secret", "eastana");
        };
    }

    public ChannelClient client(String senderId, String password, String keyAlias) {
        return new ChannelClient(asyncUrl(), senderId, password, pki().key(keyAlias), gatewayCheck());
    }
}
