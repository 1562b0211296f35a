-- Bounded growth of the provider queue (branch storegrowth, docs/operations.md "Retention" and "Redelivery").
-- 1. An application's own queue entry (REQUEST) stays for good (every later event reads its provider from it), but its
--    body, up to qaqpa.max-message-bytes, is needed only while the provider may still send something the gateway checks
--    against the application as queued. Once the application is final and past qaqpa.retention.closed-request-body the
--    body goes (kz.qaqpa.store.ProviderQueue.dropClosedBodies); body_dropped_at says when. The message chain keeps the
--    application as received. A row keeps its body in exactly one of its two columns (V11) until then, in neither after.
ALTER TABLE provider_queue ADD COLUMN body_dropped_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE provider_queue DROP CONSTRAINT provider_queue_message_once;
ALTER TABLE provider_queue ADD CONSTRAINT provider_queue_message_once CHECK (
  (body_dropped_at IS NULL AND (message IS NULL) <> (message_large IS NULL))
  OR (body_dropped_at IS NOT NULL AND message IS NULL AND message_large IS NULL));
-- the applications' entries whose body is still kept: the only ones the retention's run looks at
CREATE INDEX provider_queue_bodies_kept ON provider_queue (message_type, body_dropped_at);
-- 2. A message offered to its provider is not offered again until qaqpa.provider.redelivery-after has passed without
--    its acknowledgement (ours, as a queue's visibility timeout): each poll's answer is logged whole, so a large
--    application offered at every poll grew the log by its size each time. offered_at is its last offer, offers counts
--    them (the log line of a redelivery names the count).
ALTER TABLE provider_queue ADD COLUMN offered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE provider_queue ADD COLUMN offers INT DEFAULT 0 NOT NULL;
