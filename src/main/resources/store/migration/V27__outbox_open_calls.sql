-- Session 38 (ops27, docs/security.md "Session 38 review"): the due query hands out a head only when no older call of
-- its application and recipient is open (race26, kz.qaqpa.store.Outbox.NOTHING_OPEN_BEFORE), and every change that
-- queues or closes a call looks for the oldest open one (Outbox.OLDEST_OPEN). Through outbox_order both read every call
-- of the application and recipient, the delivered ones too, kept until the retention (qaqpa.retention.outbox-delivered):
-- at each poll, as many rows per due head as its application had calls. HSQLDB has no partial index; with the open
-- condition written delivered_at IS NULL AND stopped_at IS NULL this index holds it among its start conditions (IS NULL
-- is an equal condition to HSQLDB), so both read the open calls only. Those queries match four of its columns and two of
-- outbox_order's, so they take it; the queries naming only the application, or it and the recipient, still take
-- outbox_order, made first (V1).
CREATE INDEX outbox_open ON outbox (correlation_id, target_sender, delivered_at, stopped_at, id);
