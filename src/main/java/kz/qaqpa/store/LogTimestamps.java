package kz.qaqpa.store;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.hsqldb.types.DateTimeType;
import org.hsqldb.types.TimestampData;
import org.hsqldb.types.Type;

/**
 * A TIMESTAMP's text as HSQLDB 2.7's text log writes it ({@code DateTimeType.convertToString}: the local date and time,
 * {@code yyyy-MM-dd HH:mm:ss}, the fraction's {@code scale} digits after a point, and for a type with a time zone its
 * offset as {@code +h:mm}, the seconds of an offset dropped), written into the log's buffer (perf68). HSQLDB formats
 * the date and time through one synchronized {@code SimpleDateFormat} for the whole JVM
 * ({@code HsqlDateTime.getTimestampString}), under the log's monitor that every commit needs; the gateway's rows
 * carry several times each. HSQLDB's formatter counts in GMT, so the JVM's zone never enters it; nor does it here.
 * One instance a log writer, used under its monitor: it keeps the last day's date text.
 */
final class LogTimestamps {
    /**
     * The first second written here: 1583-01-01 local. HSQLDB's calendar is Julian before 15 October 1582,
     * java.time's is not; earlier times are left to HSQLDB's own formatter.
     */
    static final long FIRST = LocalDateTime.of(1583, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    /** After the last second: HSQLDB's TIMESTAMP ends with the year 9999, and its format's year has four digits. */
    static final long END = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    /** The most bytes a timestamp's text takes: date and time, a point and nine digits, an offset of under a day. */
    static final int LONGEST = 19 + 1 + 9 + 6;
    private static final int NANOS_DIGITS = 9;
    private static final int NANOS_IN_SECOND = 1_000_000_000;
    private static final int SECONDS_IN_DAY = 86_400;
    private static final int SECONDS_IN_HOUR = 3_600;
    private static final int SECONDS_IN_MINUTE = 60;
    private static final int DATE_LENGTH = 11; // "yyyy-MM-dd "

    private long day = Long.MIN_VALUE;
    private final byte[] date = new byte[DATE_LENGTH];

    /** Whether {@code value} of {@code type} is written here; any other is left to HSQLDB's own code. */
    static boolean writes(TimestampData value, Type type) {
        if (!(type instanceof DateTimeType)) {
            return false;
        }
        long local = value.getSeconds() + value.getZone();
        return local >= FIRST && local < END && value.getNanos() >= 0 && value.getNanos() < NANOS_IN_SECOND
                && Math.abs(value.getZone()) < SECONDS_IN_DAY && type.scale >= 0 && type.scale <= NANOS_DIGITS;
    }

    /**
     * Writes {@code value} ({@link #writes} holds) of {@code type} into {@code to} at {@code at}, which has
     * {@link #LONGEST} bytes of room; returns the index after it.
     */
    int write(TimestampData value, Type type, byte[] to, int at) {
        long local = value.getSeconds() + value.getZone();
        long localDay = Math.floorDiv(local, SECONDS_IN_DAY);
        if (localDay != day) {
            remember(localDay);
        }
        System.arraycopy(date, 0, to, at, DATE_LENGTH);
        int i = at + DATE_LENGTH;
        int second = (int) Math.floorMod(local, SECONDS_IN_DAY);
        i = two(second / SECONDS_IN_HOUR, to, i);
        to[i++] = ':';
        i = two(second % SECONDS_IN_HOUR / SECONDS_IN_MINUTE, to, i);
        to[i++] = ':';
        i = two(second % SECONDS_IN_MINUTE, to, i);
        if (type.scale > 0) {
            to[i++] = '.';
            i = fraction(value.getNanos(), type.scale, to, i);
        }
        if (((DateTimeType) type).withTimeZone) {
            i = offset(value.getZone(), to, i);
        }
        return i;
    }

    private void remember(long localDay) {
        LocalDate d = LocalDate.ofEpochDay(localDay);
        int year = d.getYear();
        two(year / 100, date, 0);
        two(year % 100, date, 2);
        date[4] = '-';
        two(d.getMonthValue(), date, 5);
        date[7] = '-';
        two(d.getDayOfMonth(), date, 8);
        date[10] = ' ';
        day = localDay;
    }

    /** The first {@code scale} of the nine digits of {@code nanos} (HSQLDB's {@code StringUtil.toZeroPaddedString}). */
    private static int fraction(int nanos, int scale, byte[] to, int at) {
        int rest = nanos;
        int unit = NANOS_IN_SECOND / 10;
        for (int d = 0; d < scale; d++) {
            to[at + d] = (byte) ('0' + rest / unit);
            rest %= unit;
            unit /= 10;
        }
        return at + scale;
    }

    /** HSQLDB's HOUR TO MINUTE interval with its sign: {@code +6:00}, {@code -3:30}, {@code +0:00}. */
    private static int offset(int zone, byte[] to, int at) {
        int i = at;
        to[i++] = (byte) (zone < 0 ? '-' : '+');
        int seconds = Math.abs(zone);
        int hours = seconds / SECONDS_IN_HOUR;
        if (hours >= 10) {
            to[i++] = (byte) ('0' + hours / 10);
        }
        to[i++] = (byte) ('0' + hours % 10);
        to[i++] = ':';
        return two(seconds % SECONDS_IN_HOUR / SECONDS_IN_MINUTE, to, i);
    }

    private static int two(int n, byte[] to, int at) {
        to[at] = (byte) ('0' + n / 10);
        to[at + 1] = (byte) ('0' + n % 10);
        return at + 2;
    }
}
