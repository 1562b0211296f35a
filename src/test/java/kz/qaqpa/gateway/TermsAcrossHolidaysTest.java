package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.xml.datatype.DatatypeFactory;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.mangystau.Application;
import kz.qaqpa.document.nkoguardianship.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Test;
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
 *
 * <p>The cases at the end (review41, session 41) state every instant with its UTC offset, not as Astana local time,
 * so that a time-zone error cannot cancel itself out: when a day begins and ends, an extension's last day with its
 * zone, a calendar-day term ending on a day off. The provider offices are off: the plan is read as made at
 * acceptance, and the extension case reports as seed 000's department (MZH_EDU) itself, as TermExtensionReplanTest
 * does.
 */
class TermsAcrossHolidaysTest {
    private static final ZoneId ASTANA = ZoneId.of("Asia/Almaty");

    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.clock", "fixed 2026-04-06T10:00:00+05:00")
            .with("qaqpa.mocks.provider-offices.enabled", "false");

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
            S1 | 2026-12-15T23:59:30 | 2026-12-16T00:14:30 | 2026-12-16T00:29:30 | 2026-12-19T00:00 | 2026-12-22T00:00 | 2026-12-22T00:00 | 30 s before Independence Day (reg53): working days 17, 18 and 21 Dec
            S1 | 2026-12-16T00:00:30 | 2026-12-16T00:15:30 | 2026-12-16T00:30:30 | 2026-12-19T00:00 | 2026-12-22T00:00 | 2026-12-22T00:00 | 30 s into Independence Day (reg53): the same working days
            S6 | 2026-12-15T23:59:30 | 2026-12-16T00:14:30 | 2026-12-18T00:00 | 2026-12-30T00:00 | 2026-12-31T00:00 | 2026-12-31T00:00 | 30 s before Independence Day (reg53): the resolution's working day is the 17th
            S6 | 2026-12-16T00:00:30 | 2026-12-16T00:15:30 | 2026-12-18T00:00 | 2026-12-30T00:00 | 2026-12-31T00:00 | 2026-12-31T00:00 | 30 s into Independence Day (reg53): the same
            S2 | 2026-12-15T23:59:30 | 2026-12-16T00:14:30 | 2026-12-18T00:00 | 2027-01-15T00:00 | 2027-01-16T00:00 | 2027-01-16T00:00 | calendar days 30 s before Independence Day (reg53): the office's 15 minutes end on the 16th, the resolution's day is the 17th
            S2 | 2026-12-16T00:00:30 | 2026-12-16T00:15:30 | 2026-12-18T00:00 | 2027-01-15T00:00 | 2027-01-16T00:00 | 2027-01-16T00:00 | calendar days 30 s into Independence Day (reg53): the same
            S1 | 2027-03-15T11:00 | 2027-03-15T11:15 | 2027-03-15T11:30 | 2027-03-18T00:00 | 2027-03-19T00:00 | 2027-03-19T00:00 | accepted on Constitution Day Mon 15 Mar 2027 (regs60): 16, 17; the issue 18 Mar
            S6 | 2027-03-15T11:00 | 2027-03-15T11:15 | 2027-03-17T00:00 | 2027-04-01T00:00 | 2027-04-02T00:00 | 2027-04-02T00:00 | on Constitution Day 2027 (regs60): the resolution 16 Mar; 17-19, 25, 26, 29-31 Mar past Nauryz 22-24; the issue 1 Apr
            S2 | 2027-03-15T11:00 | 2027-03-15T11:15 | 2027-03-17T00:00 | 2027-04-14T00:00 | 2027-04-15T00:00 | 2027-04-15T00:00 | calendar days from Constitution Day 2027 (regs60): 16 Mar; 17 Mar-13 Apr, Nauryz counted; 14 Apr
            S1 | 2026-12-24T18:00 | 2026-12-24T18:15 | 2026-12-24T18:30 | 2026-12-29T00:00 | 2026-12-30T00:00 | 2026-12-30T00:00 | regs62, Thu 24 Dec 2026: 25, 28 Dec; the issue 29 Dec
            S1 | 2026-12-25T18:00 | 2026-12-25T18:15 | 2026-12-25T18:30 | 2026-12-30T00:00 | 2026-12-31T00:00 | 2026-12-31T00:00 | regs62, Fri 25 Dec 2026: 28, 29 Dec; the issue 30 Dec
            S1 | 2026-12-28T18:00 | 2026-12-28T18:15 | 2026-12-28T18:30 | 2026-12-31T00:00 | 2027-01-01T00:00 | 2027-01-01T00:00 | regs62, Mon 28 Dec 2026: 29, 30 Dec; the issue 31 Dec
            S1 | 2026-12-29T18:00 | 2026-12-29T18:15 | 2026-12-29T18:30 | 2027-01-01T00:00 | 2027-01-06T00:00 | 2027-01-06T00:00 | regs62, Tue 29 Dec 2026: 30, 31 Dec; the issue past 1-4 Jan on Tue 5 Jan
            S1 | 2026-12-30T18:00 | 2026-12-30T18:15 | 2026-12-30T18:30 | 2027-01-06T00:00 | 2027-01-07T00:00 | 2027-01-07T00:00 | regs62, Wed 30 Dec 2026: 31 Dec, 5 Jan; the issue 6 Jan
            S6 | 2026-12-24T18:00 | 2026-12-24T18:15 | 2026-12-26T00:00 | 2027-01-12T00:00 | 2027-01-13T00:00 | 2027-01-13T00:00 | regs62, Thu 24 Dec 2026: the resolution 25 Dec; 28-31 Dec, 5, 6, 8, 11 Jan; the issue 12 Jan
            S6 | 2026-12-29T18:00 | 2026-12-29T18:15 | 2026-12-31T00:00 | 2027-01-15T00:00 | 2027-01-16T00:00 | 2027-01-16T00:00 | regs62, Tue 29 Dec 2026: the resolution 30 Dec; 31 Dec, 5, 6, 8, 11-14 Jan; the issue 15 Jan
            S6 | 2026-12-31T18:00 | 2026-12-31T18:15 | 2027-01-06T00:00 | 2027-01-19T00:00 | 2027-01-20T00:00 | 2027-01-20T00:00 | regs62, Thu 31 Dec 2026: the resolution 5 Jan; 6, 8, 11-15, 18 Jan; the issue 19 Jan
            S2 | 2026-12-24T18:00 | 2026-12-24T18:15 | 2026-12-26T00:00 | 2027-01-23T00:00 | 2027-01-24T00:00 | 2027-01-24T00:00 | regs62, calendar days from Thu 24 Dec 2026: 25 Dec; 26 Dec-22 Jan, New Year and Christmas counted; 23 Jan
            S2 | 2026-12-29T18:00 | 2026-12-29T18:15 | 2026-12-31T00:00 | 2027-01-28T00:00 | 2027-01-29T00:00 | 2027-01-29T00:00 | regs62, calendar days from Tue 29 Dec 2026: 30 Dec; 31 Dec-27 Jan; 28 Jan
            S1 | 2027-03-12T18:00 | 2027-03-12T18:15 | 2027-03-12T18:30 | 2027-03-18T00:00 | 2027-03-19T00:00 | 2027-03-19T00:00 | regs62, Fri 12 Mar 2027 after hours, the eve of Constitution Day: 16, 17; the issue 18 Mar
            S1 | 2027-03-14T11:00 | 2027-03-14T11:15 | 2027-03-14T11:30 | 2027-03-18T00:00 | 2027-03-19T00:00 | 2027-03-19T00:00 | regs62, Sun 14 Mar 2027, the eve: the same
            S6 | 2027-03-12T18:00 | 2027-03-12T18:15 | 2027-03-17T00:00 | 2027-04-01T00:00 | 2027-04-02T00:00 | 2027-04-02T00:00 | regs62, Fri 12 Mar 2027: the resolution 16 Mar; 17-19, 25, 26, 29-31 Mar; the issue 1 Apr
            S2 | 2027-03-14T11:00 | 2027-03-14T11:15 | 2027-03-16T00:00 | 2027-04-13T00:00 | 2027-04-14T00:00 | 2027-04-14T00:00 | regs62, calendar days from Sun 14 Mar 2027: 15 Mar (the holiday); 16 Mar-12 Apr; 13 Apr
            S6 | 2027-03-21T11:00 | 2027-03-21T11:15 | 2027-03-26T00:00 | 2027-04-07T00:00 | 2027-04-08T00:00 | 2027-04-08T00:00 | regs62, on Nauryz Sun 21 Mar 2027 (taken on Wed 24): the resolution 25 Mar; 26, 29-31 Mar, 1, 2, 5, 6 Apr; the issue 7 Apr
            S1 | 2027-03-22T11:00 | 2027-03-22T11:15 | 2027-03-22T11:30 | 2027-03-27T00:00 | 2027-03-30T00:00 | 2027-03-30T00:00 | regs62, on Nauryz Mon 22 Mar 2027: 25, 26; the issue Mon 29 Mar
            S1 | 2027-03-23T18:00 | 2027-03-23T18:15 | 2027-03-23T18:30 | 2027-03-27T00:00 | 2027-03-30T00:00 | 2027-03-30T00:00 | regs62, on Nauryz Tue 23 Mar 2027: the same
            S2 | 2027-03-23T11:00 | 2027-03-23T11:15 | 2027-03-25T00:00 | 2027-04-22T00:00 | 2027-04-23T00:00 | 2027-04-23T00:00 | regs62, calendar days from Nauryz Tue 23 Mar 2027: 24 Mar; 25 Mar-21 Apr; 22 Apr
            S6 | 2021-12-14T18:00 | 2021-12-14T18:15 | 2021-12-16T00:00 | 2021-12-30T00:00 | 2021-12-31T00:00 | 2021-12-31T00:00 | regs64b, 16-17 Dec up to 2021: the resolution 15 Dec; 20-24, 27-29 Dec; the issue 30 Dec 2021
            S6 | 2022-12-14T18:00 | 2022-12-14T18:15 | 2022-12-16T00:00 | 2022-12-29T00:00 | 2022-12-30T00:00 | 2022-12-30T00:00 | regs64b, 16 Dec only from 2022: the resolution 15 Dec; 19-23, 26-28 Dec; the issue 29 Dec 2022
            S1 | 2024-06-14T18:00 | 2024-06-14T18:15 | 2024-06-14T18:30 | 2024-06-19T00:00 | 2024-06-20T00:00 | 2024-06-20T00:00 | regs64b, Kurban Ait moved to Sun 16 Jun 2024, never moved on: Mon 17 and Tue 18 worked; the issue 19 Jun
            S2 | 2024-02-28T18:00 | 2024-02-28T18:15 | 2024-03-01T00:00 | 2024-03-29T00:00 | 2024-03-30T00:00 | 2024-03-30T00:00 | regs64b, calendar days over 29 Feb 2024, the 25-hour day (Astana's clocks back from UTC+6 to UTC+5 at its end): the resolution 29 Feb; 1-28 Mar; the issue 29 Mar
            S6 | 2024-02-28T18:00 | 2024-02-28T18:15 | 2024-03-01T00:00 | 2024-03-14T00:00 | 2024-03-15T00:00 | 2024-03-15T00:00 | regs64b, working days over 29 Feb 2024, the 25-hour day: the resolution 29 Feb; 1, 4-7, 11-13 Mar past 8 Mar; the issue 14 Mar
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
        Element signed = gateway.signed(AlmatyFamilyRegulationsTest.sample(s, portal), "citizen-aigerim");
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
            2026-12-15T23:59:30 | 2026-12-19T00:00 | 2026-12-19T00:02 | 30 s before Independence Day (reg53): 16 (the holiday), 17, 18 Dec
            2026-12-16T00:00:30 | 2026-12-20T00:00 | 2026-12-20T00:02 | 30 s into Independence Day (reg53): accepted on it, 17-19 Dec
            2027-03-20T19:45 | 2027-03-24T00:00 | 2027-03-24T00:02 | on Saturday before Nauryz 2027 (regs60): 21-23 Mar counted; the moved 24th not reached
            2027-03-15T10:00 | 2027-03-19T00:00 | 2027-03-19T00:02 | on Constitution Day 2027 (regs60): 16-18 Mar
            2026-12-24T19:45 | 2026-12-28T00:00 | 2026-12-28T00:02 | regs62, Thu 24 Dec 2026: 25-27 Dec
            2026-12-29T19:45 | 2027-01-02T00:00 | 2027-01-02T00:02 | regs62, Tue 29 Dec 2026: 30, 31 Dec, 1 Jan counted
            2026-12-30T19:45 | 2027-01-03T00:00 | 2027-01-03T00:02 | regs62, Wed 30 Dec 2026: 31 Dec, 1, 2 Jan counted
            2027-03-14T19:45 | 2027-03-18T00:00 | 2027-03-18T00:02 | regs62, Sun 14 Mar 2027, the eve of Constitution Day: 15 (counted), 16, 17 Mar
            2027-03-22T10:00 | 2027-03-26T00:00 | 2027-03-26T00:02 | regs62, on Nauryz Mon 22 Mar 2027: 23, 24 (Nauryz) and 25 Mar
            2027-03-23T19:45 | 2027-03-27T00:00 | 2027-03-27T00:02 | regs62, on Nauryz Tue 23 Mar 2027: 24-26 Mar
            """)
    void seed002TheCentresThreeDaysCountFromTheNextDay(String acceptedAt, String decision, String serviceTerm,
                                                       String why) {
        SampleApplication sample = SampleApplication.on(Channel.CON);
        Element signed = gateway.signed(sample);
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
            PORTAL | 2026-12-15T23:59:30 | 2026-12-24T00:00 |                  | 30 s before Independence Day (reg53): 17, 18, 21-23 Dec
            PORTAL | 2026-12-16T00:00:30 | 2026-12-24T00:00 |                  | 30 s into Independence Day (reg53): the same working days
            CON    | 2026-12-15T23:59:30 | 2026-12-24T00:00 | 2026-12-22T00:00 | the Centre 30 s before Independence Day (reg53): the return 17, 18, 21 Dec
            CON    | 2026-12-16T00:00:30 | 2026-12-24T00:00 | 2026-12-22T00:00 | the Centre 30 s into Independence Day (reg53): the same
            PORTAL | 2027-03-15T11:00 | 2027-03-26T00:00 |                  | on Constitution Day Mon 15 Mar 2027 (regs60): 16-19 Mar, then 25 Mar past Nauryz 22-24
            CON    | 2027-03-15T11:00 | 2027-03-26T00:00 | 2027-03-19T00:00 | the Centre on Constitution Day 2027 (regs60): the return 16-18 Mar
            PORTAL | 2026-12-24T18:00 | 2027-01-01T00:00 |                  | regs62, Thu 24 Dec 2026: 25, 28-31 Dec
            PORTAL | 2026-12-28T18:00 | 2027-01-07T00:00 |                  | regs62, Mon 28 Dec 2026: 29-31 Dec, 5, 6 Jan
            CON    | 2026-12-27T11:00 | 2027-01-06T00:00 | 2026-12-31T00:00 | regs62, the Centre on Sun 27 Dec 2026: 28-31 Dec, 5 Jan; the return 28-30 Dec
            CON    | 2026-12-29T18:00 | 2027-01-09T00:00 | 2027-01-06T00:00 | regs62, the Centre on Tue 29 Dec 2026: 30, 31 Dec, 5, 6, 8 Jan; the return 30, 31 Dec, 5 Jan
            PORTAL | 2027-03-12T18:00 | 2027-03-26T00:00 |                  | regs62, Fri 12 Mar 2027, the eve of Constitution Day: 16-19, 25 Mar
            CON    | 2027-03-14T11:00 | 2027-03-26T00:00 | 2027-03-19T00:00 | regs62, the Centre on Sun 14 Mar 2027: the return 16-18 Mar
            PORTAL | 2027-03-22T11:00 | 2027-04-01T00:00 |                  | regs62, on Nauryz Mon 22 Mar 2027: 25, 26, 29-31 Mar
            CON    | 2027-03-23T11:00 | 2027-04-01T00:00 | 2027-03-30T00:00 | regs62, the Centre on Nauryz Tue 23 Mar 2027: the return 25, 26, 29 Mar
            PORTAL | 2012-03-07T18:00 | 2012-03-16T00:00 |                  | regs64b, the regulation's year: 8 March (Thu), Fri 9 March off for Sun 11 March worked: 11-15 March 2012
            PORTAL | 2012-12-13T18:00 | 2012-12-25T00:00 |                  | regs64b: Independence Day Sun 16 Dec 2012 taken on Tue 18 past Mon 17: 14, 19-21, 24 Dec 2012
            PORTAL | 2021-12-14T18:00 | 2021-12-24T00:00 |                  | regs64b: 16-17 December up to 2021 (Thu, Fri): 15, 20-23 Dec 2021
            PORTAL | 2022-12-14T18:00 | 2022-12-23T00:00 |                  | regs64b: 16 December only from 2022 (Fri), Sat 17 no holiday to move: 15, 19-22 Dec 2022
            CON    | 2022-10-21T18:00 | 2022-11-01T00:00 | 2022-10-28T00:00 | regs64b: Sat 22 Oct 2022 worked for Mon 24, Republic Day Tue 25: 22, 26-28, 31 Oct; the return 22, 26, 27 Oct
            PORTAL | 2023-12-14T23:30 | 2023-12-23T00:00 |                  | regs64b: Thu 23:30 in Petropavl (UTC+6 until 2024): Thursday's; 15, 19-22 Dec past Independence Day Sat 16 taken on Mon 18
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

    /**
     * Seed 000 (NKO guardianship certificate, S1) at the Centre: para 7 item 10 / Table 2, the provider returns the
     * documents with its reasons «үш жұмыс күн ішінде» (within three working days), planned from the acceptance
     * (nko-2012-guardianship.yaml: refusalNorm "3 working-days", refusalNormFrom "acceptance"). The general rule the
     * gateway applies (docs/deadlines.md, session 31): a term runs from the day after the event that starts it. An
     * application accepted at exactly Mon 13.04.2026 00:00:00 (+05:00) was accepted ON Monday: the three days are
     * Tue 14, Wed 15, Thu 16, due Fri 17 00:00. Norm.firstCountedDay takes any start at 00:00 for "the end of the day
     * before" (meant for a step planned from the due time of the one before) and counts Monday too: due Thu 16 00:00,
     * the same as for an application accepted on the Saturday before.
     */
    @Test
    void anApplicationAcceptedAtMidnightDoesNotCountItsOwnDay() {
        String correlationId = seed000AtTheCentre("2026-04-13T00:00:00+05:00");
        assertThat(due(correlationId, "con-process-8")).as("three working days from the day after Monday")
                .isEqualTo(Instant.parse("2026-04-16T19:00:00Z")); // Fri 17.04.2026 00:00 +05:00
    }

    /**
     * The same return for an application accepted one second later: Tue 14, Wed 15, Thu 16, due Fri 17 00:00. With
     * the test above, it shows the day an application is accepted on depends on whether it came at 00:00:00 or at
     * 00:00:01.
     */
    @Test
    void anApplicationAcceptedOneSecondAfterMidnightCountsFromTheNextDay() {
        String correlationId = seed000AtTheCentre("2026-04-13T00:00:01+05:00");
        assertThat(due(correlationId, "con-process-8")).isEqualTo(Instant.parse("2026-04-16T19:00:00Z"));
    }

    /**
     * Kazakhstan keeps one zone, UTC+5, since 01.03.2024 (Asia/Almaty in tzdata 2024a and later). An application
     * accepted on Monday 13.04.2026 at 23:30 (+05:00) is a Monday application: its three working days at the Centre
     * are Tue 14 - Thu 16, due Fri 17 00:00 +05:00 (2026-04-16T19:00Z). A JDK whose tzdata predates 2024a still
     * gives Asia/Almaty +06:00: the same instant would be Tuesday 00:30 there and the term would end a day later.
     * No test of the suite states an instant in +05:00 independently of the configured zone, and the gateway does
     * not check its zone rules at start. Passes on this JDK (17.0.15, tzdata 2025a).
     */
    @Test
    void aDayEndsAtMidnightUtcPlusFive() {
        String correlationId = seed000AtTheCentre("2026-04-13T23:30:00+05:00");
        assertThat(due(correlationId, "con-process-8")).isEqualTo(Instant.parse("2026-04-16T19:00:00Z"));
    }

    /**
     * regs64b: the night Astana's clocks went back, Thu 29.02.2024 at 24:00 UTC+6 to 23:00 UTC+5 (tzdata 2024a), so
     * that 23:00-24:00 of 29 February came twice. Seed 000's return at the Centre, «үш жұмыс күн ішінде» (para 7
     * item 10), for an application accepted in the first 23:30 (+06:00) and in the second (+05:00): both are Thursday
     * applications, the three working days Fri 1, Mon 4, Tue 5 March, due Wed 6 March 00:00 +05:00; one accepted at
     * 00:00:00 of Friday 1 March (+05:00, an hour after the second 23:00) is Friday's: Mon 4 - Wed 6, due Thu 7 March.
     * A day taken as 24 hours from its start, or a local time read with the offset of another instant, is an hour off.
     */
    @ParameterizedTest(name = "accepted {0}: due {1}")
    @CsvSource({"2024-02-29T23:30:00+06:00, 2024-03-05T19:00:00Z", "2024-02-29T23:30:00+05:00, 2024-03-05T19:00:00Z",
            "2024-03-01T00:00:00+05:00, 2024-03-06T19:00:00Z"})
    void theRepeatedHourOf29February2024BelongsToThursday(String acceptedAt, String due) {
        assertThat(due(seed000AtTheCentre(acceptedAt), "con-process-8")).isEqualTo(Instant.parse(due));
    }

    /**
     * Seed 001 (Mangystau region, 2012), S1 on the portal: Table 1 action 6, registration in АРМ РШЭП «3 дня»
     * (calendar days). The providers are in Mangystau, whose local time (Aqtau) was UTC+5 all along, while Almaty,
     * Astana and Petropavl kept UTC+6 until 01.03.2024; the gateway's zone is qaqpa.time-zone = Asia/Almaty, and the
     * Mangystau routes name their own (regulation.timeZone: Asia/Aqtau, zone46). An application accepted in Mangystau on
     * Wed 14.06.2023 at 23:30 local (+05:00) is a Wednesday application: Thu 15, Fri 16, Sat 17, due Sun 18.06.2023
     * 00:00 +05:00 (2023-06-17T19:00Z). Counted in Astana time it was Thursday 00:30 (+06:00), and the term ended
     * 2023-06-18T18:00Z, 23 hours later (review41; @Disabled until zone46).
     */
    @Test
    void mangystauDaysBefore2024AreAqtauDays() {
        String correlationId = mangystauOnThePortal("2023-06-14T23:30:00+05:00");
        assertThat(due(correlationId, "portal-process-6")).as("three calendar days from Thursday, Aqtau time")
                .isEqualTo(Instant.parse("2023-06-17T19:00:00Z"));
    }

    /**
     * reg53: seed 001 S1 on the portal, Table 1 action 6 «3 дня» (calendar days, as seed 002 reads «3 күн»), for an
     * application 30 seconds before Independence Day (Tue 15.12.2026 23:59:30, Aqtau time = +05:00 since 2024) and 30
     * seconds into it. The portal's minute rows (actions 1-5) are the intake, done before the acceptance, so the
     * registration starts at the acceptance and its day is not counted: 16 (the holiday, a calendar day), 17, 18
     * December for the first, due Sat 19.12 00:00; 17-19 for the second, due Sun 20.12 00:00. Sixty seconds move
     * the term a day, as at seed 002's ХҚКО.
     */
    @ParameterizedTest(name = "accepted {0}")
    @CsvSource({"2026-12-15T23:59:30+05:00, 2026-12-18T19:00:00Z", "2026-12-16T00:00:30+05:00, 2026-12-19T19:00:00Z"})
    void mangystauThreeDaysAroundAHolidaysMidnight(String acceptedAt, String due) {
        assertThat(due(mangystauOnThePortal(acceptedAt), "portal-process-6")).isEqualTo(Instant.parse(due));
    }

    /**
     * regs62: seed 001 S1 on the portal, Table 1 action 6 «3 дня» (calendar days, holidays counted, from the day after the
     * acceptance), for applications at the year's end and around 15 March and Nauryz 2027 (Aqtau time = +05:00).
     */
    @ParameterizedTest(name = "accepted {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-24T18:00:00+05:00 | 2026-12-27T19:00:00Z | Thu 24 Dec 2026: 25-27 Dec
            2026-12-29T23:30:00+05:00 | 2027-01-01T19:00:00Z | Tue 29 Dec 2026: 30, 31 Dec, 1 Jan
            2026-12-31T18:00:00+05:00 | 2027-01-03T19:00:00Z | Thu 31 Dec 2026: 1-3 Jan
            2027-03-14T10:00:00+05:00 | 2027-03-17T19:00:00Z | Sun 14 Mar 2027: 15 (counted), 16, 17 Mar
            2027-03-21T10:00:00+05:00 | 2027-03-24T19:00:00Z | on Nauryz Sun 21 Mar 2027: 22-24 Mar
            2027-03-23T10:00:00+05:00 | 2027-03-26T19:00:00Z | on Nauryz Tue 23 Mar 2027: 24-26 Mar
            """)
    void seed001PortalThreeDaysAcrossTheYearsEndAndMarch2027(String acceptedAt, String due, String why) {
        assertThat(due(mangystauOnThePortal(acceptedAt), "portal-process-6")).as(why).isEqualTo(Instant.parse(due));
    }

