-- Platform tables, migrated by the platform with their own history table (platform_schema_history), so a
-- service's own migration versions never collide with them.

-- Transactional outbox: written in the same transaction as the aggregate change, published by the relay.
CREATE TABLE outbox_events (
    seq          bigserial    PRIMARY KEY,
    id           uuid         NOT NULL UNIQUE,
    aggregate_id varchar(100) NOT NULL,
    topic        varchar(200) NOT NULL,
    type         varchar(200) NOT NULL,
    envelope     text         NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    published_at timestamptz
);
-- The relay's poll: oldest unpublished first. Published rows drop out of this small index.
CREATE INDEX outbox_events_unpublished ON outbox_events (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumers: an event's effect and its row here commit together, so a redelivery changes nothing.
CREATE TABLE processed_events (
    consumer     varchar(100) NOT NULL,
    event_id     varchar(100) NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
