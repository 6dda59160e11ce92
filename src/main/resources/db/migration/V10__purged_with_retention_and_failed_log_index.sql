-- Removed endpoints and replays are purged once they are older than the retention (hooks.retention).
--
-- The history's deliveries named both with foreign keys, and deleting a referenced row checks its
-- referrers: every day partition of delivery, none of which has an index on endpoint_id or replay_id
-- that the check could use, so purging one endpoint would read a month of deliveries. As V6 says of
-- the history's other keys, they are not needed: a removed endpoint's deliveries were cancelled when it
-- was removed and none is made to it afterwards, a replay is purged only once none of its deliveries is
-- pending, and the history of both is past its retention by then. The rest follows its endpoint.
ALTER TABLE delivery DROP CONSTRAINT delivery_endpoint_id_fkey1;
ALTER TABLE delivery DROP CONSTRAINT delivery_replay_id_fkey1;

ALTER TABLE endpoint_health DROP CONSTRAINT endpoint_health_endpoint_id_fkey,
    ADD CONSTRAINT endpoint_health_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoint (id) ON DELETE CASCADE;
ALTER TABLE replay DROP CONSTRAINT replay_endpoint_id_fkey,
    ADD CONSTRAINT replay_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES endpoint (id) ON DELETE CASCADE;

CREATE INDEX endpoint_removed ON endpoint (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX replay_created_at ON replay (created_at);

-- The delivery log's ?status=failed: an organization's failed deliveries, newest first, without reading
-- the rest of its history. (Pending ones are few and sit in delivery_due; succeeded ones are most.)
CREATE INDEX delivery_failed_log ON delivery (organization_id, id DESC) WHERE status = 'FAILED';
