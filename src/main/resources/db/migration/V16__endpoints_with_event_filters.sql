-- Beside its webhook and its Zapier subscriptions, an organization may register endpoints of its own
-- (kind ENDPOINT), each with a description, the event types it wants (event_types; NULL: every type,
-- never an empty list) and the most requests a second it can take (max_per_second; NULL: no limit).
-- event_type stays what it was: the one event type of a Zapier subscription.
ALTER TABLE endpoint
    DROP CONSTRAINT endpoint_kind_check,
    DROP CONSTRAINT endpoint_check,
    ADD COLUMN description text,
    ADD COLUMN event_types text[],
    ADD COLUMN max_per_second integer,
    ADD CONSTRAINT endpoint_kind_check CHECK (kind IN ('WEBHOOK', 'ZAPIER', 'ENDPOINT')),
    ADD CONSTRAINT endpoint_event_type_only_for_zapier CHECK ((kind = 'ZAPIER') = (event_type IS NOT NULL)),
    ADD CONSTRAINT endpoint_event_types_only_for_endpoints
        CHECK (event_types IS NULL OR (kind = 'ENDPOINT' AND cardinality(event_types) > 0)),
    ADD CONSTRAINT endpoint_max_per_second_range CHECK (max_per_second BETWEEN 1 AND 1000);

-- endpoint_target (V7) gains the filter, which the fan-out applies, and the pace; its columns so far
-- keep their places.
CREATE OR REPLACE VIEW endpoint_target AS
SELECT id, organization_id, kind, url, event_type, secret_ciphertext, disabled_at,
       deleted_at IS NOT NULL AS removed,
       deleted_at IS NULL AND disabled_at IS NULL AS active,
       event_types, max_per_second
  FROM endpoint;
