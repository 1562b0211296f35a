-- Session 45 (outbox45, issue 8): a callback's payload (the signed message, some KB) moves out of the outbox's rows
-- into a table of its own, keyed by the entry's id. HSQLDB writes an updated row of a CACHED table whole: every change
-- of an entry's state (kz.qaqpa.store.Outbox: delivered, markHead, failed, stop, restart) wrote its payload again
-- through the row cache and the log, though only its state, times and head flag changed. The outbox's rows now hold
-- the state (some 200 bytes); a payload is written once, in the INSERT's transaction, and read only when its callback
-- is sent (Outbox.payload) or listed with its application. Deleting an entry (retention) deletes its payload with it
-- (the foreign key's cascade). The payloads already kept, inline and as LOBs, are carried over as they are.
CREATE CACHED TABLE outbox_payload (
  id            BIGINT PRIMARY KEY,
  payload       VARCHAR(16M),
  payload_large CLOB(16M),
  CONSTRAINT outbox_payload_text_once CHECK ((payload IS NULL) <> (payload_large IS NULL)),
  CONSTRAINT outbox_payload_entry FOREIGN KEY (id) REFERENCES outbox (id) ON DELETE CASCADE
);
INSERT INTO outbox_payload (id, payload, payload_large) SELECT id, payload, payload_large FROM outbox;
ALTER TABLE outbox DROP CONSTRAINT outbox_payload_once;
ALTER TABLE outbox DROP COLUMN payload_large;
ALTER TABLE outbox DROP COLUMN payload;
