-- CANCELLED: a tombstone left by a cancellation that arrived before the order's OrderPlaced, so that a late
-- OrderPlaced (a replayed dead letter) is refused instead of reserving stock that nothing would give back.
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
    CHECK (status IN ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED', 'CANCELLED'));
