package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;

/**
 * The terms the regulations name, planned at acceptance over the real channel, for applications accepted after
 * office hours, on a day off, just before midnight and before each holiday of the calendar (docs/deadlines.md): the
 * clock (qaqpa.clock, fixed) is set to the acceptance, the application sent, and the plan read in Astana time.
 * What the texts say: seed 004 counts «N жұмыс күні» (working days) or «күнтізбелік N күн» (calendar days) per
 * procedure, seed 002 the ХҚКО's «3 күн (құжатты қабылдау және беру күні ... кірмейді)»; none says when a day
 * starts to count for an application that arrives after hours or on a day off, so the general rule applies
 * (session 31): minutes run on the clock, across midnight and days off; a day term counts from the day after its
 * start, whatever the hour (the start's own day where it starts at 00:00, the end of the term before it); a day off
 * is skipped by a working-day term and counted by a calendar-day one.
 */
class TermsAcrossHolidaysTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.clock", "fixed 2026-04-06T10:00:00+05:00");

    /**
     * Seed 004, the procedures of para 5 (para 8) on the portal: the office's 15 minutes, the head's resolution (S1
     * 15 minutes, S6 «1 жұмыс күні», S2 «күнтізбелік 1 күн»), the specialist's (S1 «2 жұмыс күнi», S6 «8 жұмыс күнi»,
     * S2 «күнтізбелік 28 күн») and the issue (S1, S6 «1 жұмыс күнi», S2 «күнтізбелік 1 күн»), each from the end of
     * the one before. Accepted (Astana time) then due (Astana time, 00:00 = the end of the day before).
     */
    @ParameterizedTest(name = "{0} accepted {1}: {7}")
    @CsvSource(delimiter = '|', textBlock = """
            S1 | 2026-05-26T17:50 | 2026-05-26T18:05 | 2026-05-26T18:20 | 2026-05-30T00:00 | 2026-06-02T00:00 | 2026-06-02T00:00 | Kurban Ait Wed 27 May 2026 skipped
            S1 | 2026-05-06T23:50 | 2026-05-07T00:05 | 2026-05-07T00:20 | 2026-05-13T00:00 | 2026-05-14T00:00 | 2026-05-14T00:00 | minutes into 7 May; 9 May (Sat) taken on Mon 11 May
            S1 | 2026-05-03T11:00 | 2026-05-03T11:15 | 2026-05-03T11:30 | 2026-05-06T00:00 | 2026-05-07T00:00 | 2026-05-07T00:00 | accepted on a Sunday: counting starts Monday
            S1 | 2025-01-02T17:00 | 2025-01-02T17:15 | 2025-01-02T17:30 | 2025-01-07T00:00 | 2025-01-09T00:00 | 2025-01-09T00:00 | on New Year: Fri 3 Jan off for Sun 5 Jan worked; 7 Jan off
            S1 | 2026-07-03T18:00 | 2026-07-03T18:15 | 2026-07-03T18:30 | 2026-07-09T00:00 | 2026-07-10T00:00 | 2026-07-10T00:00 | after hours on Friday; Capital Day Mon 6 Jul
            S1 | 2025-08-29T18:00 | 2025-08-29T18:15 | 2025-08-29T18:30 | 2025-09-04T00:00 | 2025-09-05T00:00 | 2025-09-05T00:00 | Constitution Day Sat 30 Aug 2025 taken on Mon 1 Sep
            S1 | 2026-08-28T18:00 | 2026-08-28T18:15 | 2026-08-28T18:30 | 2026-09-02T00:00 | 2026-09-03T00:00 | 2026-09-03T00:00 | 30 Aug no holiday in 2026: Mon 31 Aug worked
            S1 | 2026-10-23T18:00 | 2026-10-23T18:15 | 2026-10-23T18:30 | 2026-10-29T00:00 | 2026-10-30T00:00 | 2026-10-30T00:00 | Republic Day Sun 25 Oct taken on Mon 26 Oct
            S1 | 2026-12-15T19:00 | 2026-12-15T19:15 | 2026-12-15T19:30 | 2026-12-19T00:00 | 2026-12-22T00:00 | 2026-12-22T00:00 | Independence Day Wed 16 Dec
            S1 | 2026-12-31T18:30 | 2026-12-31T18:45 | 2026-12-31T19:00 | 2027-01-07T00:00 | 2027-01-09T00:00 | 2027-01-09T00:00 | New Year 2027: Sat 2 Jan taken on Mon 4 Jan
            S6 | 2026-05-26T17:50 | 2026-05-26T18:05 | 2026-05-29T00:00 | 2026-06-10T00:00 | 2026-06-11T00:00 | 2026-06-11T00:00 | working days: the 8 start after Kurban Ait
            S2 | 2026-05-26T17:50 | 2026-05-26T18:05 | 2026-05-28T00:00 | 2026-06-25T00:00 | 2026-06-26T00:00 | 2026-06-26T00:00 | calendar days: Kurban Ait counted
            S2 | 2026-12-31T23:50 | 2027-01-01T00:05 | 2027-01-03T00:00 | 2027-01-31T00:00 | 2027-02-01T00:00 | 2027-02-01T00:00 | calendar days: minutes into New Year, holidays counted
            S1 | 2026-04-11T11:00 | 2026-04-11T11:15 | 2026-04-11T11:30 | 2026-04-15T00:00 | 2026-04-16T00:00 | 2026-04-16T00:00 | accepted on a Saturday: counting starts Monday (session 36)
            S6 | 2026-04-11T11:00 | 2026-04-11T11:15 | 2026-04-14T00:00 | 2026-04-24T00:00 | 2026-04-25T00:00 | 2026-04-25T00:00 | working days from a Saturday (session 36)
            S2 | 2026-04-11T11:00 | 2026-04-11T11:15 | 2026-04-13T00:00 | 2026-05-11T00:00 | 2026-05-12T00:00 | 2026-05-12T00:00 | calendar days from a Saturday: Sunday counted (session 36)
            S6 | 2025-01-05T10:00 | 2025-01-05T10:15 | 2025-01-07T00:00 | 2025-01-18T00:00 | 2025-01-21T00:00 | 2025-01-21T00:00 | accepted on Sun 5 Jan 2025, a working day by transfer; 7 Jan off (session 36)
            """)
    void seed004ProceduresOnTheWorkingDayCalendar(String service, String acceptedAt, String registered,
                                                  String resolution, String examined, String issued, String serviceTerm,
                                                  String why) {
        AlmatyFamilyRegulationsTest.Service s = switch (service) {
            case "S1" -> AlmatyFamilyRegulationsTest.S1;
            case "S2" -> AlmatyFamilyRegulationsTest.S2;
            default -> AlmatyFamilyRegulationsTest.S6;
        };
        var portal = kz.qaqpa.document.almatyfamily.Channel.PORTAL;
        Element signed = ChannelClient.sign(AlmatyFamilyRegulationsTest.sample(s, portal),
                gateway.pki().key("citizen-aigerim"));
        String correlationId = acceptedAt(acceptedAt, () -> gateway.client(Channel.PORTAL).send(
                AsyncMessages.sendMessage("REQUEST", "PORTAL-" + UUID.randomUUID(), null, s.id(), "PORTAL",
                        "portal-secret", signed)).getCorrelationId());
        assertThat(planned(correlationId)).as(why).containsAllEntriesOf(
                AlmatyChildWelfareTest.due(registered, resolution, examined, issued, serviceTerm));
    }

    /**
     * Seed 002, the ХҚКО (Table 2 action 6): «3 күн (құжатты қабылдау және беру күні мемлекеттік қызмет көрсету
     * мерзіміне кірмейді)», calendar days from the ХҚКО's acceptance, the day of acceptance not counted however late
     * (the ХҚКО works «9.00-ден 20.00-ге дейін», App. 1), holidays counted; then the result's 2 minutes (actions 13-14).
     */
    @ParameterizedTest(name = "accepted {0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-31T19:45 | 2027-01-04T00:00 | 2027-01-04T00:02 | New Year's days counted
            2026-04-30T19:55 | 2026-05-04T00:00 | 2026-05-04T00:02 | 1 May counted
            2026-05-26T09:05 | 2026-05-30T00:00 | 2026-05-30T00:02 | Kurban Ait counted
            """)
    void seed002TheCentresThreeDaysCountFromTheNextDay(String acceptedAt, String decision, String serviceTerm,
                                                       String why) {
        SampleApplication sample = SampleApplication.on(Channel.CON);
        Element signed = ChannelClient.sign(sample.build(), gateway.pki().key(sample.signerAlias()));
        String correlationId = acceptedAt(acceptedAt, () -> gateway.client(Channel.CON)
                .submit(signed, "CON-" + UUID.randomUUID()).getCorrelationId());
        LocalDateTime accepted = LocalDateTime.parse(acceptedAt);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("con-action-4", accepted.plusMinutes(1).toString());
        expected.put("con-action-5", accepted.plusMinutes(11).toString());
        expected.put("con-action-6", decision);
        expected.put("con-process-7", serviceTerm);
        expected.put(StepPlans.SERVICE_TERM, serviceTerm);
        assertThat(planned(correlationId)).as(why).containsAllEntriesOf(expected);
    }

    /**
     * Audit, session 36 (seedaudit25): seed 000's provider terms on the working-day calendar, for an application made
     * after hours, on a Saturday, before a holiday, on and around a transfer day. Table 1 action 8 (S1, S2, portal
     * condition 3): «5 жұмыс күнінде»; Table 2 action 7 (S2, the Centre's condition 2): «5 жұмыс күн ішінде»; para 7
     * item 10 (the Centre's return of the documents): «үш жұмыс күн ішінде» from their receipt. The text prints no
     * office hours and no first day: the general rule (docs/deadlines.md), a day term from the day after its start.
     * Accepted (Astana time), then due (Astana time, 00:00 = the end of the day before).
     */
    @ParameterizedTest(name = "seed 000 {0} accepted {1}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            PORTAL | 2026-04-11T11:00 | 2026-04-18T00:00 |                  | accepted on a Saturday: 13-17 April
            PORTAL | 2026-05-26T18:30 | 2026-06-04T00:00 |                  | after hours before Kurban Ait (Wed 27 May): 28, 29 May, 1-3 June
            PORTAL | 2025-01-02T17:00 | 2025-01-11T00:00 |                  | on New Year 2025: Fri 3 Jan off, Sun 5 Jan worked, 7 Jan off: 5, 6, 8, 9, 10 Jan
            PORTAL | 2025-01-05T10:00 | 2025-01-14T00:00 |                  | on Sun 5 Jan 2025, a working day by transfer: 6, 8, 9, 10, 13 Jan
            PORTAL | 2026-12-31T18:00 | 2027-01-13T00:00 |                  | New Year 2027: Sat 2 Jan taken on Mon 4 Jan, 7 Jan off: 5, 6, 8, 11, 12 Jan
            CON    | 2026-04-11T11:00 | 2026-04-18T00:00 | 2026-04-16T00:00 | the Centre on a Saturday: the return 13-15 April
            CON    | 2025-01-02T17:00 | 2025-01-11T00:00 | 2025-01-09T00:00 | the Centre on New Year 2025: the return 5, 6, 8 Jan
            """)
    void seed000ProviderTermsOnTheWorkingDayCalendar(String channel, String acceptedAt, String decision, String returned,
                                                     String why) {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.PENSION, channel);
        Element signed = sample.signed(gateway.pki());
        String correlationId = acceptedAt(acceptedAt, () -> gateway.client(Channel.valueOf(channel))
                .submit(sample.serviceId(), signed, sample.messageId()).getCorrelationId());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(channel.equals("PORTAL") ? "portal-condition-3" : "con-condition-2", decision);
        if (returned != null) {
            expected.put("con-process-8", returned);
        }
        assertThat(planned(correlationId)).as(why).containsAllEntriesOf(expected);
    }

    /** Sends the application with the gateway's (fixed) clock at {@code localTime} in Astana. */
    private static String acceptedAt(String localTime, java.util.function.Supplier<String> send) {
        Instant at = LocalDateTime.parse(localTime).atZone(ASTANA).toInstant();
        gateway.assembly().clock().set(at);
        String correlationId = send.get();
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow().createdAt()
                .toInstant()).as("accepted on the gateway's clock").isEqualTo(at);
        return correlationId;
    }

    /** The plan made at acceptance, each step's due time in Astana (null: no due time of its own). */
    private static Map<String, String> planned(String correlationId) {
        Map<String, String> planned = new LinkedHashMap<>();
        for (StepPlans.Planned p : gateway.assembly().stepPlans().of(correlationId)) {
            planned.put(p.stepId(), p.dueAt() == null ? null
                    : p.dueAt().atZoneSameInstant(ASTANA).toLocalDateTime().toString());
        }
        return planned;
    }
}
