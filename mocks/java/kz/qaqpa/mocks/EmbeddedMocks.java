package kz.qaqpa.mocks;

import java.nio.file.Path;
import java.time.Clock;
import kz.qaqpa.EmbeddedSystems;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.mocks.pki.EmbeddedTestPki;
import kz.qaqpa.trust.EmbeddedPki;

/**
 * Starts {@link MockSystems} for the demo gateway (found with ServiceLoader) on the ports of qaqpa.mocks.*, the
 * provider back office polling the gateway's async endpoint as sender EASTANA, the providers dating what they issue
 * by the gateway's clock (qaqpa.clock).
 */
public final class EmbeddedMocks implements EmbeddedSystems.Provider {

    @Override
    public EmbeddedSystems start(EmbeddedPki pki, Settings s, Clock clock) {
        if (!(pki instanceof EmbeddedTestPki testPki)) {
            throw new IllegalStateException("the mocks need the keys of their own test PKI, not " + pki);
        }
        return MockSystems.start(new MockSystems.Config(testPki.pki(), Path.of(s.get("qaqpa.data-dir")).resolve("mocks"),
                s.port("qaqpa.mocks.gbdfl.port"), s.port("qaqpa.mocks.enis.port"),
                s.port("qaqpa.mocks.portal.port"), s.port("qaqpa.mocks.con.port"),
                s.port("qaqpa.mocks.eastana.port"), s.get("qaqpa.public-url") + "/shep/async",
                "EASTANA", s.get("qaqpa.sender.EASTANA.password"), s.duration("qaqpa.mocks.provider.poll-interval"),
                s.port("qaqpa.mocks.gbdul.port"), s.port("qaqpa.mocks.archive.port"),
                s.integer("qaqpa.mocks.provider.workers"), clock),
                s.bool("qaqpa.mocks.provider-offices.enabled"));
    }
}
