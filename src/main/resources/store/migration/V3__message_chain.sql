-- The tamper-evident message log: every signed message in and out, byte for byte, with its signer, time and
-- SHA-256, each record holding the hash of the one before it (see kz.qaqpa.store.MessageChain).
CREATE CACHED TABLE message_chain (
  seq                BIGINT        PRIMARY KEY,
  logged_at          VARCHAR(40)   NOT NULL,
  direction          VARCHAR(3)    NOT NULL,
  kind               VARCHAR(32)   NOT NULL,
  operation          VARCHAR(64),
  peer               VARCHAR(500),
  session_id         VARCHAR(128),
  correlation_id     VARCHAR(128),
  signer_subject     VARCHAR(2000) NOT NULL,
  signer_serial      VARCHAR(128)  NOT NULL,
  certificate_sha256 CHAR(64)      NOT NULL,
  message_sha256     CHAR(64)      NOT NULL,
  message            BLOB(64M)     NOT NULL,
  prev_hash          CHAR(64)      NOT NULL,
  hash               CHAR(64)      NOT NULL
);
-- signer certificates, each stored once, named by the SHA-256 of its DER encoding
CREATE CACHED TABLE log_certificate (
  sha256 CHAR(64)         PRIMARY KEY,
  der    VARBINARY(65536) NOT NULL
);
-- the newest record's number and hash; every append locks this one row, which serialises the chain
CREATE TABLE message_chain_head (
  id   INT      PRIMARY KEY,
  seq  BIGINT   NOT NULL,
  hash CHAR(64) NOT NULL
);
INSERT INTO message_chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE INDEX message_chain_correlation ON message_chain (correlation_id);
CREATE INDEX message_chain_session ON message_chain (session_id);
