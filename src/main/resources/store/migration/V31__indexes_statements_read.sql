-- Session 47 (store47, issue 8 (c)): HSQLDB writes every index of a table for each row an INSERT adds and again for
-- each row an UPDATE changes (a delete and an insert in every index), and the outbox's rows are written at each
-- callback queued, delivered, retried, stopped or made head. Two of its six indexes served no statement that another
-- does not serve as well (HSQLDB's own plans, OutboxTest.theOutboxKeepsOnlyTheIndexesItsStatementsRead):
-- outbox_pending (delivered_at, next_attempt_at, V1/V22) was read by none: the backlog's count, the stopped calls'
-- count and the retention's deletes read outbox_stopped (delivered_at, stopped_at, id, V22), made before it;
-- outbox_order (correlation_id, target_sender, id, V1) was read by an application's calls (the console, tests), the
-- head marking and the restart's count of later deliveries, which outbox_open (correlation_id, target_sender,
-- delivered_at, stopped_at, id, V27) serves by the same two first columns (an application's few calls then sorted by id).
DROP INDEX outbox_pending;
DROP INDEX outbox_order;
-- The provider queue's row is written at its queuing, each offer, its acknowledgement and its closing; two of its five
-- indexes served one retention statement each, both by message_type first: provider_queue_queued (message_type,
-- enqueued_at, V14) the deletion of a channel's later messages (UPDATE) no longer offered, provider_queue_bodies_kept
-- (message_type, body_dropped_at, V17) the dropping of final applications' bodies (REQUEST). One index holds both:
-- the deletion now says body_dropped_at IS NULL too, which every UPDATE row is (only a REQUEST's body is ever dropped),
-- and reads the same rows by all three columns (ProviderQueueTest.theQueueKeepsOnlyTheIndexesItsStatementsRead).
CREATE INDEX provider_queue_retained ON provider_queue (message_type, body_dropped_at, enqueued_at);
DROP INDEX provider_queue_queued;
DROP INDEX provider_queue_bodies_kept;
