package kz.qaqpa.evidence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the message log's archive runs did, for health and metrics: the last run that succeeded, the records archived
 * and the runs failed since the start, and the failure the runs are in since the last good one (if any).
 */
public final class ArchiveRuns {
    private final Clock clock;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile MessageLogArchive.Run lastRun;
    /** Since when the runs fail and why the last one did; null after a good run. */
    private volatile Failure failing;

    private record Failure(Instant since, String reason) {
    }

    /** What health reports. */
    public record State(boolean up, String detail) {
    }

    ArchiveRuns(Clock clock) {
        this.clock = clock;
    }

    void succeeded(MessageLogArchive.Run run) {
        records.addAndGet(run.records());
        lastRun = run;
        lastSuccess = clock.instant();
        failing = null;
    }

    void failed(Exception e) {
        failures.incrementAndGet();
        Failure before = failing;
        failing = new Failure(before == null ? clock.instant() : before.since(), String.valueOf(e.getMessage()));
    }

    /** Records archived since the start. */
    public long records() {
        return records.get();
    }

    /** Runs failed since the start. */
    public long failures() {
        return failures.get();
    }

    /** When the last good run ended, in seconds since the epoch; NaN before the first. */
    public double lastSuccessEpochSeconds() {
        Instant last = lastSuccess;
        return last == null ? Double.NaN : last.toEpochMilli() / 1000.0;
    }

    /**
     * Down once the runs have failed, with no good run since, for longer than {@code maxFailing} (zero: from the first
     * failure); until then up, the failure in the detail.
     */
    public State state(Duration maxFailing) {
        Instant last = lastSuccess;
        String done = last == null ? "no run has succeeded since the start"
                : "last run " + last + ": " + lastRun + " (" + records.get() + " records archived since the start)";
        Failure f = failing;
        if (f == null) {
            return new State(true, done);
        }
        boolean late = !clock.instant().isBefore(f.since().plus(maxFailing));
        return new State(!late, "archive runs fail since " + f.since() + " (" + f.reason() + "); " + done
                + (late ? ": failing longer than qaqpa.log.archive.max-failing " + maxFailing : ""));
    }
}
