package kz.qaqpa.regulation.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the working-day calendar's data file (format: the header of calendar/kz-working-days.yaml) and checks
 * every row: an unknown key, a bad date, a transfer whose day off is not a weekday or whose working day is not
 * a weekend day, a Kurban Ait date outside its year all fail loudly, naming the row.
 */
public final class CalendarFile {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarFile.class);
    private static final String CLASSPATH = "classpath:";
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");
    private final String location;

    private CalendarFile(String location) {
        this.location = location;
    }

    /** @param location {@code classpath:<resource>} or a file path (qaqpa.calendar) */
    public static WorkingCalendar load(String location, ZoneId zone) {
        try (InputStream in = open(location)) {
            return parse(in, location, zone);
        } catch (IOException e) {
            throw new UncheckedIOException("working-day calendar " + location + " cannot be read", e);
        }
    }

    /** @param name where the text comes from, for error messages */
    public static WorkingCalendar parse(InputStream yaml, String name, ZoneId zone) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(name).build()).loadFromInputStream(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("working-day calendar " + name + " is not valid YAML: " + e.getMessage(), e);
        }
        CalendarFile file = new CalendarFile(name);
        return file.calendar(file.new Row("file", root, Set.of("weekend", "holidays", "years")), zone);
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            InputStream in = CalendarFile.class.getClassLoader().getResourceAsStream(location.substring(CLASSPATH.length()));
            if (in == null) {
                throw new IOException("no such resource");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    private WorkingCalendar calendar(Row file, ZoneId zone) {
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        for (Object day : file.list("weekend")) {
            weekend.add(check("weekend", () -> DayOfWeek.valueOf(String.valueOf(day))));
        }
        List<Holiday> holidays = new ArrayList<>();
        List<Object> rows = file.list("holidays");
        for (int i = 0; i < rows.size(); i++) {
            holidays.add(holiday(new Row("holidays[" + i + "]", rows.get(i),
                    Set.of("date", "name", "from", "until", "moves", "source", "unconfirmed"))));
        }
        List<CalendarYear> years = new ArrayList<>();
        for (Map.Entry<?, ?> e : file.map("years").entrySet()) {
            String where = "years." + e.getKey();
            if (!(e.getKey() instanceof Integer year)) {
                throw fail(where, "a year must be a number");
            }
            years.add(year(year, new Row(where, e.getValue(), Set.of("kurban-ait", "transfers", "holiday-moves", "unconfirmed"))));
        }
        holidays.stream().filter(h -> h.unconfirmed() != null).forEach(h -> LOG.info(
                "working-day calendar {}: holiday {} {} ({}..{}) is unconfirmed: {}", location, h.date(), h.name(),
                h.from() == null ? "" : h.from(), h.until() == null ? "" : h.until(), h.unconfirmed()));
        return new WorkingCalendar(zone, weekend, holidays, years);
    }

    private Holiday holiday(Row row) {
        MonthDay date = check(row.where, () -> MonthDay.parse(row.text("date"), MONTH_DAY));
        Integer from = row.optionalYear("from");
        Integer until = row.optionalYear("until");
        if (from != null && until != null && from > until) {
            throw fail(row.where, "'from' " + from + " is after 'until' " + until);
        }
        return new Holiday(date, row.text("name"), from, until, row.bool("moves", true), row.optionalText("unconfirmed"));
    }

    private CalendarYear year(int year, Row row) {
        Row kurban = new Row(row.where + ".kurban-ait", row.value("kurban-ait"), Set.of("date", "source", "unconfirmed"));
        LocalDate kurbanAit = kurban.date("date");
        if (kurbanAit.getYear() != year) {
            throw fail(kurban.where, "date " + kurbanAit + " is not in " + year);
        }
        List<Transfer> transfers = new ArrayList<>();
        List<Object> rows = row.list("transfers");
        for (int i = 0; i < rows.size(); i++) {
            transfers.add(transfer(year, new Row(row.where + ".transfers[" + i + "]", rows.get(i),
                    Set.of("day-off", "working-day", "source"))));
        }
        Map<LocalDate, LocalDate> holidayMoves = new HashMap<>();
        List<Object> moves = row.optionalList("holiday-moves");
        for (int i = 0; i < moves.size(); i++) {
            Row move = new Row(row.where + ".holiday-moves[" + i + "]", moves.get(i), Set.of("holiday", "day-off", "source"));
            LocalDate holiday = move.date("holiday");
            if (holiday.getYear() != year) {
                throw fail(move.where, "holiday " + holiday + " is not in " + year);
            }
            holidayMoves.put(holiday, move.date("day-off"));
        }
        String unconfirmed = join(row.optionalText("unconfirmed"), kurban.optionalText("unconfirmed") == null
                ? null : "Kurban Ait " + kurban.optionalText("unconfirmed"));
        return new CalendarYear(year, kurbanAit, transfers, holidayMoves, unconfirmed);
    }

    private Transfer transfer(int year, Row row) {
        LocalDate dayOff = row.date("day-off");
        LocalDate workingDay = row.date("working-day");
        if (dayOff.getYear() != year) {
            throw fail(row.where, "day-off " + dayOff + " is not in " + year);
        }
        if (weekendDay(dayOff)) {
            throw fail(row.where, "day-off " + dayOff + " is already a weekend day");
        }
        if (!weekendDay(workingDay)) {
            throw fail(row.where, "working-day " + workingDay + " is not a weekend day");
        }
        return new Transfer(dayOff, workingDay);
    }

    private static boolean weekendDay(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    private <T> T check(String where, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (BadRow e) {
            throw e;
        } catch (DateTimeException | IllegalArgumentException e) {
            throw fail(where, e.getMessage());
        }
    }

    private BadRow fail(String where, String problem) {
        return new BadRow("working-day calendar " + location + ", " + where + ": " + problem);
    }

    /** A row of the file that is not valid; the message names the file and the row. */
    public static final class BadRow extends IllegalArgumentException {
        BadRow(String message) {
            super(message);
        }
    }

    /** One mapping of the file, with the keys it may have. */
    private final class Row {
        final String where;
        final Map<?, ?> fields;

        Row(String where, Object value, Set<String> allowed) {
            this.where = where;
            if (!(value instanceof Map<?, ?> map)) {
                throw fail(where, "expected a mapping, found " + value);
            }
            for (Object key : map.keySet()) {
                if (!allowed.contains(String.valueOf(key))) {
                    throw fail(where, "unknown key '" + key + "' (allowed: " + allowed + ")");
                }
            }
            fields = map;
        }

        Object value(String key) {
            Object value = fields.get(key);
            if (value == null) {
                throw fail(where, "'" + key + "' is missing");
            }
            return value;
        }

        String text(String key) {
            String text = String.valueOf(value(key)).trim();
            if (text.isEmpty()) {
                throw fail(where, "'" + key + "' is empty");
            }
            return text;
        }

        String optionalText(String key) {
            return fields.get(key) == null ? null : text(key);
        }

        Integer optionalYear(String key) {
            Object value = fields.get(key);
            if (value != null && !(value instanceof Integer)) {
                throw fail(where, "'" + key + "' must be a year, found " + value);
            }
            return (Integer) value;
        }

        boolean bool(String key, boolean otherwise) {
            Object value = fields.get(key);
            if (value != null && !(value instanceof Boolean)) {
                throw fail(where, "'" + key + "' must be true or false, found " + value);
            }
            return value == null ? otherwise : (Boolean) value;
        }

        LocalDate date(String key) {
            return check(where, () -> LocalDate.parse(text(key)));
        }

        List<Object> list(String key) {
            Object value = value(key);
            if (!(value instanceof List<?> list)) {
                throw fail(where, "'" + key + "' must be a list");
            }
            return new ArrayList<>(list);
        }

        List<Object> optionalList(String key) {
            return fields.get(key) == null ? List.of() : list(key);
        }

        Map<?, ?> map(String key) {
            Object value = value(key);
            if (!(value instanceof Map<?, ?> map)) {
                throw fail(where, "'" + key + "' must be a mapping");
            }
            return map;
        }
    }
}
