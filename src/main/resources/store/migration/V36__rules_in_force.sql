-- Session 69 (rules69, review68b 3): when each rule the gateway added after it had logged messages
-- (kz.qaqpa.trust.LaterRules.Rule: its name) first ran on this store, and the first record logged under it. The
-- message log's checks note a record refused by such a rule alone as taken by the earlier rule only when it lies
-- before that record (kz.qaqpa.store.RulesInForce); after it, the gateway did not log it. Empty here: the gateway's
-- start notes each rule it has and finds no row for (a store upgraded now: from the next record on, so every record
-- already logged keeps its note).
CREATE TABLE rules_in_force (
  rule      VARCHAR(40)              PRIMARY KEY,
  since     TIMESTAMP WITH TIME ZONE NOT NULL,
  first_seq BIGINT                   NOT NULL
);
