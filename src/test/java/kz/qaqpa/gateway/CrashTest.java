package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kz.qaqpa.channel.SignedSoapClient.RemoteFault;
import kz.qaqpa.contract.async.types.SendMessage;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.mocks.channel.ChannelMock;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The gateway killed like {@code kill -9} at random moments while three channels submit applications, and started
 * again on the same data directory and ports, several times. Senders whose answer was lost send the same message
 * again (same messageId, same content). At the end every acknowledged application exists exactly once, reached its
 * final result, and each channel got that result exactly once (one outbox message id, however many deliveries) and
 * every status at least once, as did ЦОН IS as the observer of every application.
 *
 * <p>The gateway runs in a child JVM ({@link GatewayProcess}) so that it can die without a shutdown; the mocks of the
 * channels and of the provider's back office run here and outlive it. Both JVMs share the test PKI through its
 * directory. The seed of the kill schedule is printed, to replay a failure.
 */
class CrashTest {
    private static final int APPLICATIONS_PER_CHANNEL = 10;
    private static final int KILLS = 3;
    /**
     * How long the senders wait with no progress at all (no answer to any of them, no restart of the gateway) before
     * they call the gateway hung. Patience counts from the last progress, not from the first send: at a load of 38 each
     * restart took 1-1.5 minutes, and a message sent before the first kill waited through three of them (session 51).
     */
    private static final Duration SENDER_PATIENCE = Duration.ofMinutes(3);
    /** How long the settling waits with no status or result arriving anywhere. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> STATUSES = List.of("ACCEPTED", "DELIVERED", "REGISTERED", "IN_WORK", "COMPLETED");
    private static final List<Channel> CHANNELS = ProcessWorld.CHANNELS;

    /** Kept after a failure: attempt-1/gateway/gateway.log is the gateway's whole log over its restarts. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** One application a sender submitted, and the answer it got. */
    private record Submission(Channel channel, String messageId, String expectedResult, String correlationId) {
    }

    @Test
    void everyAcknowledgedApplicationEndsOnceWithEachResultDeliveredOnce() throws Exception {
        long seed = System.nanoTime();
        System.out.println("CrashTest seed " + seed + ", directory " + dir);
        Random random = new Random(seed);
        // session 47: the gateway checkpoints the store itself; at 1 MB of log it does so every few applications, so
        // the kills fall among its checkpoints (the default 200 MB is never reached by this test)
        try (ProcessWorld world = ProcessWorld.start(dir, true, g -> g.with("qaqpa.db.checkpoint-log-mb", "1"))) {
            List<Submission> acknowledged = Collections.synchronizedList(new ArrayList<>());
            List<String> refused = Collections.synchronizedList(new ArrayList<>());
            Progress progress = new Progress(SENDER_PATIENCE);
            ExecutorService senders = Executors.newFixedThreadPool(CHANNELS.size());
            List<Future<?>> running = new ArrayList<>();
            for (Channel channel : CHANNELS) {
                long senderSeed = random.nextLong();
                running.add(senders.submit(() -> submitAll(world, channel, new Random(senderSeed), progress,
                        acknowledged, refused)));
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread.sleep(1000 + random.nextInt(3000));
                world.gateway.kill();
                Thread.sleep(random.nextInt(1000));
                world.gateway.start();
                progress.made();
            }
            senders.shutdown();
            while (!senders.awaitTermination(1, TimeUnit.SECONDS)) {
                assertThat(progress.stalled()).as("senders without an answer for %s (%d acknowledged); gateway log:%n%s",
                        SENDER_PATIENCE, acknowledged.size(), world.gateway.logTail()).isFalse();
            }
            for (Future<?> sender : running) {
                sender.get(); // done: a sender's own failure, if any
            }
            assertThat(refused).as("faults answered to genuine messages").isEmpty();
            assertThat(acknowledged).hasSize(CHANNELS.size() * APPLICATIONS_PER_CHANNEL);

            awaitSettled(world, acknowledged);
            for (Submission s : acknowledged) {
                assertResultDeliveredOnce(world, s);
                assertThat(codes(world.channel(s.channel()), s.messageId())).as("statuses %s got for %s", s.channel(), s)
                        .containsSubsequence(STATUSES);
                assertThat(codes(world.mocks.con(), s.messageId())).as("statuses ЦОН IS observed for %s", s)
                        .containsAll(STATUSES);
            }

            assertThat(world.gateway.log()).as("the gateway's own checkpoints").contains("store checkpoint (log-size)");
            // one more crash, then the database as the gateway left it
            world.gateway.kill();
            assertStoredOnce(world.gatewayDir, acknowledged);
        }
    }

    /** Submits this channel's applications one by one, each until the gateway answers it. */
    private static void submitAll(ProcessWorld world, Channel channel, Random random, Progress progress,
                                  List<Submission> acknowledged, List<String> refused) {
        ChannelClient client = world.client(channel);
        for (int i = 0; i < APPLICATIONS_PER_CHANNEL; i++) {
            // the portal's referral needs the consumer's consent to an offer first (para 8.10): refusals there; three
            // referrals on each other channel take 6 of the 7 free places of MBU-050 and MBU-012 (kindergartens.csv)
            boolean referral = channel != Channel.PORTAL && i % 4 == 0;
            SampleApplication sample = SampleApplication.on(channel);
            sample = referral ? sample.kindergartens("MBU-050", "MBU-012") : sample.withoutAttachment("BIRTH_CERTIFICATE");
            String messageId = "crash-" + channel + "-" + i;
            SendMessage message = client.request(world.signed(sample), messageId);
            try {
                String correlationId = sendUntilAnswered(client, message, progress);
                acknowledged.add(new Submission(channel, messageId, referral ? "referral" : "refusal", correlationId));
            } catch (RemoteFault fault) {
                refused.add(messageId + ": " + fault.code() + " " + fault.getMessage());
            }
            Pause.sleep(Duration.ofMillis(200 + random.nextInt(1000)));
        }
    }

