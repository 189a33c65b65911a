-- One payment per order: the saga's view of it from OrderPlaced, StockReserved and OrderCancelled, and what the
-- provider answered. A row is created by whichever of OrderPlaced and StockReserved arrives first (the two topics
-- are not ordered relative to each other); the unique order_id makes concurrent first arrivals meet on one row.
CREATE TABLE payments (
    id                 uuid PRIMARY KEY,
    order_id           uuid          NOT NULL,
    state              varchar(20)   NOT NULL CHECK (state IN ('NEW', 'AWAITING_STOCK', 'AWAITING_ORDER', 'CHARGING',
                           'AUTHORIZED', 'DECLINED', 'FAILED', 'REFUNDING', 'REFUNDED', 'CANCELLED')),
    -- from OrderPlaced; null while only StockReserved has been seen
    user_id            uuid,
    amount             numeric(12, 2) CHECK (amount >= 0),
    currency           varchar(3),
    -- needed only until the provider has answered; cleared then
    payment_token      varchar(100),
    -- OrderCancelled arrived while the charge was in flight: refund as soon as it is authorized
    cancel_requested   boolean       NOT NULL DEFAULT false,
    -- the provider's ids of the charge and of its refund
    provider_reference varchar(100),
    refund_reference   varchar(100),
    failure_reason     varchar(64),
    -- when the charge or refund was last handed to a worker; the recovery job re-drives old ones
    attempted_at       timestamptz,
    correlation_id     varchar(64),
    version            bigint        NOT NULL,
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL,
    CONSTRAINT payments_order_unique UNIQUE (order_id),
    CONSTRAINT payments_order_known CHECK (state IN ('NEW', 'AWAITING_ORDER', 'CANCELLED')
        OR (user_id IS NOT NULL AND amount IS NOT NULL AND currency IS NOT NULL)),
    CONSTRAINT payments_charge_has_token CHECK (state <> 'CHARGING' OR payment_token IS NOT NULL),
    CONSTRAINT payments_work_has_time CHECK (state NOT IN ('CHARGING', 'REFUNDING') OR attempted_at IS NOT NULL),
    CONSTRAINT payments_authorized_has_reference CHECK (state NOT IN ('AUTHORIZED', 'REFUNDING', 'REFUNDED')
        OR provider_reference IS NOT NULL)
);

-- The recovery job's scan: only payments whose provider call is outstanding, oldest hand-over first.
CREATE INDEX payments_outstanding ON payments (attempted_at) WHERE state IN ('CHARGING', 'REFUNDING');
