-- Session 50 (durable50, kz.qaqpa.store.SyncBarrier): the row an outbox pass writes after reading its due entries and
-- before any call, so that its commit's sync covers every commit the pass read (HSQLDB shows a commit's rows before
-- its log record is on disk). One row, counted up: it never grows.
CREATE TABLE sync_barrier (
  id     INT    PRIMARY KEY,
  passes BIGINT NOT NULL
);
INSERT INTO sync_barrier (id, passes) VALUES (1, 0);
