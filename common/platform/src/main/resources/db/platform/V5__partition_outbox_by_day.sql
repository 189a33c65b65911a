-- The outbox becomes a table partitioned by day of created_at (UTC), so retention drops a whole day's partition
-- (a catalog change, no dead tuples, no vacuum) instead of deleting published rows one by one. OutboxPartitions
-- creates the coming days' partitions ahead and drops a past day once all its rows were published longer ago than
-- shopscale.outbox.retention. The rows, their seq values and the sequence itself move over unchanged.
--
-- PostgreSQL requires every primary key and unique constraint of a partitioned table to include the partition key:
-- seq and id stay unique by construction (seq from one sequence, id a fresh random UUID per append); the database
-- now checks them per created_at only.

ALTER TABLE outbox_events RENAME TO outbox_events_unpartitioned;
ALTER SEQUENCE outbox_events_seq_seq OWNED BY NONE;
DROP TRIGGER outbox_events_notify ON outbox_events_unpartitioned;
DROP INDEX outbox_events_unpublished, outbox_events_published_at, outbox_events_unpublished_by_aggregate,
    outbox_events_by_aggregate;
ALTER TABLE outbox_events_unpartitioned RENAME CONSTRAINT outbox_events_pkey TO outbox_events_unpartitioned_pkey;
ALTER TABLE outbox_events_unpartitioned RENAME CONSTRAINT outbox_events_id_key TO outbox_events_unpartitioned_id_key;

CREATE TABLE outbox_events (
    seq             bigint        NOT NULL DEFAULT nextval('outbox_events_seq_seq'),
    id              uuid          NOT NULL,
    aggregate_id    varchar(100)  NOT NULL,
    topic           varchar(200)  NOT NULL,
    type            varchar(200)  NOT NULL,
    envelope        text          NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    published_at    timestamptz,
    traceparent     varchar(100),
    attempts        integer       NOT NULL DEFAULT 0,
    last_error      varchar(1000),
    next_attempt_at timestamptz,
    parked_at       timestamptz,
    PRIMARY KEY (seq, created_at),
    CONSTRAINT outbox_events_id_key UNIQUE (id, created_at)
) PARTITION BY RANGE (created_at);
ALTER SEQUENCE outbox_events_seq_seq OWNED BY outbox_events.seq;

-- The same indexes as before, now partitioned: each partition gets its own, the relay's queries keep their plans.
CREATE INDEX outbox_events_unpublished ON outbox_events (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_events_unpublished_by_aggregate ON outbox_events (aggregate_id, seq) WHERE published_at IS NULL;
CREATE INDEX outbox_events_by_aggregate ON outbox_events (aggregate_id, type);

-- An insert never fails for want of a partition: a row no day partition takes waits here until OutboxPartitions
-- creates its day's partition and moves it there (PostgreSQL refuses a partition whose range has rows here).
CREATE TABLE outbox_events_default PARTITION OF outbox_events DEFAULT;

-- One partition per day that has rows, and today and the next two days (OutboxPartitions keeps days ahead from
-- the first start on). Names: outbox_events_pYYYYMMDD, the UTC day [00:00, next 00:00).
DO $$
DECLARE
    day date;
BEGIN
    FOR day IN
        SELECT DISTINCT CAST(created_at AT TIME ZONE 'UTC' AS date) FROM outbox_events_unpartitioned
        UNION
        SELECT CAST(now() AT TIME ZONE 'UTC' AS date) + n FROM generate_series(0, 2) n
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF outbox_events FOR VALUES FROM (%L) TO (%L)',
            'outbox_events_p' || to_char(day, 'YYYYMMDD'),
            to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO outbox_events (seq, id, aggregate_id, topic, type, envelope, created_at, published_at, traceparent,
                           attempts, last_error, next_attempt_at, parked_at)
SELECT seq, id, aggregate_id, topic, type, envelope, created_at, published_at, traceparent,
       attempts, last_error, next_attempt_at, parked_at
  FROM outbox_events_unpartitioned;
DROP TABLE outbox_events_unpartitioned;

-- A statement trigger on the partitioned table fires for inserts through it, which is every insert.
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION shopscale_outbox_notify();
