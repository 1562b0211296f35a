-- Session 64 (perf64, issue 8 (b)): a reply's INSERT no longer checks its entry through a foreign key. The check read
-- message_log's seq index under the lock of message_log's whole table store (HSQLDB's RowStoreAVLDisk), the lock that
-- every other look-up's replay check and entry INSERT take too: in perf63's recording of the signed look-up at 8
-- clients it waited 6.0 ms a look-up there, a seventh of its waits for HSQLDB's locks (docs/performance.md, Session 64
-- / perf64). An entry and its reply are still written in one transaction, by the one writer (kz.qaqpa.store.MessageLog,
-- the reply keyed by the entry's IDENTITY()), and deleted in one: retention deletes the replies of the entries it
-- deletes itself (MessageLog.deleteReceivedBefore), as the key's cascade did.
ALTER TABLE message_reply DROP CONSTRAINT message_reply_entry;
