package kz.qaqpa.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import javax.xml.datatype.DatatypeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** xs:dateTime by XML Schema's rules, as the contract's schema and JAXB read messageDate. */
class XsDateTimeTest {
    @Test
    void midnightAtTheEndOfADayIsTheNextDaysFirstInstant() {
        assertThat(XsDateTime.instant("2026-12-01T24:00:00Z")).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(XsDateTime.instant("2026-12-31T24:00:00+05:00")).isEqualTo(Instant.parse("2026-12-31T19:00:00Z"));
    }

    @Test
    void anOffsetAndFractionsAreRead() {
        assertThat(XsDateTime.instant(" 2026-11-30T09:15:00.123456+05:00 "))
                .isEqualTo(Instant.parse("2026-11-30T04:15:00.123456Z"));
    }

    /** Every moment java.time can also read (its own, stricter, ISO reading) is the same moment. */
    @ParameterizedTest
    @ValueSource(strings = {"2028-02-29T23:59:59.999999999-14:00", "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59.5Z", "2026-03-01T00:00:00.000001+05:45", "1970-01-01T00:00:00-00:30"})
    void aMomentIsTheOneJavaTimeReads(String text) {
        assertThat(XsDateTime.instant(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "2027-02-29T00:00:00Z", "2026-12-01T24:00:01Z",
            "2026-12-01T09:15:00", "10000-01-01T00:00:00Z", "2026-12-01", "yesterday", "2026-12-31T23:59:60Z",
            "-0001-01-01T00:00:00Z", "-584540021-10-16T12:49:37Z"})
    void whatNamesNoMomentIsRefusedByName(String text) {
        assertThatThrownBy(() -> XsDateTime.instant(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }

    /**
     * attack59: a year or a second's fraction of a million digits (the schemas take such a fraction): the JDK's factory
     * read them as BigInteger and BigDecimal, in time growing with the square of the digits (200,000 took some 10 s).
     * Seen FAILING before: past the 10 s bound. Now refused by length before they are read, the text not quoted whole.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fraction", "year"})
    void aDateTimeOfAMillionDigitsIsRefusedAtOnce(String where) {
        String digits = "7".repeat(1_000_000);
        String text = "fraction".equals(where) ? "2026-11-30T09:15:00." + digits + "+05:00" : "1" + digits + "-11-30T09:15:00Z";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> XsDateTime.instant(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than any xs:dateTime")
                .hasMessageNotContaining(digits.substring(0, 100)));
    }

    /** Within the bound, a fraction finer than a nanosecond is read, and cut to the nanosecond, as before. */
    @Test
    void aFractionFinerThanANanosecondIsCutToIt() {
        assertThat(XsDateTime.instant("2026-11-30T09:15:00.12345678987654321+05:00"))
                .isEqualTo(Instant.parse("2026-11-30T04:15:00.123456789Z"));
    }

    @Test
    void aDateIsItsOwnDayWhateverItsOffset() throws Exception {
        DatatypeFactory datatypes = DatatypeFactory.newInstance();
        assertThat(XsDateTime.date(datatypes.newXMLGregorianCalendar("2028-02-10+05:00"))).isEqualTo(LocalDate.of(2028, 2, 10));
        assertThat(XsDateTime.date(datatypes.newXMLGregorianCalendar("2028-02-10-12:00"))).isEqualTo(LocalDate.of(2028, 2, 10));
    }

    /** GregorianCalendar's milliseconds overflow on this year back onto 2019. */
    @ParameterizedTest
    @ValueSource(strings = {"584556069-02-10", "10000-01-01", "-0001-01-01", "2028-02-10T00:00:00Z"})
    void aDateNoCalendarHasIsRefusedByName(String text) throws Exception {
        javax.xml.datatype.XMLGregorianCalendar date = DatatypeFactory.newInstance().newXMLGregorianCalendar(text);
        assertThatThrownBy(() -> XsDateTime.date(date)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
