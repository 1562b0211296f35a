package kz.qaqpa;

import kz.qaqpa.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line that says the gateway has started and where it serves: the channels, the monitoring port and the
 * operator console (docs/operations.md, "Logs"). Logged once the channels serve, after the demo's mocks started.
 */
final class ReadyLine implements ExtendedStartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyLine.class);
    private final Settings settings;

    ReadyLine(Settings settings) {
        this.settings = settings;
    }

    void register(CamelContext context) throws Exception {
        context.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the HTTP channels are up only when the context is fully started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        LOG.info("Qaqpa ready: channels on http://{}/shep/sync and /shep/async (public URL {}), health and metrics on"
                + " http://{}/health and /metrics, operator console on http://{}/", at("http"),
                settings.get("qaqpa.public-url"), at("monitoring"), at("operator"));
    }

    private String at(String server) {
        return settings.get("qaqpa." + server + ".host") + ":" + settings.get("qaqpa." + server + ".port");
    }
}
