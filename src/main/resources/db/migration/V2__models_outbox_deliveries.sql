-- Models (photo shoots) as the owning services report them.
CREATE TABLE model (
    id              text        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organization (id),
    uid             text        NOT NULL,
    title           text        NOT NULL,
    trigger         text        NOT NULL,
    status          text        NOT NULL,
    finished_at     timestamptz,
    created_at      timestamptz NOT NULL
);

-- The outbox: one row per event, written in the transaction of the change it reports. The payload is
-- the exact JSON text that is signed and sent (text, not jsonb, which would reorder keys).
CREATE TABLE event (
    id              uuid        PRIMARY KEY,
    organization_id text        NOT NULL REFERENCES organization (id),
    type            text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE INDEX event_latest_by_type ON event (organization_id, type, created_at DESC);
CREATE INDEX event_created_at ON event (created_at);

-- One delivery per (event, endpoint), each with its own schedule. A claim pushes next_attempt_at to
-- the end of the lease and stamps lease_token; a replica that dies simply lets the row fall due again.
CREATE TABLE delivery (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid        NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    endpoint_id      uuid        NOT NULL REFERENCES endpoint (id),
    organization_id  text        NOT NULL,
    event_type       text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempt_count    integer     NOT NULL DEFAULT 0,
    attempts_allowed integer     NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    lease_token      uuid,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_log ON delivery (organization_id, id DESC);
CREATE INDEX delivery_pending_by_endpoint ON delivery (endpoint_id) WHERE status = 'PENDING';
CREATE INDEX delivery_event ON delivery (event_id);
CREATE INDEX delivery_finished ON delivery (updated_at) WHERE status IN ('SUCCEEDED', 'CANCELLED');

-- Every attempt, kept for the delivery log.
CREATE TABLE delivery_attempt (
    delivery_id  bigint      NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    number       integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL,
    status_code  integer,
    error        text,
    response     text,
    PRIMARY KEY (delivery_id, number)
);

-- Idempotency-Key of the internal API's POSTs: the first response, replayed for 24 hours.
CREATE TABLE idempotency_key (
    organization_id text        NOT NULL,
    key             text        NOT NULL,
    request_hash    text        NOT NULL,
    response_status integer     NOT NULL,
    response_body   text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (organization_id, key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
