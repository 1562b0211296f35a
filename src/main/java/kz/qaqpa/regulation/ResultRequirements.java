package kz.qaqpa.regulation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.store.ApplicationDocuments;
import kz.qaqpa.store.Applications;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.xml.XsDateTime;
import org.apache.camel.Exchange;
import org.w3c.dom.Element;

/**
 * What the regulation requires of a provider's result beyond its kind and signer (each where the progress route
 * names it): the part of the application it answers, what it repeats of the application, what it must rest on, the
 * validity and the day of application its form prints, and the consent or home visit it must follow.
 */
final class ResultRequirements {
    private final ApplicationDocuments documents;
    private final QueuedApplications queued;
    private final ServiceCalendars calendars;
    private final Clock clock;
    private final Duration clockSkew;

    /**
     * @param calendars where each regulation's days begin (a result's issue day): its service's zone
     * @param clock     the gateway's clock (qaqpa.clock): when a result arrives
     * @param clockSkew how far ahead of the gateway's clock a signer's clock may run
     *                  (qaqpa.trust.timestamp-clock-skew)
     */
    ResultRequirements(ApplicationDocuments documents, QueuedApplications queued, ServiceCalendars calendars,
                       Clock clock, Duration clockSkew) {
        this.documents = documents;
        this.queued = queued;
        this.calendars = calendars;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    void require(Exchange exchange, Applications.Application application, Element result) {
        requireIssuedWhileOpen(exchange, application, result);
        requireAnswersTheForm(exchange, application, result);
        requireRepeatsTheApplication(exchange, application, result);
        requireWhatTheTextAsks(exchange, result);
        requireNothingTheChannelRulesOut(exchange, application, result);
        requireThePrintedValidity(exchange, result);
        requireTheApplicationsDay(exchange, application, result);
        requireConsentFirst(exchange, application, result);
        requireHomeVisitFirst(exchange, application, result);
    }

    /** Where the regulation decides on the basis of the home visit (variable homeVisitBefore), its act comes first. */
    private void requireHomeVisitFirst(Exchange exchange, Applications.Application application, Element result) {
        if (!ProviderEvents.listed(exchange, "homeVisitBefore", result)) {
            return;
        }
        String act = exchange.getVariable("homeVisitDocument", String.class);
        Element actDocument = documents.latest(application.correlationId(), act)
                .map(d -> SecureXml.parse(d.document().getBytes(StandardCharsets.UTF_8)).getDocumentElement())
                .orElseThrow(() -> new ShepException(FaultCode.STATUS_CONFLICT, "a " + result.getLocalName()
                        + " on channel " + application.channel() + " is prepared on the basis of the " + act
                        + " of the home visit, which the provider has not sent"));
        requireRestsOnTheAct(exchange, result, actDocument);
    }

    /**
     * Where the result is prepared on the basis of the act (seed 004 S9 para 8.3), the route names the pairs (variable
     * {@code result.restsOnAct.<result's local name>}: comma-separated {@code resultPath=actPath}, XPath expressions):
     * the result may affirm ('true') only what the act affirms; it may still deny what the act allows (other grounds).
     */
    private static void requireRestsOnTheAct(Exchange exchange, Element result, Element act) {
        String pairs = exchange.getVariable("result.restsOnAct." + result.getLocalName(), String.class);
        if (pairs == null || pairs.isBlank()) {
            return;
        }
        // the pairs read as result.repeats' are (a pair without '=' is the route's defect, named)
        for (RepeatedField pair : RepeatedField.parse(pairs)) {
            String affirmed = DocumentFields.value(result, pair.resultPath());
            String found = DocumentFields.value(act, pair.applicationPath());
            if ("true".equals(affirmed) && !"true".equals(found)) {
                throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + result.getLocalName() + "'s "
                        + pair.resultPath() + " 'true' is not on the basis of the " + act.getLocalName() + " ("
                        + pair.applicationPath() + " '" + found + "')");
            }
        }
    }

    /**
     * Where the regulation forms a result only after the consumer's written consent to the offered place (seed 002
     * para 8.10: the referral), the consumer must have agreed, to this very organisation.
     */
    private void requireConsentFirst(Exchange exchange, Applications.Application application, Element result) {
        if (!ProviderEvents.listed(exchange, "consentBefore", result)) {
            return;
        }
        if (!"CONSENTED".equals(application.statusCode())) {
            throw new ShepException(FaultCode.STATUS_CONFLICT, "a " + result.getLocalName() + " on channel "
                    + application.channel() + " follows the consumer's written consent to the offered organisation;"
                    + " the application is " + application.statusCode());
        }
        Element consent = documents.latest(application.correlationId(), "consent")
                .map(d -> SecureXml.parse(d.document().getBytes(StandardCharsets.UTF_8)).getDocumentElement())
                .orElseThrow();
        String agreedTo = DocumentFields.read(consent, exchange.getVariable("consent.kindergartenCode", String.class));
        // required: ConsentCheckFields refuses at start a route asking for this check without the result's field
        ProviderEvents.requireAbout(exchange, result, "kindergartenCode", agreedTo, true);
    }

