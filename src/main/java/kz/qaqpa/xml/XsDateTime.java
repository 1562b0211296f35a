package kz.qaqpa.xml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * A moment written as XML Schema's xs:dateTime, read by XML Schema's rules (as the contract's schema validation and
 * JAXB read messageDate): {@code 24:00:00} is the first instant of the next day, and there is no year 0000, no
 * February 29 of a common year and no second 60 (the JDK's calendar takes it as a leap second). Without its offset a
 * dateTime names no moment; a year before 0001 or past 9999 is refused too (the project's own bound: the store and the
 * status texts take four-digit years).
 */
public final class XsDateTime {
    private static final int LAST_YEAR = 9999;
    /** Before it, a negative year's milliseconds overflow as a nine-digit year's do (review attack14). */
    private static final int FIRST_YEAR = 1;
    /** The JDK's calendar takes it for a leap second (the next minute's first); XML Schema's seconds end at 59. */
    private static final int LEAP_SECOND = 60;
    private static final DatatypeFactory DATATYPES = factory();
    /**
     * attack59: the most characters of an xs:dateTime read, whitespace around it left out. The JDK's DatatypeFactory
     * reads a second's fraction (and a year past nine digits) as a BigDecimal (BigInteger), and prints it back, in time
     * growing with the square of its digits: 200,000 digits took some 10 s, and the schemas take any number of them
     * (Xerces refuses a long year, not a long fraction). A moment the gateway takes has a four-digit year, so it is 35
     * characters with nanoseconds ({@code 2026-11-30T09:15:00.123456789+05:00}); this leaves a fraction of 38 digits,
     * finer than any clock writes and more than a nanosecond needs.
     */
    public static final int MAX_TEXT = 64;

    private XsDateTime() {
    }

    /** The moment {@code text} names; IllegalArgumentException saying why when it names none. */
    public static Instant instant(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > MAX_TEXT) {
            // the text is not quoted whole: it is what would take the time
            throw new IllegalArgumentException("'" + trimmed.substring(0, MAX_TEXT) + "…' (" + trimmed.length()
                    + " characters) is longer than any xs:dateTime the gateway reads (" + MAX_TEXT + ": a four-digit"
                    + " year, a second's fraction of a few digits)");
        }
        XMLGregorianCalendar date;
        try {
            date = DATATYPES.newXMLGregorianCalendar(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an xs:dateTime", e);
        }
        return instant(date);
    }

    /**
     * The moment a dateTime JAXB read (a contract field typed xs:dateTime) names, by the same rules. Read directly,
     * GregorianCalendar counts milliseconds in a long that a year of nine digits overflows without a word (year
     * 584556076 reads as today).
     */
    public static Instant instant(XMLGregorianCalendar date) {
        String text = date.toXMLFormat();
        if (!DatatypeConstants.DATETIME.equals(date.getXMLSchemaType())) {
            throw new IllegalArgumentException("'" + text + "' is a " + date.getXMLSchemaType().getLocalPart()
                    + ", not a dateTime");
        }
        if (date.getTimezone() == DatatypeConstants.FIELD_UNDEFINED) {
            throw new IllegalArgumentException("'" + text + "' has no offset, so it names no moment");
        }
        if (date.getSecond() == LEAP_SECOND) {
            throw new IllegalArgumentException("'" + text + "' has second 60: XML Schema has no leap second");
        }
        requireFourDigitYear(date, text);
        return withFraction(date);
    }

    /**
     * The day an xs:date JAXB read names (a state system's answer, e.g. ЕНИС's term of a power of attorney), from its
     * fields: its own offset, if any, does not move the day, and a year of nine digits, which GregorianCalendar's
     * milliseconds overflow back onto the present, is refused with any before 0001 or past 9999 as in a dateTime.
     */
    public static LocalDate date(XMLGregorianCalendar date) {
        String text = date.toXMLFormat();
        if (!DatatypeConstants.DATE.equals(date.getXMLSchemaType())) {
            throw new IllegalArgumentException("'" + text + "' is a " + date.getXMLSchemaType().getLocalPart()
                    + ", not a date");
        }
        requireFourDigitYear(date, text);
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    /**
     * Years 0001 to 9999 (the project's bound): GregorianCalendar's milliseconds overflow a long some 292 million
     * years either way of 1970, so a nine-digit year, ahead or (with a minus) before, could read as today.
     */
    private static void requireFourDigitYear(XMLGregorianCalendar date, String text) {
        BigInteger year = date.getEonAndYear();
        if (year.compareTo(BigInteger.valueOf(LAST_YEAR)) > 0) {
            throw new IllegalArgumentException("'" + text + "' has a year past " + LAST_YEAR);
        }
        if (year.compareTo(BigInteger.valueOf(FIRST_YEAR)) < 0) {
            throw new IllegalArgumentException("'" + text + "' has a year before " + FIRST_YEAR);
        }
    }

    /**
     * From the fields, which the checks above bound: GregorianCalendar would count milliseconds only, and building one
     * (with its time zone) for every message's date was 1% of a look-up's CPU (JFR, session 32). The hour is added last
     * so that 24:00:00 is the next day's first instant; the fraction of the second is kept to nanoseconds.
     */
    private static Instant withFraction(XMLGregorianCalendar date) {
        try {
            Instant whole = LocalDateTime.of(date.getYear(), date.getMonth(), date.getDay(), 0, date.getMinute(),
                    date.getSecond()).plusHours(date.getHour()).toInstant(ZoneOffset.ofTotalSeconds(date.getTimezone() * 60));
            BigDecimal fraction = date.getFractionalSecond();
            return fraction == null ? whole : whole.plusNanos(fraction.movePointRight(9).longValue());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + date.toXMLFormat() + "' names no moment: " + e.getMessage(), e);
        }
    }

    private static DatatypeFactory factory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML datatype factory", e);
        }
    }
}
