-- Per-row delivery state: a row the broker refuses is retried on its own with back-off and, after too many
-- attempts, parked for an operator (docs/runbooks/ShopScaleOutboxRowsParked.md); only its own aggregate waits.
ALTER TABLE outbox_events
    ADD COLUMN attempts        integer       NOT NULL DEFAULT 0,
    ADD COLUMN last_error      varchar(1000),
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN parked_at       timestamptz;

-- The relay claims aggregates by their oldest unpublished row, then reads those aggregates' rows in order.
CREATE INDEX outbox_events_unpublished_by_aggregate ON outbox_events (aggregate_id, seq) WHERE published_at IS NULL;

-- Wakes the relays when rows commit (NOTIFY is delivered at commit, once per transaction and payload), so an idle
-- relay waits on its LISTEN connection instead of polling the table many times a second.
CREATE FUNCTION shopscale_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('shopscale_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION shopscale_outbox_notify();
