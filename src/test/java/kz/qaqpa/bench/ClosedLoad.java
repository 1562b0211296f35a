package kz.qaqpa.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * Closed-loop HTTP load: {@code clients} threads each post the next prepared request as soon as their previous one
 * is answered, over kept-alive connections, until every request was sent once.
 */
final class ClosedLoad {
    private ClosedLoad() {
    }

    /** What one run saw; {@code answers} holds each answer's body (same order as the requests) when kept. */
    record Outcome(long[] latencyNanos, long wallNanos, int errors, String firstError, byte[][] answers) {
        double throughput() {
            return latencyNanos.length / (wallNanos / 1e9);
        }

        double percentileMs(double p) {
            return percentileMs(latencyNanos, p);
        }

        static double percentileMs(long[] nanos, double p) {
            if (nanos.length == 0) {
                return 0;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }

    /**
     * @param accept decides from the request and the answer (HTTP 200 body) whether the answer is right; any other
     *               status, an exception or a refused answer counts as an error
     */
    static Outcome run(String url, List<byte[]> requests, int clients, BiPredicate<byte[], byte[]> accept,
                       boolean keepAnswers) throws InterruptedException {
        URL target;
        try {
            target = URI.create(url).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(url, e);
        }
        int n = requests.size();
        long[] latency = new long[n];
        byte[][] answers = keepAnswers ? new byte[n][] : null;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    byte[] request = requests.get(i);
                    long began = System.nanoTime();
                    String problem;
                    byte[] answer = null;
                    try {
                        Response r = post(target, request);
                        answer = r.body();
                        problem = r.status() != 200 ? "HTTP " + r.status() + ": " + snippet(r.body())
                                : accept.test(request, r.body()) ? null : "unexpected answer: " + snippet(r.body());
                    } catch (IOException | RuntimeException e) {
                        problem = e.toString();
                    }
                    latency[i] = System.nanoTime() - began;
                    if (answers != null) {
                        answers[i] = answer;
                    }
                    if (problem != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, problem);
                    }
                }
            }, "bench-client-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Outcome(latency, System.nanoTime() - start, errors.get(), firstError.get(), answers);
    }

    record Response(int status, byte[] body) {
    }

    /** One POST; the connection goes back to the JDK's keep-alive cache once the answer is read to its end. */
    static Response post(URL url, byte[] body) throws IOException {
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        http.setConnectTimeout(10_000);
        http.setReadTimeout(60_000);
        http.setDoOutput(true);
        http.setRequestMethod("POST");
        http.setFixedLengthStreamingMode(body.length);
        http.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
        http.setRequestProperty("SOAPAction", "\"\"");
        try (OutputStream out = http.getOutputStream()) {
            out.write(body);
        }
        int status = http.getResponseCode();
        try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            return new Response(status, in == null ? new byte[0] : in.readAllBytes());
        }
    }

    static byte[] get(URL url) throws IOException {
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        http.setConnectTimeout(10_000);
        http.setReadTimeout(30_000);
        int status = http.getResponseCode();
        try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            return status == 200 ? body : null;
        }
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, java.nio.charset.StandardCharsets.UTF_8).contains(needle);
    }

    private static String snippet(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
