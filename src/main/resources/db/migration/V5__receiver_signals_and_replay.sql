-- An endpoint may be disabled (no successful attempt for hooks.delivery.disable-after): no deliveries are
-- made to it until its URL is saved again.
ALTER TABLE endpoint ADD COLUMN disabled_at timestamptz;
ALTER TABLE endpoint ADD COLUMN disabled_reason text;

-- Since when an endpoint has failed without a success in between (NULL: its last attempt succeeded).
CREATE TABLE endpoint_health (
    endpoint_id   uuid        PRIMARY KEY REFERENCES endpoint (id),
    failing_since timestamptz
);
CREATE INDEX endpoint_health_failing ON endpoint_health (failing_since) WHERE failing_since IS NOT NULL;
CREATE INDEX delivery_failed_by_endpoint ON delivery (endpoint_id, updated_at) WHERE status = 'FAILED';

-- A replay: new deliveries, to the current webhook, of an organization's events in [since, until).
CREATE TABLE replay (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organization (id),
    endpoint_id     uuid        NOT NULL REFERENCES endpoint (id),
    since           timestamptz NOT NULL,
    until           timestamptz NOT NULL,
    failed_only     boolean     NOT NULL,
    deliveries      integer     NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX replay_by_organization ON replay (organization_id, id DESC);

ALTER TABLE delivery ADD COLUMN replay_id bigint REFERENCES replay (id);
CREATE INDEX delivery_pending_replay ON delivery (replay_id) WHERE status = 'PENDING' AND replay_id IS NOT NULL;
CREATE INDEX event_by_organization_time ON event (organization_id, created_at);