    /**
     * A sender whose answer was lost (gateway down or killed mid-call) sends the very same message again, until no
     * sender has had an answer and the gateway has not started again for {@link #SENDER_PATIENCE}.
     */
    private static String sendUntilAnswered(ChannelClient client, SendMessage message, Progress progress) {
        while (true) {
            try {
                String correlationId = client.send(message).getCorrelationId();
                progress.made();
                return correlationId;
            } catch (ShepException unreachable) {
                if (progress.stalled()) {
                    throw unreachable;
                }
                Pause.sleep(Duration.ofMillis(250));
            }
        }
    }

    /**
     * Waits until every application's channel has its result and every status it is owed, here and at ЦОН IS; fails
     * once {@link #SETTLE_TIMEOUT} passes with nothing new arriving (a loaded machine is slow, a hung gateway silent).
     */
    private static void awaitSettled(ProcessWorld world, List<Submission> acknowledged) {
        Progress progress = new Progress(SETTLE_TIMEOUT);
        int arrived = arrivals(world, acknowledged);
        for (Submission s : acknowledged) {
            while (!(world.channel(s.channel()).result(s.correlationId()).isPresent()
                    && codes(world.channel(s.channel()), s.messageId()).containsAll(STATUSES)
                    && codes(world.mocks.con(), s.messageId()).containsAll(STATUSES))) {
                int now = arrivals(world, acknowledged);
                if (now > arrived) {
                    arrived = now;
                    progress.made();
                }
                assertThat(progress.stalled()).as("%s settled (nothing arrived for %s); gateway log:%n%s", s,
                        SETTLE_TIMEOUT, world.gateway.logTail()).isFalse();
                Pause.sleep(Duration.ofMillis(100));
            }
        }
    }

    /**
     * Statuses and results the channels and ЦОН IS have received so far for the acknowledged applications. Distinct
     * arrivals only (review53): a gateway stuck sending the same callback again and again is no progress, so
     * a result counts once and a status once per code; the count is bounded and the wait ends.
     */
    private static int arrivals(ProcessWorld world, List<Submission> acknowledged) {
        int n = 0;
        for (Submission s : acknowledged) {
            n += Math.min(1, world.channel(s.channel()).results(s.correlationId()).size())
                    + Set.copyOf(codes(world.channel(s.channel()), s.messageId())).size()
                    + Set.copyOf(codes(world.mocks.con(), s.messageId())).size();
        }
        return n;
    }

    /** When the test last saw progress; a wait fails only after its patience passes without any. */
    private static final class Progress {
        private final Duration patience;
        private final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(
                System.nanoTime());

        Progress(Duration patience) {
            this.patience = patience;
        }

        void made() {
            last.set(System.nanoTime());
        }

        boolean stalled() {
            return System.nanoTime() - last.get() > patience.toNanos();
        }
    }

    /**
     * The result reached its own channel as one outbox message (a crash between sending and recording may repeat
     * that delivery, never make a second result), and no other channel.
     */
    private static void assertResultDeliveredOnce(ProcessWorld world, Submission s) {
        List<ChannelMock.ResultEntry> deliveries = world.channel(s.channel()).results(s.correlationId());
        Map<String, List<ChannelMock.ResultEntry>> byMessage = deliveries.stream()
                .collect(Collectors.groupingBy(ChannelMock.ResultEntry::messageId));
        assertThat(byMessage).as("result messages of %s", s).hasSize(1);
        byte[] first = deliveries.get(0).xml();
        assertThat(deliveries).allSatisfy(d -> assertThat(d.xml()).isEqualTo(first));
        Element result = world.channel(s.channel()).result(s.correlationId()).orElseThrow();
        assertThat(result.getLocalName()).as("result of %s", s).isEqualTo(s.expectedResult());
        for (Channel other : CHANNELS) {
            if (other != s.channel()) {
                assertThat(world.channel(other).results(s.correlationId())).as("%s got %s's result", other, s).isEmpty();
            }
        }
    }

    /** Each acknowledged application is one row, with the correlationId its sender was given, completed. */
    private static void assertStoredOnce(Path gatewayDir, List<Submission> acknowledged) {
        Map<String, List<String[]>> rows = new HashMap<>();
        // opened as a restart opens it, so waiting out the killed process's lock file as a restart would
        try (Database db = Database.hsqldbFile(gatewayDir.resolve("db").toString(), 1)) {
            for (String[] r : db.query("SELECT sender_id, message_id, correlation_id, status_code FROM application",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})) {
                rows.computeIfAbsent(r[0] + "/" + r[1], k -> new ArrayList<>()).add(new String[] {r[2], r[3]});
            }
        }
        assertThat(rows).hasSize(acknowledged.size());
        for (Submission s : acknowledged) {
            List<String[]> stored = rows.get(ProcessWorld.sender(s.channel()) + "/" + s.messageId());
            assertThat(stored).as("rows of %s", s).hasSize(1);
            assertThat(stored.get(0)).containsExactly(s.correlationId(), "COMPLETED");
        }
    }

    private static List<String> codes(ChannelMock mock, String messageId) {
        return mock.statuses(messageId).stream().map(ChannelMock.StatusEntry::statusCode).toList();
    }
}
