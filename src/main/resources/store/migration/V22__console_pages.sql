-- Session 33 (leftovers20): the operator console's GET /overdue and GET /outbox/stopped list a page at a time, by key
-- (kz.qaqpa.operator.Paging). The overdue page reads the open steps past their due time by due time (step_plan_open
-- puts overdue_notified_at before due_at, so a page read every open step of every application in flight and sorted
-- them); the stopped page reads the callbacks given up on by the time they stopped (outbox_pending orders by
-- next_attempt_at, so a page read every undelivered callback). Each index holds the page's key after its conditions.
-- HSQLDB takes, of the indexes that match as many of a query's equal columns (here the first: ended_at IS NULL,
-- delivered_at IS NULL), the one created first: the older index is made again after the new one, so that the page
-- reads the new one (ConsolePagesQueryTest reads the plans), and the queries that match more of the older one's
-- columns (the overdue scan, the outbox's backlog) keep reading it.
CREATE INDEX step_plan_overdue ON step_plan (ended_at, due_at, correlation_id, seq);
DROP INDEX step_plan_open;
CREATE INDEX step_plan_open ON step_plan (ended_at, overdue_notified_at, due_at);
CREATE INDEX outbox_stopped ON outbox (delivered_at, stopped_at, id);
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (delivered_at, next_attempt_at);
