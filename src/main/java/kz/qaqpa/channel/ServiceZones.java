package kz.qaqpa.channel;

import java.time.Instant;
import java.time.ZoneId;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * The zone each service's regulation counts its days in (route data {@code regulation.timeZone}, zone46; the
 * gateway's qaqpa.time-zone where the route names none), and the one way the gateway dates what it writes on the wire
 * about an application (interop47): its statusDate, the notification's, request's, response's and message's dates of
 * the answers and callbacks about it, each with the offset its service's zone had at that instant. Before, the JVM's
 * default zone gave the offset: a Mangystau status before 01.03.2024 was written +06:00 (Almaty) where the service
 * counted its days at +05:00 (Aqtau). The instant is the same either way. What is about no application is dated in
 * the gateway's zone ({@link #gatewayNow()}).
 */
@FunctionalInterface
public interface ServiceZones {
    /** The zone of {@code serviceId}'s regulation (the gateway's for null or an unknown service). */
    ZoneId zoneOf(String serviceId);

    /** {@code instant} as an xs:dateTime with the offset {@code serviceId}'s zone had then. */
    default XMLGregorianCalendar dateTime(String serviceId, Instant instant) {
        return SoapEnvelopes.dateTime(instant, zoneOf(serviceId));
    }

    /** Now on the system clock (when a message is made, as {@link SoapEnvelopes#now()}), in {@code serviceId}'s zone. */
    default XMLGregorianCalendar now(String serviceId) {
        return dateTime(serviceId, Instant.now());
    }

    /**
     * Now in the gateway's zone (qaqpa.time-zone): the date of what the gateway writes about no application, a fault's
     * errorDate and its own look-ups' messageDate (interop48; before, the JVM's default zone gave their offset).
     */
    default XMLGregorianCalendar gatewayNow() {
        return now(null);
    }
}
