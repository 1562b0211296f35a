package kz.qaqpa.regulation;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.qaqpa.catalogue.RouteFlow;
import kz.qaqpa.channel.Inbound;
import kz.qaqpa.channel.RequestFacts;
import kz.qaqpa.channel.ServiceZones;
import kz.qaqpa.regulation.calendar.KazakhstanZoneRules;
import kz.qaqpa.regulation.calendar.WorkingCalendar;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.store.Applications;
import org.apache.camel.Exchange;

/**
 * Each service's working-day calendar in the zone where its regulation's days begin and end: the one place every
 * user of the days asks (the plan and its replans, the extensions, the status texts' dates, the result-date checks,
 * a child's age and a power of attorney in force today). A regulation's main route may name its zone as route data
 * (variable {@value #TIME_ZONE}, in the block of facts it sets before its channel's branch): seed 001's Mangystau
 * regulations name Asia/Aqtau, which was UTC+5 while Astana and Almaty kept UTC+6 until 01.03.2024. A route that names
 * none counts in the gateway's zone (qaqpa.time-zone). The working days are the same everywhere (qaqpa.calendar).
 *
 * <p>Read once at the start from the loaded routes ({@link #read}), each zone checked as qaqpa.time-zone is
 * ({@link KazakhstanZoneRules}); until then, and for a route of no registered service, the gateway's calendar.
 */
public final class ServiceCalendars implements ServiceZones {
    /** The main route's variable naming the regulation's zone (a time-zone id, e.g. Asia/Aqtau). */
    public static final String TIME_ZONE = "regulation.timeZone";
    private final WorkingCalendar gateway;
    private final ServiceRegistry services;
    private volatile Map<String, WorkingCalendar> byService = Map.of();
    /** Each main route's calendar (its first service's in qaqpa.services' order), so a plan looks its route up once. */
    private volatile Map<String, WorkingCalendar> byMainRoute = Map.of();

    /**
     * @param gateway  the working days in the gateway's zone (qaqpa.calendar, qaqpa.time-zone)
     * @param services the registered services and their main routes (qaqpa.services)
     */
    public ServiceCalendars(WorkingCalendar gateway, ServiceRegistry services) {
        this.gateway = gateway;
        this.services = services;
    }

    /**
     * At the start, from the loaded routes: the zone each service's main route names; a zone this JDK does not know,
     * or a Kazakhstan zone its rules give another offset than +05:00 since 2024, stops the start.
     */
    public void read(List<RouteFlow> flows) {
        Map<String, RouteFlow> byId = new HashMap<>();
        flows.forEach(flow -> byId.putIfAbsent(flow.id(), flow));
        Map<String, WorkingCalendar> read = new HashMap<>();
        Map<String, WorkingCalendar> byRoute = new HashMap<>();
        for (String serviceId : services.serviceIds()) {
            String main = services.route(serviceId);
            RouteFlow flow = main == null ? null : byId.get(main);
            String zone = flow == null ? null : flow.settings().get(TIME_ZONE);
            if (zone != null && !zone.isBlank()) {
                read.put(serviceId, gateway.inZone(KazakhstanZoneRules.require("route " + main + "'s " + TIME_ZONE,
                        zone.trim())));
            }
            if (main != null) {
                byRoute.putIfAbsent(main, read.getOrDefault(serviceId, gateway));
            }
        }
        byService = Map.copyOf(read);
        byMainRoute = Map.copyOf(byRoute);
    }

    /** The calendar of {@code serviceId}'s regulation (the gateway's where its route names no zone). */
    public WorkingCalendar of(String serviceId) {
        return serviceId == null ? gateway : byService.getOrDefault(serviceId, gateway);
    }

    /**
     * The calendar of the service a route belongs to: its main route, or one whose id continues it
     * ({@code <main>-<channel>}, {@code <main>-<channel>-progress}), the longest such main route's.
     */
    public WorkingCalendar ofRoute(String routeId) {
        Map<String, WorkingCalendar> byRoute = byMainRoute;
        for (String id = routeId; id != null; id = beforeLastDash(id)) {
            WorkingCalendar calendar = byRoute.get(id);
            if (calendar != null) {
                return calendar;
            }
        }
        return gateway;
    }

    /** {@code id} up to its last "-" (the next shorter main route it may continue), or null where it has none. */
    private static String beforeLastDash(String id) {
        int dash = id.lastIndexOf('-');
        return dash < 0 ? null : id.substring(0, dash);
    }

    /**
     * The calendar of the service an exchange is about: its application's (an event after the intake), else the
     * request's service (the intake); the gateway's for an exchange about neither.
     */
    public WorkingCalendar of(Exchange exchange) {
        Applications.Application a = exchange.getVariable("application", Applications.Application.class);
        if (a != null) {
            return of(a.serviceId());
        }
        Inbound in = Inbound.of(exchange);
        return in == null ? gateway : of(RequestFacts.of(in.request()).serviceId());
    }

    /** The zone of {@code serviceId}'s regulation ({@link #of(String)}). */
    @Override
    public ZoneId zoneOf(String serviceId) {
        return of(serviceId).zone();
    }

    /** The zone of the service an exchange is about ({@link #of(Exchange)}). */
    public ZoneId zoneOf(Exchange exchange) {
        return of(exchange).zone();
    }
}
