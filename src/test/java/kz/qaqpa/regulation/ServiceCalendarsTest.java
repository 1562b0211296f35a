package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.regulation.calendar.CalendarFile;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * zone46: a regulation's zone is its route data ({@code regulation.timeZone} in its main route), read once at the
 * start; every user of the days asks {@link ServiceCalendars} by service, by route or by exchange. Seed 001's
 * Mangystau regulations count in Aqtau time, which was UTC+5 while Astana kept UTC+6 until 01.03.2024; a regulation
 * naming no zone counts in the gateway's (qaqpa.time-zone).
 */
class ServiceCalendarsTest {
    private static final String MANGYSTAU = "MANGYSTAU_PRESCHOOL_QUEUE_2012";
    private static final String ASTANA = "KINDERGARTEN_REGISTRATION";
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final ZoneId AQTAU = ZoneId.of("Asia/Aqtau");
    /** Wed 14.06.2023 23:30 in Aqtau, Thu 15.06.2023 00:30 in Astana. */
    private static final Instant LATE_WEDNESDAY_2023 = OffsetDateTime.parse("2023-06-14T23:30:00+05:00").toInstant();
    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    private final ServiceRegistry services = new ServiceRegistry(
            Map.of(MANGYSTAU, "mangystau-2012-preschool-queue", ASTANA, "astana-2012-kindergarten-registration"),
            Map.of(MANGYSTAU, "async", ASTANA, "async"));
    private final ServiceCalendars calendars = new ServiceCalendars(
            CalendarFile.load("classpath:calendar/kz-working-days.yaml", ALMATY), services);

    @AfterAll
    static void close() throws Exception {
        CONTEXT.close();
    }

    @Test
    void aServiceCountsInTheZoneItsRouteNamesAndTheOthersInTheGateways() {
        calendars.read(mangystauInAqtau());
        assertThat(calendars.of(MANGYSTAU).zone()).isEqualTo(AQTAU);
        assertThat(calendars.of(ASTANA).zone()).isEqualTo(ALMATY);
        assertThat(calendars.of((String) null).zone()).as("no service").isEqualTo(ALMATY);
        assertThat(calendars.of(MANGYSTAU).dateOf(LATE_WEDNESDAY_2023)).hasToString("2023-06-14");
        assertThat(calendars.of(ASTANA).dateOf(LATE_WEDNESDAY_2023)).hasToString("2023-06-15");
        assertThat(calendars.of(MANGYSTAU).isWorkingDay(java.time.LocalDate.parse("2023-06-17")))
                .as("the working days are the country's").isFalse();
    }

    @Test
    void aRouteBelongsToTheServiceWhoseMainRouteItContinues() {
        calendars.read(mangystauInAqtau());
        assertThat(calendars.ofRoute("mangystau-2012-preschool-queue-portal-progress").zone()).isEqualTo(AQTAU);
        assertThat(calendars.ofRoute("mangystau-2012-preschool-queue").zone()).isEqualTo(AQTAU);
        assertThat(calendars.ofRoute("astana-2012-kindergarten-registration-con-progress").zone()).isEqualTo(ALMATY);
        assertThat(calendars.ofRoute("mangystau-2012-preschool-queueing").zone()).as("another route's id")
                .isEqualTo(ALMATY);
        assertThat(calendars.ofRoute("plan-test-branches").zone()).as("no service's route").isEqualTo(ALMATY);
    }

    /**
     * interop48b: the longest main route a route continues is its service's, though a shorter one's regulation names a
     * zone and the longer one's none; a route of no id is the gateway's.
     */
    @Test
    void theLongestMainRouteARouteContinuesIsItsServices() {
        ServiceCalendars nested = new ServiceCalendars(CalendarFile.load("classpath:calendar/kz-working-days.yaml", ALMATY),
                new ServiceRegistry(Map.of(MANGYSTAU, "mangystau-2012-preschool-queue", ASTANA,
                        "mangystau-2012-preschool-queue-portal"), Map.of(MANGYSTAU, "async", ASTANA, "async")));
        nested.read(mangystauInAqtau());
        assertThat(nested.ofRoute("mangystau-2012-preschool-queue-portal-progress").zone()).isEqualTo(ALMATY);
        assertThat(nested.ofRoute("mangystau-2012-preschool-queue-con-progress").zone()).isEqualTo(AQTAU);
        assertThat(nested.ofRoute(null).zone()).isEqualTo(ALMATY);
    }

    /** The status texts' dates ({term}, {readyAt}, a receipt's {date}) are the application's service's days. */
    @Test
    void aStatusTextShowsTheTermInTheZoneOfTheApplicationsService() {
        calendars.read(mangystauInAqtau());
        AcceptanceText texts = new AcceptanceText(calendars);
        Instant midnightInAqtau = OffsetDateTime.parse("2023-06-18T00:00:00+05:00").toInstant();
        assertThat(texts.fillTerm(about(MANGYSTAU), "{term}", midnightInAqtau)).isEqualTo("17.06.2023 24:00");
        assertThat(texts.fillTerm(about(ASTANA), "{term}", midnightInAqtau)).isEqualTo("18.06.2023 01:00");
        assertThat(texts.dateTime(new DefaultExchange(CONTEXT), midnightInAqtau)).as("about no service")
                .isEqualTo("18.06.2023 01:00");
    }

    @Test
    void untilTheRoutesAreReadEveryServiceCountsInTheGatewaysZone() {
        assertThat(calendars.of(MANGYSTAU).zone()).isEqualTo(ALMATY);
    }

    /** Every zone in use is checked at the start as qaqpa.time-zone is (KazakhstanZoneRules), naming the route. */
    @Test
    void aZoneThisJdkDoesNotKnowStopsTheStartNamingTheRoute() {
        assertThatThrownBy(() -> calendars.read(List.of(main("mangystau-2012-preschool-queue", "Asia/Mangystau"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route mangystau-2012-preschool-queue's regulation.timeZone = 'Asia/Mangystau'")
                .hasMessageContaining("not a time-zone id this JDK knows");
    }

    private static List<RouteFlow> mangystauInAqtau() {
        return List.of(main("mangystau-2012-preschool-queue", "Asia/Aqtau"),
                new RouteFlow("astana-2012-kindergarten-registration", null, null, Map.of("catalogue.title", "x"),
                        List.of()));
    }

    private static RouteFlow main(String id, String zone) {
        return new RouteFlow(id, null, null, Map.of(ServiceCalendars.TIME_ZONE, zone), List.of());
    }

    /** An exchange about an application of {@code serviceId} (an event after its intake). */
    private static Exchange about(String serviceId) {
        Exchange exchange = new DefaultExchange(CONTEXT);
        exchange.setVariable("application", new Applications.Application("c-1", serviceId, "PORTAL", "PORTAL", "m-1",
                null, null, null, "ACCEPTED", null, null, null, null, null, null));
        return exchange;
    }
}
