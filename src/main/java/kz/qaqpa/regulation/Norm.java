package kz.qaqpa.regulation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A step's time norm as a route file writes it: an ISO-8601 duration ({@code PT15M}), optionally followed by
 * {@code from-next-day} when the regulation does not count the day the step began ("the day of acceptance is not
 * counted": {@code P3D from-next-day} ends three whole days after that day, local time).
 */
public record Norm(Duration duration, boolean fromNextDay) {
    private static final String FROM_NEXT_DAY = "from-next-day";

    public static Norm parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length > 2 || (parts.length == 2 && !FROM_NEXT_DAY.equals(parts[1]))) {
            throw new IllegalArgumentException("norm '" + text + "' is not '<ISO-8601 duration> [" + FROM_NEXT_DAY + "]'");
        }
        return new Norm(Duration.parse(parts[0]), parts.length == 2);
    }

    /** When a step that began at {@code start} is due, in the regulation's local time zone. */
    public Instant dueFrom(Instant start, ZoneId zone) {
        if (!fromNextDay) {
            return start.plus(duration);
        }
        return start.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).plus(duration).toInstant();
    }
}
