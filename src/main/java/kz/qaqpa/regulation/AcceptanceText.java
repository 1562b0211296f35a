package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The status text a channel sees when its application is accepted, filled from the route's words: a receipt of
 * acceptance (seed 004 para 8.1: number and date, the service, the documents, the date and place of issue, the
 * employee who accepted it) or a portal notice of the date and time of the result. Tokens: {number}, {date},
 * {service} (the catalogue title), {documents} (count and kinds, from {@code field.documents}), {term} (the
 * planned end of the service, local time; one ending at midnight as 24:00 of the day before) and {employee} (the
 * signer of the application). A text without tokens is shown as written.
 */
public final class AcceptanceText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private static final String END_OF_DAY = "24:00";
    private final ServiceCalendars calendars;

    /** @param calendars where each regulation's days begin and end (its zone, else qaqpa.time-zone) */
    public AcceptanceText(ServiceCalendars calendars) {
        this.calendars = calendars;
    }

    /**
     * A status text with {term}: the planned end of the whole service (null: not planned), in the zone of the service
     * the exchange is about.
     */
    public String fillTerm(Exchange exchange, String text, Instant term) {
        return fillTerm(text, term, calendars.zoneOf(exchange));
    }

    static String fillTerm(String text, Instant term, ZoneId zone) {
        return text == null ? null : text.replace("{term}", term == null ? "-" : dateTime(term, zone));
    }

    /** {@link #dateTime(Instant, ZoneId)} in the zone of the service the exchange is about. */
    public String dateTime(Exchange exchange, Instant term) {
        return dateTime(term, calendars.zoneOf(exchange));
    }

    /**
     * A date and time a status text shows, "dd.MM.yyyy HH:mm" in the regulation's zone. A term of days ends at
     * midnight, which "00:00" would show as the next day, often a day off, when the result is due on the day before:
     * it is shown as 24:00 of its last day, as the Civil Code counts a term's last day (to twenty-four hours). The
     * form is ours; the regulations ask only for the date and time.
     */
    static String dateTime(Instant term, ZoneId zone) {
        ZonedDateTime end = term.atZone(zone);
        if (end.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return DATE.format(end.minusDays(1)) + " " + END_OF_DAY;
        }
        return DATE_TIME.format(end);
    }

    /** @param term the planned end of the whole service, or null when it cannot be planned */
    public String fill(String text, Exchange exchange, String number, Instant acceptedAt, Instant term) {
        if (text == null || !text.contains("{")) {
            return text;
        }
        List<String> documents = DocumentFields.readAll(ApplicationDocument.of(exchange).element(),
                exchange.getVariable("field.documents", String.class));
        ZoneId zone = calendars.zoneOf(exchange);
        return fillTerm(text, term, zone).replace("{number}", number)
                .replace("{date}", DATE.format(acceptedAt.atZone(zone)))
                .replace("{service}", exchange.getVariable("catalogue.title", "", String.class))
                .replace("{documents}", documents.size() + " (" + String.join(", ", documents) + ")")
                .replace("{employee}", exchange.getVariable("signerName", "-", String.class));
    }
}