    /**
     * Where one service has several forms, each with its own result (seed 000 S2: the pension fund's, the bank's and
     * the road police's certificates), the progress route names, for a result, the part of the application it
     * answers (variable {@code result.answers.<result's local name>}, an XPath into the application): the
     * application must have that part.
     */
    private void requireAnswersTheForm(Exchange exchange, Applications.Application application, Element result) {
        String part = exchange.getVariable("result.answers." + result.getLocalName(), String.class);
        if (part == null || part.isBlank()) {
            return;
        }
        Element form = queued.of(application);
        if (DocumentFields.elements(form, part).isEmpty()) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "a " + result.getLocalName() + " does not answer this"
                    + " application: it has no " + part);
        }
    }

    /**
     * Where a result states again what its application asked (seed 004: S2's order names the district whose akim
     * signs, S3's certificate its addressee, S4's the property's address), the progress route names the pairs
     * (variable {@code result.repeats.<result's local name>}: comma-separated pairs of XPath expressions, compared by
     * their string values, so either side may compute, e.g. the form number of an addressee; {@link RepeatedField}
     * says how a pair compares, exactly or as a name): what the application states, the result must state alike.
     */
    private void requireRepeatsTheApplication(Exchange exchange, Applications.Application application, Element result) {
        String pairs = exchange.getVariable("result.repeats." + result.getLocalName(), String.class);
        if (pairs == null || pairs.isBlank()) {
            return;
        }
        Element form = queued.of(application);
        for (RepeatedField field : RepeatedField.parse(pairs)) {
            if (field.everyNode()) {
                requireRepeatsEach(form, result, field);
                continue;
            }
            String asked = DocumentFields.value(form, field.applicationPath());
            String stated = DocumentFields.value(result, field.resultPath());
            if (!field.repeated(asked, stated)) {
                throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + result.getLocalName() + "'s "
                        + field.resultPath() + " '" + stated + "' is not what the application asked ('" + asked + "')");
            }
        }
    }

    /** A {@code *} pair: the result lists every row (value, or leaves together) the application lists, no other (SCE020). */
    private static void requireRepeatsEach(Element form, Element result, RepeatedField field) {
        List<List<String>> asked = rows(form, field.applicationPath(), field.applicationLeaves());
        List<List<String>> stated = rows(result, field.resultPath(), field.resultLeaves());
        if (!field.repeatedEach(asked, stated)) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + result.getLocalName() + "'s "
                    + field.resultPath() + " " + shown(stated) + " is not what the application asked (" + shown(asked) + ")");
        }
    }

    /** Rows as the refusal names them: a row of one value as that value (the words before leaves in braces), else its leaves. */
    private static List<Object> shown(List<List<String>> rows) {
        return rows.stream().<Object>map(row -> row.size() == 1 ? row.get(0) : row).toList();
    }

    /** Each element {@code path} selects: its text, or its leaves' values (a missing leaf: empty), in their order. */
    private static List<List<String>> rows(Element document, String path, List<String> leaves) {
        return DocumentFields.elements(document, path).stream().map(e -> leaves.isEmpty()
                ? List.of(e.getTextContent().trim())
                : leaves.stream().map(leaf -> Objects.toString(DocumentFields.value(e, leaf), "")).toList()).toList();
    }

    /**
     * Where the regulation says what a result must rest on (a refusal on the commission's conclusion: seed 000 S2 and S3,
     * seed 001 S2 and S4), or the form the text names for a provider's act (seed 004 S7 and S9 para 8.3: the act of
     * study on the Standard's App. 2, of inspection on its App. 3), the route names that part (variable
     * {@code result.requires.<document's local name>}, an XPath into the document): a document without it is refused.
     */
    static void requireWhatTheTextAsks(Exchange exchange, Element result) {
        String part = exchange.getVariable("result.requires." + result.getLocalName(), String.class);
        if (part == null || part.isBlank()) {
            return;
        }
        if (DocumentFields.elements(result, part).isEmpty()) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "a " + result.getLocalName() + " of this service must"
                    + " have " + part);
        }
    }

    /**
     * Where the channel's text rules out what a result might state (seed 000 Table 2 action 8: at the Centre the
     * documents go back to the Centre with the reasons, so a refusal stating they do not contradicts it; the portal's
     * application is electronic, no paper goes back), the route names it (variable {@code result.contradicts}, an XPath
     * into the document; {@code result.contradictsNote}, the text it rests on): a result it selects anything in is
     * refused (SCE020, a result saying otherwise than its application's channel).
     */
    private static void requireNothingTheChannelRulesOut(Exchange exchange, Applications.Application application,
                                                         Element result) {
        String path = exchange.getVariable("result.contradicts", String.class);
        if (path == null || path.isBlank() || DocumentFields.elements(result, path).isEmpty()) {
            return;
        }
        throw new ShepException(FaultCode.SIGNER_MISMATCH, "a " + result.getLocalName() + " on channel "
                + application.channel() + " may not state " + path + ": "
                + exchange.getVariable("result.contradictsNote", "", String.class));
    }

    /**
     * Where a result's form prints how long it is valid (seed 000 S2 and S3: «Анықтама берілген күннен бастап 1 (бір)
     * ай ішінде жарамды», valid one month from the day it is issued; seed 002's referral, to be registered within one
     * month), the route names the period (variable
     * {@code result.validFor.<result's local name>}, ISO-8601, e.g. P1M) and where the result states when it was
     * issued and its last valid day ({@code result.issuedAt}, {@code result.validUntil}): that day must be the issue
     * date, in the regulation's time zone, plus the period, or the day before (ours: the texts do not say whether the
     * period's end day is still valid). When it may be issued: {@link #requireIssuedWhileOpen}.
     */
    private void requireThePrintedValidity(Exchange exchange, Element result) {
        String period = exchange.getVariable("result.validFor." + result.getLocalName(), String.class);
        if (period == null || period.isBlank()) {
            return;
        }
        String issued = DocumentFields.read(result, exchange.getVariable("result.issuedAt", String.class));
        String until = DocumentFields.read(result, exchange.getVariable("result.validUntil", String.class));
        LocalDate expected = issueDate(issued, calendars.zoneOf(exchange)).plus(Period.parse(period));
        // the text does not say whether the period's end day is still valid: either reading of the last day is taken
        LocalDate stated = until == null ? null : day(until);
        if (stated == null || stated.isAfter(expected) || stated.isBefore(expected.minusDays(1))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the " + result.getLocalName() + "'s form prints"
                    + " that it is valid " + period + " from its issue (" + issued + "): its validUntil must be "
                    + expected.minusDays(1) + " or " + expected + ", not " + until);
        }
    }

    /**
     * Where a result's form prints the day its application was made (seed 002 App. 11, the registration slip: «Өтінішті
     * берген күні / Дата подачи заявки»; seed 000 S1 App. 3's eGov header, l. 269-270: «Жіберілген кү [sic] / Дата
     * подачи», the whole «Жіберілген күні» at l. 655), the route names that date and the application's submission time
     * (variable
     * {@code result.appliedOn.<result's local name>}: {@code resultPath=applicationPath}, XPath expressions): the date
     * must be that time's day in the regulation's zone, or the day the gateway accepted the application (ours, audit
     * session 37: the two differ only for a form signed before midnight and accepted after it). Another is refused
     * (SCE020, as a result stating other facts of its application).
     */
    private void requireTheApplicationsDay(Exchange exchange, Applications.Application application, Element result) {
        String pair = exchange.getVariable("result.appliedOn." + result.getLocalName(), String.class);
        if (pair == null || pair.isBlank()) {
            return;
        }
        String[] paths = pair.split("=", 2);
        if (paths.length != 2) {
            throw new ShepException(FaultCode.INTERNAL_ERROR, "the regulation's result.appliedOn pair '" + pair
                    + "' has no '='");
        }
        String submitted = DocumentFields.value(queued.of(application), paths[1].trim());
        ZoneId zone = calendars.of(application.serviceId()).zone();
        Set<LocalDate> days = new TreeSet<>();
        days.add(application.createdAt().atZoneSameInstant(zone).toLocalDate());
        if (submitted != null) {
            submissionDay(submitted, zone).ifPresent(days::add);
        }
        String stated = DocumentFields.value(result, paths[0].trim());
        if (stated == null || !days.contains(day(stated))) {
            throw new ShepException(FaultCode.SIGNER_MISMATCH, "the " + result.getLocalName() + "'s " + paths[0].trim()
                    + " '" + stated + "' is not the day the application was made " + days);
        }
    }

    /**
     * The day the form was submitted in the regulation's zone, its time read as the application's schema validation
     * read it ({@link XsDateTime}: 24:00:00 is the next day's first instant). The application's field, not the
     * result's: one the gateway cannot date adds no day (the day it accepted the application stands), rather than
     * refusing every result as if the result's own time were unreadable (review37).
     */
    private static Optional<LocalDate> submissionDay(String submitted, ZoneId zone) {
        try {
            return Optional.of(XsDateTime.instant(submitted).atZone(zone).toLocalDate());
        } catch (IllegalArgumentException noOffsetOrNoMoment) {
            return localDay(submitted);
        }
    }

    /**
     * A submission time without an offset is a time of the regulation's zone (as a result's issue time); a form that
     * dates its submission by the day alone (seed 000's «Жіберілген күні / Дата подачи», an xs:date) gives that day,
     * as printed where the xs:date carries a zone (terms41: before, '2026-03-19+05:00' gave no day).
     */
    static Optional<LocalDate> localDay(String submitted) {
        try {
            return Optional.of(LocalDateTime.parse(submitted).toLocalDate());
        } catch (DateTimeParseException noTime) {
            return dayAlone(submitted);
        }
    }

    private static Optional<LocalDate> dayAlone(String submitted) {
        try {
            return Optional.of(LocalDate.parse(submitted, DateTimeFormatter.ISO_DATE));   // its zone, if any, ignored
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * When a result (or a home visit's act, whose header is a result's) may be dated, where the route names its issue
     * time (variable {@code result.issuedAt}): not before the day its application was accepted, in the regulation's
     * zone, and not after it reaches the gateway.
     * <p>Not before: the texts make the result after the request (seed 000 para 6 items 9-12, para 7 items 8-11; seed
     * 002 paras 6.9-6.10, 7.8-7.9, 8.9-8.10, 9.9-9.10: a validity counted from an earlier day would be partly spent
     * before anybody asked, audit session 32; seed 004 para 4: the application's receipt «мемлекеттiк қызметтi көрсету
     * бойынша рәсiмдi (iс-қимылды) бастауға негiз болып табылады», then para 5 items 3-4, audit session 33).
     * <p>Not after, ours (audit, session 33): the texts make the result before it is sent (seed 001 paras 6.12 and
     * 7.10, the authorised person signs the answer; seed 003 paras 6.10, 7.9, 8.10; seed 004 para 5 items 3-4,
     * «маманының мемлекеттiк қызмет көрсету нәтижесiн ресiмдеуi», then «нәтижесiн беру») and none lets it bear a later
     * date; it may lie ahead of the gateway's clock by the skew allowed a signer's clock
     * (qaqpa.trust.timestamp-clock-skew, as for a wsu:Timestamp's Created and a consent's signedAt). A time without
     * an offset is read in the regulation's zone.
     */
    void requireIssuedWhileOpen(Exchange exchange, Applications.Application application, Element result) {
        String path = exchange.getVariable("result.issuedAt", String.class);
        String issued = path == null || path.isBlank() ? null : DocumentFields.read(result, path);
        if (issued == null) {
            return; // no issue time named, or a document without one (its schema decides whether it needs one)
        }
        ZoneId zone = calendars.of(application.serviceId()).zone();
        Instant issuedAt = issueTime(issued, zone);
        LocalDate accepted = application.createdAt().atZoneSameInstant(zone).toLocalDate();
        if (issuedAt.atZone(zone).toLocalDate().isBefore(accepted)) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the " + result.getLocalName() + " was issued on "
                    + issuedAt.atZone(zone).toLocalDate() + " (" + issued + "), before the application was accepted on "
                    + accepted);
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(clockSkew))) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the " + result.getLocalName() + " is dated "
                    + issued + ", after it reached the gateway (" + now.atZone(zone).toOffsetDateTime()
                    + ", clock skew allowed " + clockSkew + "): a result is not issued ahead of its sending");
        }
    }

    /** The day a result was issued, in the regulation's time zone. */
    private static LocalDate issueDate(String issued, ZoneId zone) {
        return issueTime(issued, zone).atZone(zone).toLocalDate();
    }

    /** When a result was issued (a time without an offset is read in the regulation's zone). */
    private static Instant issueTime(String issued, ZoneId zone) {
        if (issued == null) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the result must say when it was issued");
        }
        try {
            return OffsetDateTime.parse(issued).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(issued).atZone(zone).toInstant();
            } catch (DateTimeParseException unreadable) {
                throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the result's issue time '" + issued
                        + "' is not an xs:dateTime with a four-digit year");
            }
        }
    }

    /** A result's xs:date (an offset, if any, read as printed: the day is the form's). */
    private static LocalDate day(String date) {
        try {
            return LocalDate.parse(date, DateTimeFormatter.ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new ShepException(FaultCode.MALFORMED_MESSAGE, "the result's date '" + date
                    + "' is not an xs:date with a four-digit year");
        }
    }
}
