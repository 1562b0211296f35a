-- Issue 8: the message log (replay of repeated messageIds) stored every request's bytes a second time: since
-- version 3 the message chain holds them, as received, in the same transaction (kz.qaqpa.channel.Replies.record).
-- New rows leave the column empty; rows from before keep theirs (for some, the only copy).
ALTER TABLE message_log ALTER COLUMN request SET NULL;
