-- Retention (kz.qaqpa.store.Retention, docs/operations.md "Retention"): rows past their window are deleted in short
-- batches, each taking the oldest rows by the time the window runs from. Without an index on that time each batch read
-- the whole table (the message log's key is the senders' random messageIds), every batch of every run.
-- Delivered and stopped callbacks need none: outbox_pending (delivered_at, next_attempt_at) orders them already.
CREATE INDEX message_log_received ON message_log (received_at);
-- what the channel sent about an application for its provider (UPDATE: a consent), by the time it was queued
CREATE INDEX provider_queue_queued ON provider_queue (message_type, enqueued_at);
