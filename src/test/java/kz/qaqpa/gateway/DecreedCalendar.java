package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A copy of the shipped working-day calendar that a test's gateway reads (qaqpa.calendar), and the transfer decree a
 * test writes into it between two starts (docs/deadlines.md: a decree loaded while a term runs).
 */
final class DecreedCalendar {
    private final Path file;
    private final String shipped;

    private DecreedCalendar(Path file, String shipped) {
        this.file = file;
        this.shipped = shipped;
    }

    /** The copy's path, as qaqpa.calendar names it. */
    Path file() {
        return file;
    }

    /** The shipped calendar copied into {@code dir}. */
    static DecreedCalendar copiedTo(Path dir) throws IOException {
        String shipped = Files.readString(Path.of("src/main/resources/calendar/kz-working-days.yaml"));
        Path file = dir.resolve("kz-working-days.yaml");
        Files.writeString(file, shipped);
        return new DecreedCalendar(file, shipped);
    }

    /**
     * A gateway (not started) on this calendar, its clock fixed at Friday 20 March 2026 19:30 in Astana and the
     * provider offices' mocks off, so that the applications stay in flight while the test acts as the provider.
     */
    GatewayHarness gateway(Path dataDir) {
        return new GatewayHarness(dataDir).with("qaqpa.clock", "fixed 2026-03-20T19:30:00+05:00")
                .with("qaqpa.calendar", file.toString()).with("qaqpa.mocks.provider-offices.enabled", "false");
    }

    /**
     * A gateway on this calendar runs {@code before} and stops; the transfer ({@code dayOff} off, {@code workingDay}
     * worked) is written; the gateway starts again on the same store and runs {@code after} with what {@code before}
     * gave.
     */
    <T> void acrossADecree(Path dataDir, String dayOff, String workingDay, Function<GatewayHarness, T> before,
                           BiConsumer<GatewayHarness, T> after) throws IOException {
        GatewayHarness gateway = gateway(dataDir).start();
        T made;
        try {
            made = before.apply(gateway);
        } finally {
            gateway.stop();
        }
        decree(dayOff, workingDay);
        gateway.start();
        try {
            after.accept(gateway, made);
        } finally {
            gateway.stop();
        }
    }

    /**
     * regs62, the operator's correction of a year the file marks unconfirmed: every {@code unconfirmed:} mark dropped
     * (the laws and dates verified) and the year's published transfer order written ({@code dayOff} off, {@code
     * workingDay} worked; 2027's entry).
     */
    void confirm2027(String dayOff, String workingDay) throws IOException {
        String year = "kurban-ait: {date: 2027-05-16, source: \"H2\"}\n    transfers: ";
        String confirmed = shipped.replaceAll(",\\s*unconfirmed: \"[^\"]*\"", "")
                .replaceAll("\n\\s*unconfirmed: \"[^\"]*\"", "");
        String ordered = confirmed.replace(year + "[]", year + "\n      - {day-off: " + dayOff + ", working-day: "
                + workingDay + ", source: \"a test's order\"}");
        assertThat(ordered).doesNotContain("unconfirmed: \"").isNotEqualTo(confirmed);
        Files.writeString(file, ordered);
    }

    /** Writes a transfer order for 2026 into the copy: Mon 30 March a day off, Sat 11 April worked. */
    void decree() throws IOException {
        decree("2026-03-30", "2026-04-11");
    }

    /** Writes a transfer order for 2026 into the copy: {@code dayOff} a day off, {@code workingDay} worked. */
    void decree(String dayOff, String workingDay) throws IOException {
        String year = "kurban-ait: {date: 2026-05-27, source: \"H10 H11\"}\n    transfers: ";
        String decreed = shipped.replace(year + "[]", year + "\n      - {day-off: " + dayOff + ", working-day: "
                + workingDay + ", source: \"a test's decree\"}");
        assertThat(decreed).isNotEqualTo(shipped);
        Files.writeString(file, decreed);
    }
}
