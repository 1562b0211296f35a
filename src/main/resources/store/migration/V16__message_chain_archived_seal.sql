-- Session 26: the seal hash of the archive file that holds the archived head (kz.qaqpa.evidence.ArchiveSeal), which the
-- next file names as its previous seal. Noted in the transaction that deletes the file's records, so the next run does
-- not need the file itself: an operator may move archive files to other storage. NULL: archived before this version
-- (the next run then reads the seal from the file) or nothing archived yet.
ALTER TABLE message_chain_archived ADD COLUMN seal VARCHAR(64);
