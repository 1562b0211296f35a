package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.store.StatusHistory;
import org.apache.camel.Exchange;

/** Writes an exchange's recorded steps into the status history; due time from the step's {@link Norm}. */
public final class Trail {
    private final StatusHistory history;
    private final WorkingCalendar calendar;

    /** @param calendar the working days and the zone where the regulation's days begin and end (qaqpa.calendar) */
    public Trail(StatusHistory history, WorkingCalendar calendar) {
        this.history = history;
        this.calendar = calendar;
    }

    /**
     * @param awaitingSince when the first step of this exchange really began (the previous step's end), for steps
     *                      that wait on a person, such as the ЖАО employee's decision; null = the step's own start
     */
    public void persist(Exchange exchange, String correlationId, Instant awaitingSince) {
        boolean first = true;
        for (TrailEntry e : StepRecorder.trail(exchange)) {
            Instant start = first && awaitingSince != null ? awaitingSince : e.startedAt();
            first = false;
            history.append(new StatusHistory.Step(correlationId, e.stepId(), e.description(), e.norm(), at(start),
                    e.norm() == null ? null : at(Norm.parse(e.norm()).dueFrom(start, calendar)), at(e.endedAt()),
                    bounded(e.outcome())));
        }
        StepRecorder.trail(exchange).clear();
    }

    /** Outcomes may quote a refusal's reason; the store keeps the first 1000 characters. */
    private static String bounded(String outcome) {
        return outcome == null || outcome.length() <= 1000 ? outcome : outcome.substring(0, 997) + "...";
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
