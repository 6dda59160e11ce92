-- Organizations, as reported by the services that own them.
CREATE TABLE organization (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    api_enabled boolean     NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Where an organization's events go: its webhook URL (kind WEBHOOK, every event type) and its
-- Zapier subscriptions (kind ZAPIER, one event type each). Removed endpoints are kept, marked with
-- deleted_at, so that the delivery log can still name them.
CREATE TABLE endpoint (
    id                uuid        PRIMARY KEY,
    organization_id   text        NOT NULL REFERENCES organization (id),
    kind              text        NOT NULL CHECK (kind IN ('WEBHOOK', 'ZAPIER')),
    url               text        NOT NULL,
    event_type        text,
    secret_ciphertext bytea       NOT NULL,
    secret_created_at timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    deleted_at        timestamptz,
    CHECK ((kind = 'WEBHOOK') = (event_type IS NULL))
);

CREATE UNIQUE INDEX endpoint_one_webhook_per_organization
    ON endpoint (organization_id) WHERE kind = 'WEBHOOK' AND deleted_at IS NULL;
CREATE INDEX endpoint_active_by_organization
    ON endpoint (organization_id) WHERE deleted_at IS NULL;

-- One API key per organization, for the Zapier app; only its SHA-256 is kept.
CREATE TABLE api_key (
    organization_id text        PRIMARY KEY REFERENCES organization (id),
    key_hash        text        NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL
);
