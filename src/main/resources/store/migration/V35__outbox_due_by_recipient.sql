-- Session 53 (perf53c, issue 8 (c); merged in session 54): the delivery pass reads the due heads of the recipients without a run under way
-- (kz.qaqpa.store.Outbox.due). Through outbox_due (head, next_attempt_at, V6) it read the heads of every recipient in
-- their due order and read past those of the busy ones, so with a backlog (notifications made faster than one
-- recipient takes them) each pass read that recipient's thousands of heads to find another's: the benchmark's (c)
-- spent 4.8% of the gateway's CPU in those passes (docs/performance.md, "Session 52" / perf52c). With the recipient
-- second a pass reads each free recipient's due heads only, and finds the recipients with a head by one probe each.
-- The outbox keeps the same number of indexes. Session 54 (perf54) merged it, with a pass's batch taken of each
-- recipient (every row read is sent). HSQLDB copies a non-empty CACHED table into a new one both to drop an index and
-- to create one (TableWorks.dropIndex, addIndex), so this rewrites the outbox table twice, at the first start
-- (StoreUpgradeTest.callbacksOwedBeforeVersion35StayDueInOrder).
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (head, target_sender, next_attempt_at);
