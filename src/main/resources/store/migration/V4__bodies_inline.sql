-- Issue 8: message bodies are kept in the rows instead of as LOBs. HSQLDB writes every LOB through its own system
-- procedures and syncs its .lobs file once per LOB value, which cost more CPU and disk syncs than the rest of a
-- look-up's storage; an inline value is written with its row and made durable by the one log sync of its commit.
-- The cap (16 MiB) is over three times qaqpa.max-message-bytes; a longer value is refused as a store error, never cut.
ALTER TABLE message_chain ALTER COLUMN message SET DATA TYPE VARBINARY(16M);
ALTER TABLE message_log ALTER COLUMN request SET DATA TYPE VARBINARY(16M);
ALTER TABLE message_log ALTER COLUMN reply SET DATA TYPE VARCHAR(16M);
ALTER TABLE provider_queue ALTER COLUMN message SET DATA TYPE VARCHAR(16M);
ALTER TABLE outbox ALTER COLUMN payload SET DATA TYPE VARCHAR(16M);
ALTER TABLE application ALTER COLUMN result SET DATA TYPE VARCHAR(16M);
ALTER TABLE application_document ALTER COLUMN document SET DATA TYPE VARCHAR(16M);
