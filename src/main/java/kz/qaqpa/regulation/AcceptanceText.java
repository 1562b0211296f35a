package kz.qaqpa.regulation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The status text a channel sees when its application is accepted, filled from the route's words: a receipt of
 * acceptance (seed 004 para 8.1: number and date, the service, the documents, the date and place of issue, the
 * employee who accepted it) or a portal notice of the date and time of the result. Tokens: {number}, {date},
 * {service} (the catalogue title), {documents} (count and kinds, from {@code field.documents}), {term} (the
 * planned end of the service, local time) and {employee} (the signer of the application). A text without tokens
 * is shown as written.
 */
public final class AcceptanceText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private final ZoneId zone;

    /** @param zone where the regulation's days begin and end (qaqpa.time-zone) */
    public AcceptanceText(ZoneId zone) {
        this.zone = zone;
    }

    /** A status text with {term}: the planned end of the whole service (null: not planned). */
    public String fillTerm(String text, Instant term) {
        return text == null ? null : text.replace("{term}", term == null ? "-" : DATE_TIME.format(term.atZone(zone)));
    }

    /** @param term the planned end of the whole service, or null when it cannot be planned */
    public String fill(String text, Exchange exchange, String number, Instant acceptedAt, Instant term) {
        if (text == null || !text.contains("{")) {
            return text;
        }
        List<String> documents = DocumentFields.readAll(ApplicationDocument.of(exchange).element(),
                exchange.getVariable("field.documents", String.class));
        return fillTerm(text, term).replace("{number}", number)
                .replace("{date}", DATE.format(acceptedAt.atZone(zone)))
                .replace("{service}", exchange.getVariable("catalogue.title", "", String.class))
                .replace("{documents}", documents.size() + " (" + String.join(", ", documents) + ")")
                .replace("{employee}", exchange.getVariable("signerName", "-", String.class));
    }
}
