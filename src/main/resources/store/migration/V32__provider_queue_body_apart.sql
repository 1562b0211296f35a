-- Session 49 (perf49c, issue 8 (c)): a queued message's body (the application's document or the channel's later
-- message, some KB) moves out of the provider queue's rows into a table of its own, keyed by the message's id, as the
-- outbox's payloads did in V29. HSQLDB writes an updated row of a CACHED table whole: every change of a queued
-- message's state (kz.qaqpa.store.ProviderQueue: each offer, the acknowledgement, the answer, the closing) wrote the
-- document again through the row cache and the log, though only its state and times changed (the benchmark's (c):
-- about 6 KB twice or three times an application). The queue's rows now hold the state; a body is written once, in the
-- transaction that queues it, and read only when it is offered or checked against (ProviderQueue.application). Deleting
-- a row (retention) deletes its body with it (the foreign key's cascade); dropping a final application's body
-- (ProviderQueue.dropClosedBodiesBefore) deletes its body row and notes body_dropped_at as before. The bodies kept,
-- inline and as LOBs, are carried over as they are; rows whose body was dropped get none.
CREATE CACHED TABLE provider_queue_body (
  message_id    VARCHAR(64) PRIMARY KEY,
  message       VARCHAR(16M),
  message_large CLOB(16M),
  CONSTRAINT provider_queue_body_once CHECK ((message IS NULL) <> (message_large IS NULL)),
  CONSTRAINT provider_queue_body_entry FOREIGN KEY (message_id) REFERENCES provider_queue (message_id) ON DELETE CASCADE
);
INSERT INTO provider_queue_body (message_id, message, message_large)
  SELECT message_id, message, message_large FROM provider_queue WHERE body_dropped_at IS NULL;
ALTER TABLE provider_queue DROP CONSTRAINT provider_queue_message_once;
ALTER TABLE provider_queue DROP COLUMN message_large;
ALTER TABLE provider_queue DROP COLUMN message;
