package kz.qaqpa.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * The long run (docs/operations.md, "Long run"): the gateway from the jar in a JVM of its own ({@code -Xmx256m}),
 * driven for {@code soak.minutes} with a mix of good and bad traffic, so that memory, threads, descriptors and the
 * store can be watched over time (bench/soak-watch.sh). Not a test: it runs for minutes. Counts per kind each minute.
 *
 * <pre>java -Dsoak.minutes=12 -Dsoak.out=/tmp/soak -cp target/test-classes:target/qaqpa-0.1.0-SNAPSHOT-all.jar kz.qaqpa.bench.Soak</pre>
 */
public final class Soak {
    private static final int OVERSIZED_BYTES = 6 * 1024 * 1024;
    /**
     * The provider mocks' poll interval during the soak: 2 s, as the soak has always run (the demo ships 10 s since
     * session 34, which at one application a second would leave the provider behind).
     */
    private static final String SOAK_POLL_INTERVAL = "PT2S";
    /** Pause after each application (the provider mock takes at most 10 a poll, every 2 s in the soak). */
    private static final long APPLICATION_PAUSE_MS = Long.getLong("soak.application-pause-ms", 1000);
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> submitted = new ConcurrentLinkedDeque<>();
    private volatile long deadline;

    public static void main(String[] args) throws Exception {
        new Soak().run(Integer.getInteger("soak.minutes", 12), Path.of(System.getProperty("soak.out", "soak-out")),
                System.getProperty("soak.jar", "target/qaqpa-0.1.0-SNAPSHOT-all.jar"));
    }

