package kz.qaqpa.bench;

/**
 * One measured path at one concurrency. {@code liveHeapMb} is the heap in use right after the gateway's last
 * garbage collection in the step (what it holds, without the garbage that {@code peakHeapMb} includes). {@code cpuPercent} is the gateway process's CPU (its embedded mocks
 * included; 100 = one core). The signature fields are null on unsigned paths. {@code started} and {@code ended} bound
 * the step's requests (the client's clock, UTC), so that the gateway's log lines of a stall (a store checkpoint, a
 * collector pause: docs/operations.md) can be matched to the step whose p99 they lifted (stall47).
 */
record Row(String path, int clients, int requests, double throughputRps, double p50Ms, double p99Ms, int errors,
           double peakHeapMb, double liveHeapMb, double cpuPercent, Double signaturesPerRequest, Double signatureBoundRps,
           Double signatureBoundRatio, String firstError, java.time.Instant started, java.time.Instant ended) {

    /** signature_bound_rps: the machine's signature rate (e) divided by the signatures made and checked per request. */
    static Double bound(double signedPerRequest, double verifiedPerRequest, SignatureLimit.Rate rate) {
        if (rate == null || signedPerRequest + verifiedPerRequest == 0) {
            return null;
        }
        return 1.0 / (signedPerRequest / rate.signPerSecond() + verifiedPerRequest / rate.verifyPerSecond());
    }
}
