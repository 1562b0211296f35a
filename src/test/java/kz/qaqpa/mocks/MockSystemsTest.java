package kz.qaqpa.mocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.trust.SharedTestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All mocks start together on free ports, answer the gateway, and stop. */
class MockSystemsTest {
    @TempDir
    Path dir;

    @Test
    void startsEverythingAndAnswersTheGateway() throws Exception {
        try (MockSystems systems = MockSystems.start(MockSystems.Config.freePorts(SharedTestPki.pki(), dir, null))) {
            assertThat(systems.provider()).isEmpty();
            SignedSoapClient asGateway = new SignedSoapClient(SharedTestPki.key("gateway"),
                    PeerChecks.certificate(SharedTestPki.key("gbdfl").certificate()), Duration.ofSeconds(10));
            PersonRequest request = new PersonRequest();
            request.setIin("200506504503");
            assertThat(asGateway.call(systems.gbdflUrl(), SyncMocksTest.sendMessage("GBDFL_PERSON", request, "s-1"))
                    .getTextContent()).contains("ZHAKSYLYKOV", "881122303409");
            for (String url : new String[] {systems.portal().historyUrl(), systems.con().historyUrl(), systems.eastana().historyUrl()}) {
                HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
                assertThat(http.getResponseCode()).isEqualTo(200);
            }
        }
    }
}
