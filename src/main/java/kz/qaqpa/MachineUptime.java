package kz.qaqpa;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The machine's boot and the time since it (Linux's /proc): no NTP step moves them, and unlike System.nanoTime they
 * outlive the gateway's process, so a restart knows how long it was down.
 */
public final class MachineUptime {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path UPTIME = Path.of("/proc/uptime");

    private MachineUptime() {
    }

    /** Which boot, and how long since it. */
    public record Reading(String bootId, Duration sinceBoot) {
    }

    /** The machine's reading now; empty where it gives none (not Linux, or /proc hidden). */
    public static Optional<Reading> now() {
        try {
            String boot = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
            String seconds = Files.readString(UPTIME, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            long millis = new BigDecimal(seconds).movePointRight(3).longValueExact();
            return Optional.of(new Reading(boot, Duration.ofMillis(millis)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What is known to have elapsed from {@code then} to {@code now}: the difference in the same boot; after a reboot
     * the time since it (the machine's time off before it is unknown); nothing without both readings.
     */
    public static Duration knownElapsed(Optional<Reading> then, Optional<Reading> now) {
        if (then.isEmpty() || now.isEmpty()) {
            return Duration.ZERO;
        }
        Reading before = then.get();
        Reading current = now.get();
        if (!before.bootId().equals(current.bootId())) {
            return current.sinceBoot();
        }
        Duration elapsed = current.sinceBoot().minus(before.sinceBoot());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }
}
