package kz.qaqpa.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.channel.SyncMessages;
import kz.qaqpa.document.person.PersonRequest;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.EnvelopeVerifier;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.trust.SantuarioRegistry;
import kz.qaqpa.trust.SignatureEngine;
import kz.qaqpa.xml.SecureXml;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;
import org.apache.xml.security.algorithms.implementations.SignatureBaseRSA;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Document;

/**
 * What one XML signature made and one checked cost on this thread, in CPU time and allocated bytes, for a (b)-sized
 * envelope (the portal's signed GBDFL_PERSON look-up): {@link EnvelopeSigner#sign} and {@link EnvelopeVerifier#verify}
 * as the gateway calls them, beside the bare RSA operation on the same engine (a kept {@link Signature} over 640 bytes,
 * about a canonical SignedInfo) as the floor. Santuario's Java side is the difference.
 *
 * <p>Not a test and not the benchmark: a main for an A/B of a change in how signatures are made (perf67). Thread CPU
 * time and allocated bytes are of this thread alone, so other processes on a loaded machine change them little (CPU
 * caches and frequency still do: compare runs of one sitting). The envelopes are prepared outside the measured windows
 * (a batch at a time), so parsing and copying are not counted.
 *
 * <pre>java [-Dcompare=true] -cp target/classes:target/test-classes:target/qaqpa-0.1.0-SNAPSHOT-all.jar \
 *     kz.qaqpa.bench.XmlSignatureCost [rounds 30] [batch 100] [test PKI directory]</pre>
 * (the build's classes before the jar's copies of them; the jar for the libraries).
 */
public final class XmlSignatureCost {
    private static final String KNOWN_IIN = "850315401201";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private XmlSignatureCost() {
    }

    /** One measured window of {@code operations} operations. */
    record Window(long cpuNanos, long allocatedBytes, int operations) {
        double cpuMicrosEach() {
            return cpuNanos / 1e3 / operations;
        }

        double bytesEach() {
            return (double) allocatedBytes / operations;
        }
    }

    /** Something done {@code batch} times in a window, over inputs prepared before it. */
    private interface Batch {
        void prepare(int batch) throws GeneralSecurityException;

        void run() throws GeneralSecurityException;
    }

