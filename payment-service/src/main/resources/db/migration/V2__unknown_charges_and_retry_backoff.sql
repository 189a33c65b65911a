-- A charge that got no answer may still have been made: CHARGE_UNKNOWN keeps asking the provider by the charge's
-- idempotency key (the saga has been told the payment failed); an approval that comes then is refunded. Unanswered
-- charges and refunds are asked again with exponential back-off instead of every recovery interval forever.
ALTER TABLE payments DROP CONSTRAINT payments_state_check;
ALTER TABLE payments ADD CONSTRAINT payments_state_check CHECK (state IN ('NEW', 'AWAITING_STOCK', 'AWAITING_ORDER',
    'CHARGING', 'CHARGE_UNKNOWN', 'AUTHORIZED', 'DECLINED', 'FAILED', 'REFUNDING', 'REFUNDED', 'CANCELLED'));

-- provider calls of the outstanding charge or refund that got no answer; drives the back-off and the stuck gauge
ALTER TABLE payments ADD COLUMN unanswered_attempts integer NOT NULL DEFAULT 0;
-- when the recovery job may hand the outstanding call over again: the hand-over's grace, or the back-off's next step
ALTER TABLE payments ADD COLUMN retry_at timestamptz;
UPDATE payments SET retry_at = attempted_at + interval '30 seconds' WHERE state IN ('CHARGING', 'REFUNDING');

ALTER TABLE payments DROP CONSTRAINT payments_charge_has_token;
ALTER TABLE payments ADD CONSTRAINT payments_charge_has_token
    CHECK (state NOT IN ('CHARGING', 'CHARGE_UNKNOWN') OR payment_token IS NOT NULL);
ALTER TABLE payments DROP CONSTRAINT payments_work_has_time;
ALTER TABLE payments ADD CONSTRAINT payments_work_has_time
    CHECK (state NOT IN ('CHARGING', 'CHARGE_UNKNOWN', 'REFUNDING') OR (attempted_at IS NOT NULL AND retry_at IS NOT NULL));

-- The recovery job's scan: outstanding provider calls that are due, earliest first.
DROP INDEX payments_outstanding;
CREATE INDEX payments_outstanding ON payments (retry_at) WHERE state IN ('CHARGING', 'CHARGE_UNKNOWN', 'REFUNDING');
