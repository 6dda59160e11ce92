-- Read models: what a feature publishes of its tables for other features to read. Each table has one
-- owning feature that writes it; the others read its rows only through these views. A view this simple
-- is inlined by the planner, so a query on it is planned as the query on the table would be.

-- Owned by endpoint: where deliveries go and how they are signed. active: neither removed nor disabled.
CREATE VIEW endpoint_target AS
SELECT id, organization_id, kind, url, event_type, secret_ciphertext, disabled_at,
       deleted_at IS NOT NULL AS removed,
       deleted_at IS NULL AND disabled_at IS NULL AS active
  FROM endpoint;

-- Owned by organization: the organizations whose API feature is on.
CREATE VIEW api_organization AS
SELECT id FROM organization WHERE api_enabled;

-- Owned by outbox: the events as they were appended, partition key (created_at) included.
CREATE VIEW outbox_event AS
SELECT id, organization_id, type, payload, created_at FROM event;
