package kz.qaqpa.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import kz.qaqpa.MachineUptime;

/** The retention's last run as the store keeps it (V18): the latest time it could count then, and the machine's uptime. */
public final class RetentionLastRun {
    private final Database db;

    public RetentionLastRun(Database db) {
        this.db = db;
    }

    /** A run's time bound and the machine's reading then (empty where the machine gave none). */
    public record Noted(Instant bound, Optional<MachineUptime.Reading> machine) {
    }

    /** The last run's, or empty before the first. */
    public Optional<Noted> read() {
        return db.queryOne("SELECT time_bound, boot_id, since_boot_ms FROM retention_last_run WHERE id = 1"
                + " AND time_bound IS NOT NULL", rs -> {
                    String boot = rs.getString(2);
                    long sinceBoot = rs.getLong(3);
                    Optional<MachineUptime.Reading> machine = boot == null || rs.wasNull() ? Optional.empty()
                            : Optional.of(new MachineUptime.Reading(boot, Duration.ofMillis(sinceBoot)));
                    return new Noted(rs.getObject(1, OffsetDateTime.class).toInstant(), machine);
                });
    }

    public void note(Noted run) {
        db.update("UPDATE retention_last_run SET time_bound = ?, boot_id = ?, since_boot_ms = ? WHERE id = 1",
                run.bound().atOffset(ZoneOffset.UTC), run.machine().map(MachineUptime.Reading::bootId).orElse(null),
                run.machine().map(m -> m.sinceBoot().toMillis()).orElse(null));
    }
}
