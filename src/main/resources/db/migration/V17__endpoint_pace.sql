-- The pace of each endpoint, kept by the delivery engine: how many requests it was sent in the second
-- it was last sent to (counted across all replicas, under the row's lock, in the claim), and the pace it
-- was slowed to after a 429 or 503 without Retry-After (current_per_second; NULL: not slowed, so its
-- max_per_second, or no limit); slowed_at and raised_at are when it last halved and last climbed back, each
-- at most once a second.
-- Every endpoint has its row from the start (the trigger), so the claim can lock it with SKIP LOCKED and
-- never has to make it.
CREATE TABLE endpoint_pace (
    endpoint_id        uuid PRIMARY KEY REFERENCES endpoint (id) ON DELETE CASCADE,
    second             timestamptz NOT NULL DEFAULT '-infinity',
    sent               integer     NOT NULL DEFAULT 0,
    current_per_second integer CHECK (current_per_second BETWEEN 1 AND 1000),
    slowed_at          timestamptz NOT NULL DEFAULT '-infinity',
    raised_at          timestamptz NOT NULL DEFAULT '-infinity'
);

INSERT INTO endpoint_pace (endpoint_id) SELECT id FROM endpoint;

CREATE FUNCTION endpoint_pace_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO endpoint_pace (endpoint_id) VALUES (NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER endpoint_pace_row AFTER INSERT ON endpoint FOR EACH ROW EXECUTE FUNCTION endpoint_pace_row();

-- The claim finds the paced endpoints through these two, and each one's due deliveries through the third
-- (which also serves what delivery_pending_by_endpoint served: cancelling an endpoint's pending ones).
CREATE INDEX endpoint_paced ON endpoint (id) WHERE max_per_second IS NOT NULL;
CREATE INDEX endpoint_pace_slowed ON endpoint_pace (endpoint_id) WHERE current_per_second IS NOT NULL;
CREATE INDEX delivery_due_by_endpoint ON delivery (endpoint_id, next_attempt_at) WHERE status = 'PENDING';
DROP INDEX delivery_pending_by_endpoint;
