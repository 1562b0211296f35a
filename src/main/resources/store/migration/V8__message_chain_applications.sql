-- Hash version 2 of the message chain (kz.qaqpa.store.ChainRecord): a record's hash binds the applications it
-- belongs to separately from its other fields, so an export can show that no record of an application was left out.
-- Records written before keep version 1 and verify by the formula they were written with.
ALTER TABLE message_chain ADD COLUMN hash_version INT DEFAULT 1 NOT NULL;
-- one signed getMessages answer can carry several applications: its correlation_id lists them, space-separated
-- (at most 100 a poll), and this table finds such a record from each of them
ALTER TABLE message_chain ALTER COLUMN correlation_id SET DATA TYPE VARCHAR(8000);
CREATE CACHED TABLE message_chain_application (
  correlation_id VARCHAR(128) NOT NULL,
  seq            BIGINT       NOT NULL,
  PRIMARY KEY (correlation_id, seq)
);
