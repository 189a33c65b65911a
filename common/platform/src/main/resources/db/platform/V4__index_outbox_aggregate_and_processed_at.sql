-- The order saga's timeout sweeper (every second) joins its PENDING orders with their OrderPlaced row by
-- aggregate and type. Without this index each run reads the whole outbox, published rows included, and the
-- outbox is largest exactly when orders pile up: during a broker outage.
CREATE INDEX outbox_events_by_aggregate ON outbox_events (aggregate_id, type);

-- The purge of processed events past the replay horizon (ProcessedEventsPurge) takes the oldest rows first.
CREATE INDEX processed_events_by_age ON processed_events (processed_at);
