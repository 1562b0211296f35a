-- Issue 8: the due query grouped every open outbox entry to find the oldest of each application and recipient, on
-- every pass of the delivery (a few times a second). With a backlog (a recipient down, or notifications made faster
-- than delivered) that is thousands of rows read per pass: 100 ms a query at 5,000 open entries. Each entry now
-- says whether it is that oldest open one (kz.qaqpa.store.Outbox keeps it true for exactly one open entry per
-- application and recipient), and the due query reads only those through an index.
ALTER TABLE outbox ADD COLUMN head BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE outbox SET head = TRUE WHERE id IN (SELECT MIN(id) FROM outbox
  WHERE delivered_at IS NULL AND stopped_at IS NULL GROUP BY correlation_id, target_sender);
CREATE INDEX outbox_due ON outbox (head, next_attempt_at);
