package kz.qaqpa.regulation.calendar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.Set;

/**
 * The start's check of each zone the regulations' days are counted in (qaqpa.time-zone, and a regulation's own,
 * {@code regulation.timeZone} in its route file): the gateway's days are that
 * zone's days as the JDK's time-zone rules (tzdata) give them, and since 01.03.2024 Kazakhstan keeps one time, UTC+5
 * (tzdata 2024a). A JDK with older rules (e.g. 17.0.10 and before without the TZUpdater) still gives Asia/Almaty
 * +06:00, and every day term would end at 23:00 Kazakhstan time (review41): the start is refused, naming the JDK's
 * tzdata version. A zone id that is not Kazakhstan's (a fixed offset such as {@code +05:00}) is the operator's choice
 * and is not checked.
 */
public final class KazakhstanZoneRules {
    /** The setting checked. */
    static final String KEY = "qaqpa.time-zone";
    /** tzdata's zone.tab lists these for KZ (2024a); the JDK tells no zone's country, so the list is kept here. */
    static final Set<String> KAZAKHSTAN = Set.of("Asia/Almaty", "Asia/Qostanay", "Asia/Qyzylorda", "Asia/Aqtobe",
            "Asia/Aqtau", "Asia/Atyrau", "Asia/Oral");
    /** A day of the one Kazakhstan time (UTC+5 from 01.03.2024 00:00), checked at its noon. */
    static final LocalDate ONE_TIME_DAY = LocalDate.of(2024, 3, 2);
    static final ZoneOffset ONE_TIME = ZoneOffset.ofHours(5);

    private KazakhstanZoneRules() {
    }

    /** The configured zone, once it is a zone this JDK knows and, for Kazakhstan's, its rules give +05:00 since 2024. */
    public static ZoneId require(String id) {
        return require(KEY, id);
    }

    /**
     * The zone {@code id} that {@code where} names (the gateway's setting, or a regulation's route data: every zone
     * in use is checked alike), once it is a zone this JDK knows and, for Kazakhstan's, its rules give +05:00 since
     * 2024.
     */
    public static ZoneId require(String where, String id) {
        ZoneId zone;
        try {
            zone = ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalStateException(where + " = '" + id + "' is not a time-zone id this JDK knows (e.g."
                    + " Asia/Almaty)", e);
        }
        require(where, zone, zone.getRules(), tzdataVersion(zone));
        return zone;
    }

    /**
     * @throws IllegalStateException where {@code zone} is Kazakhstan's and {@code rules} give it another offset than
     *                               +05:00 on 2024-03-02
     */
    static void require(ZoneId zone, ZoneRules rules, String tzdata) {
        require(KEY, zone, rules, tzdata);
    }

    private static void require(String where, ZoneId zone, ZoneRules rules, String tzdata) {
        if (!KAZAKHSTAN.contains(zone.getId())) {
            return;
        }
        ZoneOffset offset = rules.getOffset(ONE_TIME_DAY.atTime(LocalTime.NOON));
        if (!offset.equals(ONE_TIME)) {
            throw new IllegalStateException(where + " = '" + zone.getId() + "' gives " + offset + " on " + ONE_TIME_DAY
                    + " in this JDK's time-zone rules (tzdata " + tzdata + "), but Kazakhstan keeps UTC+5 since"
                    + " 2024-03-01 (tzdata 2024a): update the JDK or its tzdata (the JDK's TZUpdater)");
        }
    }

    /** The tzdata version of the rules the JDK gives {@code zone} (e.g. 2025a). */
    static String tzdataVersion(ZoneId zone) {
        try {
            return ZoneRulesProvider.getVersions(zone.getId()).lastKey();
        } catch (RuntimeException noProviderVersion) {
            return "unknown";
        }
    }
}
