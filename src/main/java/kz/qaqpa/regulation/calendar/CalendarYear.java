package kz.qaqpa.regulation.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What only a decree or order tells for one year: Kurban Ait day 1 (never moved), the day transfers, and the
 * rare holiday a decree placed elsewhere than the weekend rule would (Victory Day 2020 on Fri 8 May).
 *
 * @param holidayMoves a holiday's own date to the day off it was taken on instead
 * @param unconfirmed  why some of this year's data is an estimate or rests on a single source, or null
 */
public record CalendarYear(int year, LocalDate kurbanAit, List<Transfer> transfers, Map<LocalDate, LocalDate> holidayMoves,
                           String unconfirmed) {
    public CalendarYear {
        transfers = List.copyOf(transfers);
        holidayMoves = Map.copyOf(holidayMoves);
    }
}
