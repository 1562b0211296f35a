package kz.qaqpa;

import java.time.Clock;
import java.util.ServiceLoader;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.EmbeddedPki;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Demo mode (qaqpa.mocks.enabled): the embedded mocks start once the gateway's channels serve (so the provider's first
 * poll finds them) and stop as soon as the gateway begins to stop (so it does not poll a gateway that is going away).
 */
final class EmbeddedMocksLifecycle extends EventNotifierSupport implements ExtendedStartupListener {
    /** qaqpa.mocks.enabled, read while the gateway is assembled so that a bad value refuses the start before it serves. */
    private final boolean enabled;
    private final Settings settings;
    private final EmbeddedPki pki;
    private final Clock clock;
    private EmbeddedSystems mocks;

    /** @param pki the embedded test PKI, or null in production (the mocks use its keys) */
    EmbeddedMocksLifecycle(boolean enabled, Settings settings, EmbeddedPki pki, Clock clock) {
        this.enabled = enabled;
        this.settings = settings;
        this.pki = pki;
        this.clock = clock;
    }

    void register(CamelContext context) throws Exception {
        context.addStartupListener(this);
        context.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes are started, but the HTTP channels are up only when fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        startMocks();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        stopMocks();
    }

    /** The embedded mocks, or null when they are off. */
    synchronized EmbeddedSystems running() {
        return mocks;
    }

    /** Starts the embedded mocks once the gateway serves, so the provider's first poll finds it. */
    private synchronized void startMocks() {
        if (enabled && mocks == null) {
            mocks = launch();
        }
    }

    /** Stops the embedded mocks first, so the provider does not poll a gateway that is going away. */
    synchronized void stopMocks() {
        if (mocks != null) {
            mocks.close();
            mocks = null;
        }
    }

    private EmbeddedSystems launch() {
        if (pki == null) {
            throw new IllegalStateException("qaqpa.mocks.enabled needs qaqpa.test-pki.enabled (the mocks use its keys)");
        }
        EmbeddedSystems.Provider provider = ServiceLoader.load(EmbeddedSystems.Provider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("qaqpa.mocks.enabled=true but no mocks are on the "
                        + "classpath: the gateway jar holds none. Run the demo jar, or set qaqpa.mocks.enabled=false"));
        return provider.start(pki, settings, clock);
    }
}