    public static void main(String[] args) throws GeneralSecurityException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path pkiDir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir") + "/xml-signature-cost-pki");
        String engine = SignatureEngine.configure(System.getProperty("qaqpa.crypto.provider", SignatureEngine.AUTO));
        TestPki pki = TestPki.openOrCreate(pkiDir, "qaqpa-test".toCharArray(), "http://localhost:1", Clock.systemUTC(),
                KeyAlgorithm.RSA);
        KeyMaterial portal = pki.key(RequestPools.PORTAL.toLowerCase(Locale.ROOT));
        byte[] unsigned = SecureXml.serialize(lookup());
        byte[] signed = SecureXml.serialize(EnvelopeSigner.sign(SecureXml.parse(unsigned), portal));
        System.out.printf("engine %s, envelope %d bytes unsigned, %d signed; %d rounds of %d, the first third warm-up%n",
                engine, unsigned.length, signed.length, rounds, batch);
        if (Boolean.getBoolean("compare")) {
            compare(rounds, batch, unsigned, signed, portal);
            return;
        }
        report("sign (EnvelopeSigner.sign)", measure(rounds, batch, signing(unsigned, portal)));
        report("verify (EnvelopeVerifier.verify)", measure(rounds, batch, verifying(signed)));
        report("RSA sign alone (kept Signature)", measure(rounds, batch, repeated(SignatureLimit.signing(Signature.getInstance(SignatureLimit.ALGORITHM),
                portal.privateKey()))));
        report("RSA verify alone (kept Signature)", measure(rounds, batch, repeated(SignatureLimit.verifying(Signature.getInstance(SignatureLimit.ALGORITHM),
                portal.privateKey(), portal.certificate().getPublicKey()))));
    }

    /**
     * {@code -Dcompare=true}: in this one JVM, round by round, Santuario's own RSA-SHA256 engine and the one the
     * gateway registers ({@code RsaXmlDsig}), swapped in Santuario's registry between rounds, so both run on the
     * same warmed JVM at the same moment's load; also one engine cycle alone (made, initialised, 640 bytes, verified).
     */
    private static void compare(int rounds, int batch, byte[] unsigned, byte[] signed, KeyMaterial portal)
            throws GeneralSecurityException {
        java.util.Map<String, Class<? extends SignatureAlgorithmSpi>> registry = SantuarioRegistry.engines();
        Class<? extends SignatureAlgorithmSpi> gateways = registry.get(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256);
        java.util.Map<String, Class<? extends SignatureAlgorithmSpi>> engines = new java.util.LinkedHashMap<>();
        engines.put("Santuario's", SignatureBaseRSA.SignatureRSASHA256.class);
        engines.put("gateway's (" + gateways.getSimpleName() + ")", gateways);
        java.util.Map<String, List<List<Window>>> windows = new java.util.LinkedHashMap<>();
        List<Batch> work = List.of(signing(unsigned, portal), verifying(signed), engineCycle(portal));
        for (int round = 0; round < rounds; round++) {
            for (java.util.Map.Entry<String, Class<? extends SignatureAlgorithmSpi>> engine : engines.entrySet()) {
                registry.put(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, engine.getValue());
                List<List<Window>> kept = windows.computeIfAbsent(engine.getKey(),
                        k -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                for (int w = 0; w < work.size(); w++) {
                    List<Window> one = measure(1, batch, work.get(w), 0);
                    if (round >= rounds / 3) {
                        kept.get(w).addAll(one);
                    }
                }
            }
        }
        registry.put(XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, gateways);
        String[] names = {"sign (EnvelopeSigner.sign)", "verify (EnvelopeVerifier.verify)", "engine cycle (verify 640 B)"};
        for (int w = 0; w < names.length; w++) {
            for (java.util.Map.Entry<String, List<List<Window>>> engine : windows.entrySet()) {
                report(names[w] + ", " + engine.getKey(), engine.getValue().get(w));
            }
        }
    }

    /** Santuario's engine, made as for each ds:SignatureMethod, initialised, fed a SignedInfo's size, verified. */
    private static Batch engineCycle(KeyMaterial key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(SignatureLimit.ALGORITHM);
        signature.initSign(key.privateKey());
        signature.update(SignatureLimit.SIGNED_INFO);
        byte[] value = signature.sign();
        Document doc = SecureXml.newDocument();
        return repeated(() -> {
            try {
                SignatureAlgorithm engine = new SignatureAlgorithm(doc, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256);
                engine.initVerify(key.certificate().getPublicKey());
                engine.update(SignatureLimit.SIGNED_INFO);
                if (!engine.verify(value)) {
                    throw new GeneralSecurityException("a good signature did not verify");
                }
            } catch (org.apache.xml.security.exceptions.XMLSecurityException e) {
                throw new GeneralSecurityException(e);
            }
        });
    }

    /** A sync SendMessage look-up of GBDFL_PERSON from the portal, unsigned, as (b)'s load client builds it. */
    static Document lookup() {
        PersonRequest query = new PersonRequest();
        query.setIin(KNOWN_IIN);
        return SoapEnvelopes.wrap(SyncMessages.sendMessage("bench-" + UUID.randomUUID(), "GBDFL_PERSON", null,
                RequestPools.PORTAL, "portal-secret", ShepXml.toElement(query)));
    }

    static Batch signing(byte[] unsigned, KeyMaterial key) {
        return eachParsed(unsigned, envelope -> EnvelopeSigner.sign(envelope, key));
    }

    static Batch verifying(byte[] signed) {
        return eachParsed(signed, EnvelopeVerifier::verify);
    }

    /** A batch of {@code xml} parsed beforehand (parsing is not measured), {@code operation} run on each. */
    private static Batch eachParsed(byte[] xml, java.util.function.Consumer<Document> operation) {
        List<Document> envelopes = new ArrayList<>();
        return new Batch() {
            @Override
            public void prepare(int batch) {
                envelopes.clear();
                for (int i = 0; i < batch; i++) {
                    envelopes.add(SecureXml.parse(xml));
                }
            }

            @Override
            public void run() {
                envelopes.forEach(operation);
            }
        };
    }

    /** {@code operation} run a batch's count of times. */
    private static Batch repeated(SignatureLimit.Operation operation) {
        return new Batch() {
            private int count;

            @Override
            public void prepare(int batch) {
                count = batch;
            }

            @Override
            public void run() throws GeneralSecurityException {
                for (int i = 0; i < count; i++) {
                    operation.run();
                }
            }
        };
    }

    /** The windows after the first third of the rounds (the JIT's warm-up). */
    static List<Window> measure(int rounds, int batch, Batch work) throws GeneralSecurityException {
        return measure(rounds, batch, work, rounds / 3);
    }

    /** The windows from round {@code firstKept} on. */
    static List<Window> measure(int rounds, int batch, Batch work, int firstKept) throws GeneralSecurityException {
        List<Window> windows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            work.prepare(batch);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            Window window = new Window(THREADS.getCurrentThreadCpuTime() - cpu,
                    THREADS.getCurrentThreadAllocatedBytes() - allocated, batch);
            if (round >= firstKept) {
                windows.add(window);
            }
        }
        return windows;
    }

    private static void report(String what, List<Window> windows) {
        if (windows.isEmpty()) {
            return;
        }
        double[] cpu = windows.stream().mapToDouble(Window::cpuMicrosEach).sorted().toArray();
        double[] bytes = windows.stream().mapToDouble(Window::bytesEach).sorted().toArray();
        System.out.printf("%-56s CPU us each: median %8.1f  min %8.1f  max %8.1f | bytes each: median %9.0f  min %9.0f"
                + "  max %9.0f%n", what, median(cpu), cpu[0], cpu[cpu.length - 1], median(bytes), bytes[0],
                bytes[bytes.length - 1]);
    }

    private static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
