-- Session 30 (kz.qaqpa.store.RetentionClock, docs/operations.md "Retention"): the retention's last run, so that a
-- gateway started while the system clock is stepped ahead counts no further than that run plus the time known to have
-- elapsed since. One row: the latest time the retention could count then (NULL until its first run: the clock is
-- taken), and the machine's boot and time since boot then (NULL where the machine does not say), by which a restart in
-- the same boot knows exactly how long it was down.
CREATE TABLE retention_last_run (
  id            INT                      PRIMARY KEY,
  time_bound    TIMESTAMP WITH TIME ZONE,
  boot_id       VARCHAR(64),
  since_boot_ms BIGINT
);
INSERT INTO retention_last_run (id, time_bound, boot_id, since_boot_ms) VALUES (1, NULL, NULL, NULL);
