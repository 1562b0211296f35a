-- Session 25: records older than qaqpa.log.archive.after are moved out of the store into archive files
-- (kz.qaqpa.evidence.MessageLogArchive) and deleted; the store's chain then begins after the last archived record,
-- whose number and hash are noted in this one row (0 and 64 zeros while nothing is archived), with the file that holds
-- it. It moves in the transaction that deletes the archived records, once their file is whole on disk.
CREATE TABLE message_chain_archived (
  id   INT          PRIMARY KEY,
  seq  BIGINT       NOT NULL,
  hash CHAR(64)     NOT NULL,
  file VARCHAR(255)
);
INSERT INTO message_chain_archived (id, seq, hash, file) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
