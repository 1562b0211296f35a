-- Session 41 (fix41, review40 row 4): a poll's answer is bounded by qaqpa.max-message-bytes, which README counts in
-- bytes; the poll counted the stored messages' characters (CHAR_LENGTH), and Kazakh or Russian text takes two bytes a
-- character in UTF-8 (three for some signs), so one answer carried up to three times the limit. Each queued message
-- now keeps its body's UTF-8 length, counted when it is queued (kz.qaqpa.store.ProviderQueue#enqueue); the poll reads
-- that number, not the body (before, CHAR_LENGTH of a LOB body read the LOB). HSQLDB has no exact UTF-8 length of a
-- text (OCTET_LENGTH counts two bytes a character), so a message queued before this version gets the upper bound,
-- three bytes a character (a surrogate pair's four bytes are within its two units' six): it may wait for a later poll
-- where it would have fitted, never overfill one. A body already dropped (V17) counts nothing: it is no longer offered.
ALTER TABLE provider_queue ADD COLUMN body_bytes BIGINT;
UPDATE provider_queue SET body_bytes = 3 * COALESCE(CHAR_LENGTH(message), CHAR_LENGTH(message_large), 0);
ALTER TABLE provider_queue ALTER COLUMN body_bytes SET NOT NULL;