    private void run(int minutes, Path out, String jar) throws Exception {
        Files.createDirectories(out);
        Path dataDir = out.resolve("data");
        try (GatewayProcess gateway = GatewayProcess.start(List.of("-jar", jar), List.of("-Xmx256m"), dataDir,
                out.resolve("gateway.log"), Map.of("qaqpa.mocks.provider.poll-interval", SOAK_POLL_INTERVAL))) {
            Files.writeString(out.resolve("soak.env"), "PID=" + gateway.pid() + "\nDATA_DIR=" + dataDir.toAbsolutePath()
                    + "\nMONITORING_PORT=" + gateway.property("qaqpa.monitoring.port")
                    + "\nOPERATOR_PORT=" + gateway.property("qaqpa.operator.port") + "\n");
            TestPki pki = TestPki.openOrCreate(dataDir.resolve("pki"), "qaqpa-test".toCharArray(),
                    "http://localhost:" + gateway.property("qaqpa.test-pki.port"), Clock.systemUTC(), KeyAlgorithm.RSA);
            URI sync = URI.create(gateway.baseUrl() + "/shep/sync");
            String async = gateway.baseUrl() + "/shep/async";
            int port = Integer.parseInt(gateway.property("qaqpa.http.port"));
            RequestPools pools = new RequestPools(pki);
            KeyMaterial portalKey = pki.key("portal");
            ChannelClient portal = new ChannelClient(async, RequestPools.PORTAL, "portal-secret", portalKey, c -> { });
            deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            List<Thread> threads = new ArrayList<>();
            threads.add(loop("lookup", () -> lookup(sync, pools)));
            threads.add(loop("lookup", () -> lookup(sync, pools)));
            threads.add(loop("application", () -> application(URI.create(async), pools)));
            threads.add(loop("status", () -> status(portal)));
            threads.add(loop("refused", () -> refused(sync, URI.create(async), pools, pki, portalKey)));
            threads.add(loop("broken", () -> broken(port)));
            threads.add(loop("slow", () -> slow(port, pools)));
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(60_000);
                System.out.printf("%4.1f min %s%n", (System.nanoTime() - start) / 6e10, new java.util.TreeMap<>(counts));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.println("done: " + new java.util.TreeMap<>(counts));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private Thread loop(String name, Step step) {
        Thread thread = new Thread(() -> {
            while (System.nanoTime() < deadline) {
                try {
                    step.run();
                } catch (Exception e) {
                    count(name + " exception " + e.getClass().getSimpleName());
                    sleep(200);
                }
            }
        }, "soak-" + name);
        thread.start();
        return thread;
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void lookup(URI sync, RequestPools pools) throws IOException {
        byte[] answer = ClosedLoad.post(sync, pools.personLookups(1).get(0)).body();
        count(ClosedLoad.contains(answer, "SCSS001") ? "lookup ok" : "lookup unexpected");
    }

    /** A portal application; the provider mock works it to a signed result (a reasoned refusal). */
    private void application(URI async, RequestPools pools) throws IOException {
        byte[] request = pools.applications(1).get(0);
        String correlationId = RequestPools.correlationId(ClosedLoad.post(async, request).body());
        count(correlationId != null ? "application accepted" : "application unexpected");
        String text = new String(request, StandardCharsets.UTF_8);
        int at = text.indexOf("bench-");
        submitted.addFirst(text.substring(at, at + "bench-".length() + 36));
        while (submitted.size() > 100) {
            submitted.pollLast();
        }
        sleep(APPLICATION_PAUSE_MS);
    }

    private void status(ChannelClient portal) {
        String messageId = submitted.peekFirst();
        if (messageId == null) {
            sleep(500);
            return;
        }
        portal.status(messageId);
        count("status ok");
        sleep(300);
    }

    /** Bad signature, wrong password, malformed XML, oversized body (by length and chunked): each must be a fault. */
    private void refused(URI sync, URI async, RequestPools pools, TestPki pki, KeyMaterial portalKey) throws IOException {
        String signed = new String(pools.personLookups(1).get(0), StandardCharsets.UTF_8);
        fault("bad signature", sync, signed.replace("850315401201", "850315401202").getBytes(StandardCharsets.UTF_8));
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        Element application = ChannelClient.sign(sample.build(), pki.key(sample.signerAlias()));
        fault("wrong password", async, SecureXml.serialize(EnvelopeSigner.sign(SoapEnvelopes.wrap(
                AsyncMessages.sendMessage("REQUEST", "soak-" + UUID.randomUUID(), null, ChannelClient.SERVICE_ID,
                        RequestPools.PORTAL, "wrong-secret", application)), portalKey)));
        fault("malformed", sync, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><x>"
                .getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[OVERSIZED_BYTES];
        java.util.Arrays.fill(big, (byte) ' ');
        fault("oversized", sync, big);
    }

    private void fault(String kind, URI url, byte[] body) throws IOException {
        var answer = ClosedLoad.post(url, body);
        count(kind + (ClosedLoad.contains(answer.body(), "Fault>") || answer.status() >= 400 ? " refused" : " ANSWERED"));
    }

    /** Connections dropped half-way: a head alone, a body cut short, a head cut short. */
    private void broken(int port) throws IOException {
        String head = "POST /shep/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n";
        try (Socket s = new Socket("localhost", port)) {
            s.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (Socket s = new Socket("localhost", port)) {
            s.getOutputStream().write((head + "\r\n<soap:Envelope").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sleep(20);
        }
        try (Socket s = new Socket("localhost", port)) {
            s.getOutputStream().write(head.substring(0, 30).getBytes(StandardCharsets.US_ASCII));
        }
        count("broken x3");
        sleep(100);
    }

    /** A slow sender: a signed look-up trickled in small pieces over a few seconds (within the read timeout). */
    private void slow(int port, RequestPools pools) throws IOException {
        byte[] body = pools.personLookups(1).get(0);
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(60_000);
            OutputStream o = s.getOutputStream();
            o.write(("POST /shep/sync HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=UTF-8\r\n"
                    + "SOAPAction: \"\"\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int piece = Math.max(1, body.length / 20);
            for (int i = 0; i < body.length; i += piece) {
                o.write(body, i, Math.min(piece, body.length - i));
                o.flush();
                sleep(200);
            }
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            count(answer.contains("SCSS001") ? "slow ok" : "slow unexpected");
        }
    }
}
