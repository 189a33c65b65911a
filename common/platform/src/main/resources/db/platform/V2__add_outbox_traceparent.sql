-- The W3C trace context of the transaction that appended the event, so the relay's publish continues that trace.
ALTER TABLE outbox_events ADD COLUMN traceparent varchar(100);
