package kz.qaqpa.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.qaqpa.trust.SignatureEngine;

/**
 * (e) The machine's signature limit for the gateway's key type and algorithm (RSA-2048, SHA256withRSA): sign and verify
 * rates in this process with the JDK's engine and with the native one where it loads, on one thread and on all
 * cores, and {@code openssl speed rsa2048} as the native reference where openssl exists.
 */
final class SignatureLimit {
    static final String ALGORITHM = "SHA256withRSA";
    /** About the size of a ds:SignedInfo after exclusive C14N: what is actually signed. */
    static final byte[] SIGNED_INFO = new byte[640];

    private SignatureLimit() {
    }

    /** One engine on some threads. */
    record Rate(String engine, int threads, double signPerSecond, double verifyPerSecond) {
    }

    static List<Rate> measure(double seconds) throws InterruptedException, GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair key = generator.generateKeyPair();
        List<Provider> engines = new ArrayList<>();
        engines.add(Security.getProvider("SunRsaSign"));
        Provider corretto = SignatureEngine.corretto();
        if (corretto != null) {
            engines.add(corretto);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Rate> rates = new ArrayList<>();
        for (Provider engine : engines) {
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                double sign = rate(threads, seconds, () -> signer(engine, key));
                double verify = rate(threads, seconds, () -> verifier(engine, key));
                rates.add(new Rate(engine.getName(), threads, sign, verify));
            }
        }
        return rates;
    }

    /** The rate of {@code engine} (the one the gateway uses) on the most threads, or null when it was not measured. */
    static Rate onAllCores(List<Rate> rates, String engine) {
        return rates.stream().filter(r -> r.engine().equals(engine))
                .max(java.util.Comparator.comparingInt(Rate::threads)).orElse(null);
    }

    /** One signature operation, run again and again. */
    interface Operation {
        void run() throws GeneralSecurityException;
    }

    private interface OperationFactory {
        Operation create() throws GeneralSecurityException;
    }

    private static Operation signer(Provider engine, java.security.KeyPair key) throws GeneralSecurityException {
        return signing(Signature.getInstance(ALGORITHM, engine), key.getPrivate());
    }

    private static Operation verifier(Provider engine, java.security.KeyPair key) throws GeneralSecurityException {
        return verifying(Signature.getInstance(ALGORITHM, engine), key.getPrivate(), key.getPublic());
    }

    /** One signature of a SignedInfo's size made by {@code s}, the one instance kept for every run. */
    static Operation signing(Signature s, PrivateKey key) {
        return () -> {
            s.initSign(key);
            s.update(SIGNED_INFO);
            s.sign();
        };
    }

    /** One check by {@code s} of a good signature of a SignedInfo's size, made here once with {@code key}. */
    static Operation verifying(Signature s, PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        s.initSign(key);
        s.update(SIGNED_INFO);
        byte[] value = s.sign();
        return () -> {
            s.initVerify(publicKey);
            s.update(SIGNED_INFO);
            if (!s.verify(value)) {
                throw new GeneralSecurityException("a good signature did not verify");
            }
        };
    }

    /** Operations per second on {@code threads} threads during {@code seconds}, after a short warm-up. */
    private static double rate(int threads, double seconds, OperationFactory factory)
            throws InterruptedException, GeneralSecurityException {
        Operation warm = factory.create();
        long warmUntil = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmUntil) {
            warm.run();
        }
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Operation op = factory.create();
            Thread worker = new Thread(() -> {
                long count = 0;
                try {
                    while (System.nanoTime() < end) {
                        op.run();
                        count++;
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    failures.add(e);
                }
                done.addAndGet(count);
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new GeneralSecurityException("signature benchmark failed", failures.get(0));
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code openssl speed rsa2048} on one and on all cores, or an empty list where openssl is absent. */
    static List<Rate> openssl(int seconds) throws InterruptedException {
        List<Rate> rates = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int processes : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            List<String> command = new ArrayList<>(List.of("openssl", "speed", "-seconds", String.valueOf(seconds)));
            if (processes > 1) {
                command.addAll(List.of("-multi", String.valueOf(processes)));
            }
            command.add("rsa2048");
            String output;
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10L * seconds + 30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return rates;
                }
            } catch (IOException e) {
                return rates;
            }
            Rate rate = parseOpensslSpeed(output, processes);
            if (rate != null) {
                rates.add(rate);
            }
        }
        return rates;
    }

    /** The summary line "rsa 2048 bits 0.000247s 0.000017s 4049.1 58885.1" (sign/s, verify/s last). */
    static Rate parseOpensslSpeed(String output, int processes) {
        Matcher m = Pattern.compile("(?m)^\\s*rsa\\s+2048 bits\\s+\\S+\\s+\\S+\\s+([0-9.]+)\\s+([0-9.]+)").matcher(output);
        return m.find() ? new Rate("openssl", processes, Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))) : null;
    }
}
