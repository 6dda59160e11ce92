-- What an organization has used of a send limit (kind MANUAL_SEND: test events and redeliveries; REPLAY):
-- the times of its sends within the limit's sliding window, never more of them than the limit allows, so
-- a row stays small. One row per organization and kind, shared by every replica.
CREATE TABLE send_allowance (
    organization_id text          NOT NULL REFERENCES organization (id),
    kind            text          NOT NULL,
    sent_at         timestamptz[] NOT NULL,
    PRIMARY KEY (organization_id, kind)
);
