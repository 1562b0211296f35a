package kz.qaqpa;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Demo mode: the embedded mocks start once the gateway's channels serve (so the provider's first poll finds
 * them) and stop as soon as the gateway begins to stop (so it does not poll a gateway that is going away).
 */
final class EmbeddedMocksLifecycle extends EventNotifierSupport implements ExtendedStartupListener {
    private final GatewayAssembly gateway;

    EmbeddedMocksLifecycle(GatewayAssembly gateway) {
        this.gateway = gateway;
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
        gateway.startMocks();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        gateway.stopMocks();
    }
}
