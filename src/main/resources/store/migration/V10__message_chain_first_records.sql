-- Hash version 3 of the message chain (kz.qaqpa.store.ChainRecord): each record binds, for every application it names,
-- the number of that application's first record, so an export that leaves out an application's first records fails.
-- Records written before keep their version and verify by the formula they were written with.
ALTER TABLE message_chain ADD COLUMN application_firsts VARCHAR(4000);
-- the first record of each application, looked up by key when a record names it (kz.qaqpa.store.MessageChain)
CREATE CACHED TABLE message_chain_first (
  correlation_id VARCHAR(8000) PRIMARY KEY,
  seq            BIGINT        NOT NULL
);
-- the applications already in the log begin where their first record naming them is: alone in correlation_id, or
-- among a getMessages answer's (found through message_chain_application)
INSERT INTO message_chain_first (correlation_id, seq)
  SELECT correlation_id, MIN(seq) FROM (
    SELECT TRIM(correlation_id) AS correlation_id, seq FROM message_chain
      WHERE TRIM(correlation_id) <> '' AND LOCATE(' ', TRIM(correlation_id)) = 0
    UNION ALL
    SELECT correlation_id, seq FROM message_chain_application
  ) AS named GROUP BY correlation_id;
