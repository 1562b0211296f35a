-- A body larger than kz.qaqpa.store.Bodies.IN_ROW_BYTES is kept as a LOB in the column beside its inline one, the inline
-- one left NULL; smaller bodies stay in their rows (V4). HSQLDB's row cache (10 MB) holds every row a statement is
-- working on, body and all: rows of several messages near qaqpa.max-message-bytes at once did not fit ("Data cache size
-- limit is reached"), and one such row beside another of its table's as large could not either. A LOB's bytes are
-- kept in the .lobs file and never pass through the row cache. The same bytes are stored, in one of the two columns
-- (the checks below); the message chain's hash covers them as before.
ALTER TABLE message_chain ALTER COLUMN message SET NULL;
ALTER TABLE message_chain ADD COLUMN message_large BLOB(16M);
ALTER TABLE message_chain ADD CONSTRAINT message_chain_message_once CHECK ((message IS NULL) <> (message_large IS NULL));
ALTER TABLE provider_queue ALTER COLUMN message SET NULL;
ALTER TABLE provider_queue ADD COLUMN message_large CLOB(16M);
ALTER TABLE provider_queue ADD CONSTRAINT provider_queue_message_once CHECK ((message IS NULL) <> (message_large IS NULL));
ALTER TABLE outbox ALTER COLUMN payload SET NULL;
ALTER TABLE outbox ADD COLUMN payload_large CLOB(16M);
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_once CHECK ((payload IS NULL) <> (payload_large IS NULL));
ALTER TABLE application_document ALTER COLUMN document SET NULL;
ALTER TABLE application_document ADD COLUMN document_large CLOB(16M);
ALTER TABLE application_document ADD CONSTRAINT application_document_once CHECK ((document IS NULL) <> (document_large IS NULL));
-- the reply and the result may be absent (a result until the provider sends one): at most one of the two columns
ALTER TABLE message_log ADD COLUMN reply_large CLOB(16M);
ALTER TABLE message_log ADD CONSTRAINT message_log_reply_once CHECK (reply IS NULL OR reply_large IS NULL);
ALTER TABLE application ADD COLUMN result_large CLOB(16M);
ALTER TABLE application ADD CONSTRAINT application_result_once CHECK (result IS NULL OR result_large IS NULL);
