package kz.qaqpa.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.http.JdkHttpServers;
import kz.qaqpa.mocks.MockPki;
import kz.qaqpa.store.Database;
import kz.qaqpa.store.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks of one run go out side by side, as many at once as qaqpa.outbox.parallelism allows, and one after
 * another with 1. The recipients here hold every call for a while and answer what no gateway accepts, so each call
 * fails and is left for a retry: only how many were in flight at once is looked at.
 */
class OutboxDeliveryTest {
    private static final int RECIPIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void aRunsCallbacksGoOutSideBySide() throws Exception {
        assertThat(mostInFlight(4, "parallel")).isEqualTo(RECIPIENTS);
    }

    @Test
    void parallelismOneSendsThemOneAfterAnother() throws Exception {
        assertThat(mostInFlight(1, "sequential")).isEqualTo(1);
    }

    private int mostInFlight(int parallelism, String name) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        HttpServer recipient = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", 0), 50);
        recipient.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        recipient.createContext("/", exchange -> {
            try (exchange) {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                exchange.getRequestBody().readAllBytes();
                Thread.sleep(300);
                inFlight.decrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        recipient.start();
        try (Database db = Database.hsqldbFile(dir.resolve(name).toString(), 8)) {
            Outbox outbox = new Outbox(db);
            String url = "http://127.0.0.1:" + recipient.getAddress().getPort() + "/callback";
            for (int i = 0; i < RECIPIENTS; i++) {
                outbox.add("{application-" + i + "}", "SENDER" + i, url, "<notification/>");
            }
            OutboxDelivery delivery = new OutboxDelivery(outbox,
                    sender -> new SignedSoapClient(MockPki.key("gateway"), certificate -> { }, Duration.ofSeconds(10)),
                    Duration.ofMinutes(1), Duration.ofMinutes(1), 10, 50, parallelism);
            delivery.deliverDue();
            delivery.close();
            assertThat(outbox.due(50)).as("every call failed and waits for its retry").isEmpty();
            return most.get();
        } finally {
            recipient.stop(0);
        }
    }
}
