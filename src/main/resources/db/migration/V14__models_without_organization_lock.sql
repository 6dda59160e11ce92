-- A model's organization was checked by a foreign key, whose trigger locks the organization's row
-- (FOR KEY SHARE) for every model inserted. Internal services report one organization's models
-- concurrently, so those locks pile up on one row as multixacts: measured with pgbench, 16 clients
-- inserting models, events and deliveries for one organization, the key cost about a third more Postgres
-- CPU per transaction and a third of the throughput. Organizations are never deleted, so the key only
-- ever answered "does this organization exist": model's insert now asks that itself, through
-- organization's view below, and takes no lock.
ALTER TABLE model DROP CONSTRAINT model_organization_id_fkey;

-- Owned by organization: every organization, whether its API feature is on or not.
CREATE VIEW known_organization AS
SELECT id FROM organization;
