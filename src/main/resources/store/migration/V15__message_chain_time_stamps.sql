-- RFC 3161 time-stamps of the message chain (kz.qaqpa.evidence.HeadStamping): each proves that the chain up to record
-- seq, whose hash the time-stamping authority signed with its time, existed then. Written by the gateway as the head
-- moves; read by the log verifier.
CREATE CACHED TABLE message_chain_stamp (
  seq        BIGINT            PRIMARY KEY,
  hash       CHAR(64)          NOT NULL,
  stamped_at VARCHAR(40)       NOT NULL,
  token      VARBINARY(65536)  NOT NULL
);
