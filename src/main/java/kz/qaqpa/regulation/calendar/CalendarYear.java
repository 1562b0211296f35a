package kz.qaqpa.regulation.calendar;

import java.util.List;

/**
 * What only a decree or order tells for one year: Kurban Ait day 1 (never moved) and the day transfers.
 *
 * @param unconfirmed why some of this year's data is an estimate or rests on a single source, or null
 */
public record CalendarYear(int year, java.time.LocalDate kurbanAit, List<Transfer> transfers, String unconfirmed) {
    public CalendarYear {
        transfers = List.copyOf(transfers);
    }
}