    /**
     * regs62: seed 003 (archival certificate for a person) on the portal, Table 3 action 6 «15 тен 30 күн күнтізбелік
     * күнге дейін» planned at 30 calendar days (holidays counted) from the day after the acceptance (the steps before it
     * take minutes), the service term 9 minutes after it (Table 3's result rows), for applications at the year's end and
     * around 15 March and Nauryz 2027. Accepted (Astana time), then due (Astana time).
     */
    @ParameterizedTest(name = "accepted {0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-12-24T18:00 | 2027-01-24T00:00 | 2027-01-24T00:09 | Thu 24 Dec 2026: 25 Dec-23 Jan, New Year and Christmas counted
            2026-12-29T18:00 | 2027-01-29T00:00 | 2027-01-29T00:09 | Tue 29 Dec 2026: 30 Dec-28 Jan
            2027-03-14T11:00 | 2027-04-14T00:00 | 2027-04-14T00:09 | Sun 14 Mar 2027: 15 Mar-13 Apr, 15 Mar and Nauryz counted
            2027-03-22T11:00 | 2027-04-22T00:00 | 2027-04-22T00:09 | on Nauryz Mon 22 Mar 2027: 23 Mar-21 Apr
            """)
    void seed003PortalThirtyCalendarDaysAcrossTheYearsEndAndMarch2027(String acceptedAt, String decision,
                                                                     String serviceTerm, String why) {
        String person = "ASTANA_ARCHIVE_CERTIFICATE_2012_PERSON";
        Element signed = ArchivalCertificateTest.signedSample(person, kz.qaqpa.document.archive.Channel.PORTAL,
                gateway.pki());
        String correlationId = acceptedAt(acceptedAt, () -> gateway.client("PORTAL", "portal-secret", "portal")
                .send(AsyncMessages.sendMessage("REQUEST", "PORTAL-" + UUID.randomUUID(), null, person, "PORTAL",
                        "portal-secret", signed)).getCorrelationId());
        assertThat(planned(correlationId)).as(why).containsEntry("portal-action-6", decision)
                .containsEntry(StepPlans.SERVICE_TERM, serviceTerm);
    }

    /**
     * zone46: at the same instant as {@link #mangystauDaysBefore2024AreAqtauDays}, an Astana regulation keeps Astana's
     * days (UTC+6 in 2023): seed 002's ХҚКО «3 күн», the day of acceptance not counted. Thursday 15.06.2023 00:30 there:
     * Fri 16, Sat 17, Sun 18, due Mon 19.06.2023 00:00 +06:00 (2023-06-18T18:00Z).
     */
    @Test
    void anAstanaRegulationAtTheSameInstantKeepsAstanaDays() {
        assertThat(due(seed002AtTheCentre("2023-06-14T23:30:00+05:00"), "con-action-6"))
                .as("three calendar days from Friday, Astana time (UTC+6 before 2024)")
                .isEqualTo(Instant.parse("2023-06-18T18:00:00Z"));
    }

    /**
     * zone46: since 01.03.2024 Kazakhstan keeps one time, UTC+5, and Aqtau and Astana agree: a Mangystau and an Astana
     * application accepted on Wed 12.06.2024 at 23:30 (+05:00) are both Wednesday applications, their three calendar
     * days Thu 13 - Sat 15, due Sun 16.06.2024 00:00 +05:00 (2024-06-15T19:00Z).
     */
    @Test
    void after2024MangystauAndAstanaCountTheSameDays() {
        Instant due = Instant.parse("2024-06-15T19:00:00Z");
        assertThat(due(mangystauOnThePortal("2024-06-12T23:30:00+05:00"), "portal-process-6")).isEqualTo(due);
        assertThat(due(seed002AtTheCentre("2024-06-12T23:30:00+05:00"), "con-action-6")).isEqualTo(due);
    }

    /**
     * Seed 000 S1 on the portal, App. 3/4 «қызмет көрсету мерзімі ұзартылғанда»: the department extends its check
     * (portal-condition-3, «5 жұмыс күнінде», due 2 April 00:00 for an application of Fri 20.03.2026 19:30) to a named
     * last day. The contract types newDueDate as xs:date (xsd/nko-2012-guardianship.xsd), whose lexical form may carry
     * a time zone: «2026-04-10+05:00» is the same day as «2026-04-10», and a JAXB or .NET client that marshals a
     * calendar with its zone writes it so. TermExtension.newTerm reads it with LocalDate.parse, which takes no zone:
     * a schema-valid extension is refused as SCE malformed ("the extension's new term cannot be read").
     */
    @Test
    void anExtensionsNewDueDateWithItsTimeZoneIsRead() throws Exception {
        gateway.assembly().clock().set(OffsetDateTime.parse("2026-03-20T19:30:00+05:00").toInstant());
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.GUARDIANSHIP, "PORTAL");
        String correlationId = gateway.client("PORTAL", "portal-secret", "portal").submit(sample.serviceId(),
                sample.signed(gateway.pki()), sample.messageId()).getCorrelationId();
        assertThat(due(correlationId, "portal-condition-3")).isEqualTo(Instant.parse("2026-04-01T19:00:00Z"));
        StatusNotification n = new StatusNotification();
        n.setCorrelationId(correlationId);
        n.setStatus("TERM_EXTENDED");
        StatusNotification.Extension e = new StatusNotification.Extension();
        e.setNewDueDate(DatatypeFactory.newInstance().newXMLGregorianCalendar("2026-04-10+05:00"));
        e.setReason("The guardianship file is requested from the oblast archive");
        n.setExtension(e);
        n.setChangedAt(DataElements.dateTime(Instant.now()));
        gateway.client("MZH_EDU", "mzh-edu-secret", "mzh-edu").send(AsyncMessages.sendMessage("NOTIFICATION",
                UUID.randomUUID().toString(), correlationId, sample.serviceId(), "MZH_EDU", "mzh-edu-secret",
                ShepXml.toElement(n)));
        assertThat(due(correlationId, "portal-condition-3")).as("due at the end of 10 April, Astana time")
                .isEqualTo(Instant.parse("2026-04-10T19:00:00Z"));
    }

    /**
     * Seed 004 S2 (establishing guardianship) on the portal, in calendar days: para 5 (para 8) the office's 15
     * minutes, the head's resolution «күнтізбелік 1 күн», the specialist's 28 and the 1. Accepted Friday
     * 10.04.2026 at 10:00, the last counted day is Sunday 10 May; Monday 11 May is Victory Day (Sat 9 May
     * moved). review41 asked whether the general rule on periods (a period whose last day is a non-working day ends on
     * the next working day) should carry the end to Tuesday 12 May. The team's decision (session 41, as session 31's
     * in docs/deadlines.md): no. The texts count calendar days, holidays inside them included, and none says that an end
     * on a day off moves; the gateway tells the channel the day the text's count gives. This test pins that reading: the
     * service term ends with Sunday 10 May (11.05.2026 00:00 +05:00).
     */
    @Test
    void aCalendarDayTermEndingOnADayOffEndsThatDay() {
        gateway.assembly().clock().set(OffsetDateTime.parse("2026-04-10T10:00:00+05:00").toInstant());
        AlmatyFamilyRegulationsTest.Service s2 = AlmatyFamilyRegulationsTest.S2;
        var portal = kz.qaqpa.document.almatyfamily.Channel.PORTAL;
        Element signed = gateway.signed(AlmatyFamilyRegulationsTest.sample(s2, portal), "citizen-aigerim");
        String correlationId = gateway.client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST",
                "PORTAL-" + UUID.randomUUID(), null, s2.id(), "PORTAL", "portal-secret", signed)).getCorrelationId();
        assertThat(due(correlationId, "provider-action-3-examined")).as("28 calendar days: 12 April - 9 May")
                .isEqualTo(Instant.parse("2026-05-09T19:00:00Z"));
        assertThat(due(correlationId, StepPlans.SERVICE_TERM)).as("the last day, Sunday 10 May, not carried past"
                + " Victory Day (Mon 11 May)").isEqualTo(Instant.parse("2026-05-10T19:00:00Z"));
    }

    /** Sends the application with the gateway's (fixed) clock at {@code localTime} in Astana. */
    private static String acceptedAt(String localTime, java.util.function.Supplier<String> send) {
        return acceptedAt(LocalDateTime.parse(localTime).atZone(ASTANA).toInstant(), send);
    }

    /** Sends the application with the gateway's (fixed) clock at {@code at}. */
    private static String acceptedAt(Instant at, java.util.function.Supplier<String> send) {
        gateway.assembly().clock().set(at);
        String correlationId = send.get();
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow().createdAt()
                .toInstant()).as("accepted on the gateway's clock").isEqualTo(at);
        return correlationId;
    }

    /** Seed 001 S1 on the portal (Karakiyak district), accepted with the gateway's clock at {@code at} (with offset). */
    private static String mangystauOnThePortal(String at) {
        MangystauRegulationsTest.Via via = MangystauRegulationsTest.Via.PORTAL;
        Application application = MangystauRegulationsTest.application(MangystauRegulationsTest.S1, via,
                MangystauRegulationsTest.KARAKIYAK);
        Element signed = gateway.signed(application, via.signerKey);
        return acceptedAt(OffsetDateTime.parse(at).toInstant(), () -> gateway.client(via.senderId, via.password,
                via.systemKey).send(AsyncMessages.sendMessage("REQUEST", via + "-" + UUID.randomUUID(), null,
                MangystauRegulationsTest.S1, via.senderId, via.password, signed)).getCorrelationId());
    }

    /** Seed 002 (Astana kindergarten) at the ХҚКО, accepted with the gateway's clock at {@code at} (with offset). */
    private static String seed002AtTheCentre(String at) {
        Element signed = gateway.signed(SampleApplication.on(Channel.CON));
        return acceptedAt(OffsetDateTime.parse(at).toInstant(), () -> gateway.client(Channel.CON)
                .submit(signed, "CON-" + UUID.randomUUID()).getCorrelationId());
    }

    /** Seed 000 S1 (pension-fund form) at the Centre, accepted with the gateway's clock at {@code at} (with offset). */
    private static String seed000AtTheCentre(String at) {
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.PENSION, "CON");
        Element signed = sample.signed(gateway.pki());
        return acceptedAt(OffsetDateTime.parse(at).toInstant(), () -> gateway.client(Channel.CON)
                .submit(sample.serviceId(), signed, sample.messageId()).getCorrelationId());
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

    /** The instant {@code stepId} of the plan is due, as stored (no zone to read it in). */
    private static Instant due(String correlationId, String stepId) {
        return gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.stepId().equals(stepId))
                .map(StepPlans.Planned::dueAt).findFirst().orElseThrow().toInstant();
    }
}
