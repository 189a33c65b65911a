-- Orders: the aggregate, its lines, and the idempotency keys that make placement safe to retry.

CREATE TABLE orders (
    id             uuid          PRIMARY KEY,          -- UUIDv7: time-ordered, so "newest first" is "id descending"
    user_id        uuid          NOT NULL,
    status         varchar(20)   NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    failure_reason varchar(40)   CHECK (failure_reason IN ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_TIMEOUT',
                                                           'CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_ADMIN')),
    payment_token  varchar(64)   NOT NULL,
    total_amount   numeric(14,2) NOT NULL CHECK (total_amount >= 0),
    currency       varchar(3)    NOT NULL,
    stock_reserved boolean       NOT NULL DEFAULT false,
    created_at     timestamptz   NOT NULL,
    updated_at     timestamptz   NOT NULL,
    version        bigint        NOT NULL,
    CONSTRAINT orders_reason_iff_cancelled CHECK ((status = 'CANCELLED') = (failure_reason IS NOT NULL))
);
-- A customer's orders, newest first (keyset pagination on id).
CREATE INDEX orders_by_user ON orders (user_id, id DESC);
-- The timeout sweeper's scan: only orders still in flight, oldest first.
CREATE INDEX orders_pending_by_age ON orders (created_at) WHERE status = 'PENDING';

CREATE TABLE order_lines (
    order_id    uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     int           NOT NULL,
    product_id  uuid          NOT NULL,
    quantity    int           NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_amount numeric(14,2) NOT NULL CHECK (unit_amount >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- Idempotency-Key per user, kept 24 h: the primary key decides between two concurrent twins (the second waits for
-- the first to commit, then finds its row); the hash tells a replay from a different request under the same key.
CREATE TABLE idempotency_keys (
    user_id      uuid        NOT NULL,
    key          varchar(64) NOT NULL,
    request_hash varchar(64) NOT NULL,
    -- deferred: the key is claimed first, so a twin blocks before any order row is built
    order_id     uuid        NOT NULL REFERENCES orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
