package kz.qaqpa.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import kz.qaqpa.http.HttpCalls;

/**
 * Closed-loop HTTP load: {@code clients} threads each post the next prepared request as soon as their previous one
 * is answered, over kept-alive connections (the gateway's own {@link HttpCalls}), until every request was sent once.
 */
final class ClosedLoad {
    private ClosedLoad() {
    }

    /**
     * What one run saw; {@code answers} holds each answer's body (same order as the requests) when kept.
     * {@code beganNanos} is when each request was sent, from the run's start: it places a slow request in time, beside
     * the gateway's log (a checkpoint, a collection pause).
     */
    record Outcome(long[] latencyNanos, long[] beganNanos, long wallNanos, int errors, String firstError,
                   byte[][] answers) {
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
        URI target = URI.create(url);
        int n = requests.size();
        long[] latency = new long[n];
        long[] began = new long[n];
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
                    long sent = System.nanoTime();
                    began[i] = sent - start;
                    String problem;
                    byte[] answer = null;
                    try {
                        HttpCalls.Answer r = post(target, request);
                        answer = r.body();
                        problem = r.status() != 200 ? "HTTP " + r.status() + ": " + snippet(r.body())
                                : accept.test(request, r.body()) ? null : "unexpected answer: " + snippet(r.body());
                    } catch (IOException | RuntimeException e) {
                        problem = e.toString();
                    }
                    latency[i] = System.nanoTime() - sent;
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
        return new Outcome(latency, began, System.nanoTime() - start, errors.get(), firstError.get(), answers);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One POST over the gateway's own HTTP client (kept-alive connections, no Nagle stall). */
    static HttpCalls.Answer post(URI url, byte[] body) throws IOException {
        return HttpCalls.post(url, body, TIMEOUT, Integer.MAX_VALUE - 8,
                "Content-Type", "text/xml; charset=UTF-8", "SOAPAction", "\"\"");
    }

    /** The body of a 200 answer to a GET, else null. */
    static byte[] get(URI url) throws IOException {
        HttpCalls.Answer answer = HttpCalls.get(url, TIMEOUT, Integer.MAX_VALUE - 8);
        return answer.status() == 200 ? answer.body() : null;
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, java.nio.charset.StandardCharsets.UTF_8).contains(needle);
    }

    private static String snippet(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
