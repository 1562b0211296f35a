-- Session 51 (perf51c, issue 8 (c)): the look-up of an application by its sender's messageId moves from an index of
-- the application's rows (application_message, V1) to a narrow table of its own. A channel's messageIds are its own
-- random ids (UUIDs), so each intake's INSERT walked that index down to old applications, and HSQLDB keeps a CACHED
-- table's index nodes in its rows: every node visited fetched an old application's row whole through the 10 MB row
-- cache, about 4.2 KB once its result is in (kept in the row), read back from the .data file and decoded when the
-- cache had let it go, which the message chain's 5 KB records make it do every few hundred applications (perf50c,
-- docs/performance.md Session 50). The walk now visits rows of three identifiers (about 150 bytes). The application
-- keeps its sender_id and message_id (its own record); only the index goes. One row per application, written in the
-- intake's transaction beside it (kz.qaqpa.store.Applications.insert) and never changed: applications are never
-- deleted, so no foreign key (it would add an index walk and a look-up to every intake for no deletion to follow).
-- The key holds the correlationId too: a sender's messageId is unique only in the message log (whose retention may
-- let it come again), as the dropped index was not unique.
CREATE CACHED TABLE application_by_message (
  sender_id      VARCHAR(64)  NOT NULL,
  message_id     VARCHAR(128) NOT NULL,
  correlation_id VARCHAR(128) NOT NULL,
  PRIMARY KEY (sender_id, message_id, correlation_id)
);
-- Read in the dropped index's order, so the new key is built by appending (StoreUpgradeTest, and docs/performance.md
-- Session 51 / perf51c for a large store's time).
INSERT INTO application_by_message (sender_id, message_id, correlation_id)
  SELECT sender_id, message_id, correlation_id FROM application ORDER BY sender_id, message_id, correlation_id;
DROP INDEX application_message;
