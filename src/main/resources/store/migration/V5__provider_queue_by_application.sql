-- Issue 8: finding an application's queue entries (the provider's answers name it by correlationId) scanned the
-- whole provider queue, which only grows.
CREATE INDEX IF NOT EXISTS provider_queue_application ON provider_queue (correlation_id);
