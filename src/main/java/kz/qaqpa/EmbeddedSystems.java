package kz.qaqpa;

import java.time.Clock;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.trust.EmbeddedPki;

/**
 * Stand-ins of the state systems and sender channels that the demo embeds next to the gateway. The gateway finds
 * its {@link Provider} with {@link java.util.ServiceLoader}; the production jar holds none.
 */
public interface EmbeddedSystems extends AutoCloseable {

    /** Stops every stand-in. */
    @Override
    void close();

    /**
     * Starts the stand-ins with keys of the embedded test PKI, on the ports and URLs of the configuration; they date
     * what they issue by {@code clock}, the gateway's (qaqpa.clock).
     */
    interface Provider {
        EmbeddedSystems start(EmbeddedPki pki, Settings settings, Clock clock);
    }
}
