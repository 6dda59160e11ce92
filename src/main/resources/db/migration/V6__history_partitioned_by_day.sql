-- The history (events, their deliveries, their attempts) partitioned by day, so that retention drops a
-- day's partitions instead of deleting rows one by one, and so that a month of history costs the claim
-- nothing: pending deliveries sit in each day's small partial index, finished ones are out of it.
--
-- All three tables are partitioned by the event's creation time (event.created_at, copied into
-- delivery.event_created_at and delivery_attempt.event_created_at): an event, every delivery of it
-- (a replay's included, however much later) and every attempt of those live in the partitions of one
-- day and go together. So no foreign key is needed between them, and none is declared: a partitioned
-- key would have to carry the day, and dropping a referenced partition would scan its referrers.

ALTER TABLE delivery_attempt RENAME TO delivery_attempt_v5;
ALTER TABLE delivery RENAME TO delivery_v5;
ALTER TABLE event RENAME TO event_v5;
ALTER TABLE delivery_attempt_v5 RENAME CONSTRAINT delivery_attempt_pkey TO delivery_attempt_v5_pkey;
ALTER TABLE delivery_v5 RENAME CONSTRAINT delivery_pkey TO delivery_v5_pkey;
ALTER TABLE event_v5 RENAME CONSTRAINT event_pkey TO event_v5_pkey;
DROP INDEX event_latest_by_type, event_created_at, event_by_organization_time,
    delivery_due, delivery_log, delivery_pending_by_endpoint, delivery_event, delivery_finished,
    delivery_failed_by_endpoint, delivery_pending_replay, delivery_attempt_by_delivery;

-- The outbox: one row per event, written in the transaction of the change it reports. The payload is
-- the exact JSON text that is signed and sent (text, not jsonb, which would reorder keys).
CREATE TABLE event (
    id              uuid        NOT NULL,
    organization_id text        NOT NULL,
    type            text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX event_latest_by_type ON event (organization_id, type, created_at DESC);
CREATE INDEX event_by_organization_time ON event (organization_id, created_at);

-- One delivery per (event, endpoint), each with its own schedule. A claim pushes next_attempt_at to
-- the end of the lease and stamps lease_token; a replica that dies simply lets the row fall due again.
CREATE TABLE delivery (
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    event_id         uuid        NOT NULL,
    event_created_at timestamptz NOT NULL,
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
    updated_at       timestamptz NOT NULL,
    redeliveries     integer     NOT NULL DEFAULT 0,
    replay_id        bigint      REFERENCES replay (id),
    PRIMARY KEY (id, event_created_at)
) PARTITION BY RANGE (event_created_at);

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_log ON delivery (organization_id, id DESC);
CREATE INDEX delivery_pending_by_endpoint ON delivery (endpoint_id) WHERE status = 'PENDING';
CREATE INDEX delivery_event ON delivery (event_id);
CREATE INDEX delivery_failed_by_endpoint ON delivery (endpoint_id, updated_at) WHERE status = 'FAILED';
CREATE INDEX delivery_pending_replay ON delivery (replay_id) WHERE status = 'PENDING' AND replay_id IS NOT NULL;

-- Every attempt that was made is recorded, also one by a replica whose lease ran out meanwhile (its
-- outcome no longer counts, its attempt still happened), so two rows may share a delivery and number.
CREATE TABLE delivery_attempt (
    id               bigint      GENERATED ALWAYS AS IDENTITY,
    delivery_id      bigint      NOT NULL,
    event_created_at timestamptz NOT NULL,
    number           integer     NOT NULL,
    attempted_at     timestamptz NOT NULL,
    duration_ms      integer     NOT NULL,
    status_code      integer,
    error            text,
    response         text,
    PRIMARY KEY (id, event_created_at)
) PARTITION BY RANGE (event_created_at);

CREATE INDEX delivery_attempt_by_delivery ON delivery_attempt (delivery_id, number);

-- Creates the three tables' partitions for each day (UTC) from first_day to last_day that does not have
-- them yet, and returns how many it created. Each is made apart and then attached, which locks the
-- partitioned table only against other schema changes (SHARE UPDATE EXCLUSIVE), not against reads and
-- writes; replicas take turns on an advisory lock. A partition is named after its table and day:
-- delivery_20261202 holds the deliveries of events created on 2 December 2026.
CREATE FUNCTION create_history_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    day     date;
    parent  text;
    name    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('create_history_partitions', 0));
    FOR day IN SELECT generate_series(first_day, last_day, interval '1 day')::date LOOP
        FOREACH parent IN ARRAY ARRAY['event', 'delivery', 'delivery_attempt'] LOOP
            name := parent || '_' || to_char(day, 'YYYYMMDD');
            CONTINUE WHEN to_regclass(name) IS NOT NULL;
            EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
            EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           parent, name, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;

-- The history so far moves into the partitions, ids kept.
SELECT create_history_partitions(
    (LEAST((SELECT min(created_at) FROM event_v5), now()) AT TIME ZONE 'UTC')::date,
    ((now() + interval '3 days') AT TIME ZONE 'UTC')::date);

INSERT INTO event (id, organization_id, type, payload, created_at)
SELECT id, organization_id, type, payload, created_at FROM event_v5;

INSERT INTO delivery (id, event_id, event_created_at, endpoint_id, organization_id, event_type, status,
                      attempt_count, attempts_allowed, next_attempt_at, lease_token, last_error, created_at,
                      updated_at, redeliveries, replay_id)
OVERRIDING SYSTEM VALUE
SELECT d.id, d.event_id, e.created_at, d.endpoint_id, d.organization_id, d.event_type, d.status,
       d.attempt_count, d.attempts_allowed, d.next_attempt_at, d.lease_token, d.last_error, d.created_at,
       d.updated_at, d.redeliveries, d.replay_id
  FROM delivery_v5 d JOIN event_v5 e ON e.id = d.event_id;

INSERT INTO delivery_attempt (id, delivery_id, event_created_at, number, attempted_at, duration_ms,
                              status_code, error, response)
OVERRIDING SYSTEM VALUE
SELECT a.id, a.delivery_id, d.event_created_at, a.number, a.attempted_at, a.duration_ms, a.status_code,
       a.error, a.response
  FROM delivery_attempt_v5 a JOIN delivery d ON d.id = a.delivery_id;

SELECT setval(pg_get_serial_sequence('delivery', 'id'), (SELECT max(id) FROM delivery_v5));
SELECT setval(pg_get_serial_sequence('delivery_attempt', 'id'), (SELECT max(id) FROM delivery_attempt_v5));

DROP TABLE delivery_attempt_v5, delivery_v5, event_v5;
