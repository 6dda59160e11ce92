-- The claim takes first attempts and retries in two lanes (DeliveryStore.claimDue): first attempts up to
-- the replica's free permits, retries only up to what their share leaves. Each lane reads its own index in
-- due order, so a first attempt is found at once however many retries are due before it; one index in
-- due order for both would have the first-attempt lane read past every due retry.
DROP INDEX delivery_due;
CREATE INDEX delivery_first_due ON delivery (next_attempt_at) WHERE status = 'PENDING' AND attempt_count = 0;
CREATE INDEX delivery_retry_due ON delivery (next_attempt_at) WHERE status = 'PENDING' AND attempt_count > 0;
