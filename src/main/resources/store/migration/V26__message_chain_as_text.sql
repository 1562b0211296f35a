-- Session 38 (perf27, issue 8): a chain record's message is kept in its row as text (kz.qaqpa.store.MessageText:
-- printable ASCII bytes as themselves, any other byte and the escape '~' as '~' and two hex digits), no longer as a
-- VARBINARY. HSQLDB's log writes a VARBINARY as hex, two characters a byte, and the records were four fifths of the
-- log: under load it filled (qaqpa.db.checkpoint-log-mb) every some 3,000 applications, and each checkpoint held every
-- statement of every thread for half a second. A string's printable ASCII characters are logged as themselves, so an
-- envelope's XML costs about one byte a byte. The same bytes come back (the decoding is exact for any bytes, whatever
-- the encoding a sender used); the hash covers the bytes, not the text, so records of both kinds verify as before.
-- Records written before keep their VARBINARY (read from it, never rewritten): each record is in exactly one of the
-- three columns. A message whose text would not fit in a row (kz.qaqpa.store.Bodies.IN_ROW_BYTES) stays a LOB (V11).
ALTER TABLE message_chain ADD COLUMN message_text VARCHAR(16M);
ALTER TABLE message_chain DROP CONSTRAINT message_chain_message_once;
ALTER TABLE message_chain ADD CONSTRAINT message_chain_message_once CHECK ((CASE WHEN message IS NULL THEN 0 ELSE 1 END)
  + (CASE WHEN message_text IS NULL THEN 0 ELSE 1 END) + (CASE WHEN message_large IS NULL THEN 0 ELSE 1 END) = 1);
