package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.xml.datatype.DatatypeFactory;
import kz.qaqpa.channel.AsyncMessages;
import kz.qaqpa.channel.ShepXml;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.document.mangystau.Application;
import kz.qaqpa.document.nkoguardianship.StatusNotification;
import kz.qaqpa.mocks.soap.DataElements;
import kz.qaqpa.mocks.walkthrough.ChannelClient;
import kz.qaqpa.mocks.walkthrough.GuardianshipSample;
import kz.qaqpa.store.StepPlans;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;

/**
 * Review of session 41 (review41): when the regulations' days begin and end, over the real channels with the
 * gateway's clock (qaqpa.clock, fixed) set to the acceptance and the plan read from the store. Every instant here is
 * written with its UTC offset, not as Asia/Almaty local time, so that a time-zone error cannot cancel itself out
 * (TermsAcrossHolidaysTest states both the acceptance and the due times in the configured zone). Tests marked
 * {@code @Disabled("review41: …")} failed on the code as reviewed: they are findings (docs/security.md, "### review41");
 * terms41 fixed the midnight acceptance and the extension's zoned date (enabled), pinned the calendar-day reading the
 * team kept, and left the Mangystau zone a documented limit (still disabled).
 */
class Review41TermsTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.clock", "fixed 2026-04-06T10:00:00+05:00")
            // the test reports as seed 000's department (MZH_EDU), as TermExtensionReplanTest does
            .with("qaqpa.mocks.provider-offices.enabled", "false");

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
     * Seed 001 (Mangystau region, 2012), S1 on the portal: Table 1 action 6, registration in АРМ РШЭП «3 дня»
     * (calendar days). The providers are in Mangystau, whose local time (Aqtau) was UTC+5 all along, while Almaty,
     * Astana and Petropavl kept UTC+6 until 01.03.2024; the gateway counts every regulation's days in one zone,
     * qaqpa.time-zone = Asia/Almaty. An application accepted in Mangystau on Wed 14.06.2023 at 23:30 local (+05:00)
     * is a Wednesday application: Thu 15, Fri 16, Sat 17, due Sun 18.06.2023 00:00 +05:00 (2023-06-17T19:00Z). The
     * gateway sees Thursday 00:30 (+06:00) and counts Fri, Sat, Sun: due 2023-06-18T18:00Z, 23 hours later. Only
     * for instants before 01.03.2024 (since then Asia/Almaty and Asia/Aqtau agree).
     */
    @Test
    @Disabled("review41, not fixed (terms41): one zone for every regulation; Mangystau's days before 01.03.2024 are"
            + " Asia/Almaty's (UTC+6), not Aqtau's (UTC+5): a documented limit, docs/deadlines.md \"One zone\"")
    void mangystauDaysBefore2024AreAqtauDays() {
        gateway.assembly().clock().set(OffsetDateTime.parse("2023-06-14T23:30:00+05:00").toInstant());
        MangystauRegulationsTest.Via via = MangystauRegulationsTest.Via.PORTAL;
        Application application = MangystauRegulationsTest.application(MangystauRegulationsTest.S1, via,
                MangystauRegulationsTest.KARAKIYAK);
        Element signed = ChannelClient.sign(application, gateway.pki().key(via.signerKey));
        String correlationId = gateway.client(via.senderId, via.password, via.systemKey).send(AsyncMessages.sendMessage(
                "REQUEST", via + "-" + UUID.randomUUID(), null, MangystauRegulationsTest.S1, via.senderId, via.password,
                signed)).getCorrelationId();
        assertThat(due(correlationId, "portal-process-6")).as("three calendar days from Thursday, Aqtau time")
                .isEqualTo(Instant.parse("2023-06-17T19:00:00Z"));
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
        Element signed = ChannelClient.sign(AlmatyFamilyRegulationsTest.sample(s2, portal),
                gateway.pki().key("citizen-aigerim"));
        String correlationId = gateway.client(Channel.PORTAL).send(AsyncMessages.sendMessage("REQUEST",
                "PORTAL-" + UUID.randomUUID(), null, s2.id(), "PORTAL", "portal-secret", signed)).getCorrelationId();
        assertThat(due(correlationId, "provider-action-3-examined")).as("28 calendar days: 12 April - 9 May")
                .isEqualTo(Instant.parse("2026-05-09T19:00:00Z"));
        assertThat(due(correlationId, StepPlans.SERVICE_TERM)).as("the last day, Sunday 10 May, not carried past"
                + " Victory Day (Mon 11 May)").isEqualTo(Instant.parse("2026-05-10T19:00:00Z"));
    }

    /** Seed 000 S1 (pension-fund form) at the Centre, accepted with the gateway's clock at {@code at}. */
    private static String seed000AtTheCentre(String at) {
        Instant accepted = OffsetDateTime.parse(at).toInstant();
        gateway.assembly().clock().set(accepted);
        GuardianshipSample sample = GuardianshipSample.of(GuardianshipSample.Form.PENSION, "CON");
        Element signed = sample.signed(gateway.pki());
        String correlationId = gateway.client(Channel.CON).submit(sample.serviceId(), signed, sample.messageId())
                .getCorrelationId();
        assertThat(gateway.assembly().applications().byCorrelationId(correlationId).orElseThrow().createdAt()
                .toInstant()).as("accepted on the gateway's clock").isEqualTo(accepted);
        return correlationId;
    }

    private static Instant due(String correlationId, String stepId) {
        return gateway.assembly().stepPlans().of(correlationId).stream().filter(p -> p.stepId().equals(stepId))
                .map(StepPlans.Planned::dueAt).findFirst().orElseThrow().toInstant();
    }
}
