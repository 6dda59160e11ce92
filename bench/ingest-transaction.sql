-- One single-call ingest transaction as the service sends it (model, event, fan-out, commit), for pgbench on a
-- database the bench made (an organization 'ingest' with its webhook, today's partitions):
--   pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 16 -T 10 -f bench/ingest-transaction.sql hooks_bench
-- With no service running on it: the deliveries are due at once, and point at ids of their own, not at the
-- events inserted beside them (the cost is the same). Used for issue 18's item 4 (BENCHMARKS.md): Postgres's CPU per transaction with and without model's foreign key.
BEGIN;
INSERT INTO model (id, organization_id, uid, title, trigger, status, created_at)
SELECT m.id, m.organization_id, m.uid, m.title, m.trigger, m.status, now()
  FROM unnest(ARRAY[md5(random()::text || clock_timestamp()::text)]::text[], ARRAY['ingest']::text[], ARRAY['u']::text[], ARRAY['t']::text[], ARRAY['bench']::text[], ARRAY['pending']::text[])
       AS m(id, organization_id, uid, title, trigger, status);
INSERT INTO event (id, organization_id, type, payload, created_at)
SELECT e.id, e.organization_id, e.type, e.payload, now()
  FROM unnest(ARRAY[gen_random_uuid()]::uuid[], ARRAY['ingest']::text[], ARRAY['model.created']::text[], ARRAY[repeat('x', 230)]::text[])
       WITH ORDINALITY AS e(id, organization_id, type, payload, n)
 ORDER BY e.n;
WITH ev AS (
    SELECT * FROM unnest(ARRAY[gen_random_uuid()]::uuid[], ARRAY[now()]::timestamptz[], ARRAY['ingest']::text[],
                         ARRAY['model.created']::text[], ARRAY[false]::boolean[])
           WITH ORDINALITY AS ev(id, created_at, organization_id, type, only_webhook, n)),
target AS (
    SELECT ev.id AS event_id, ev.created_at AS event_created_at, ev.n, ev.organization_id, ev.type,
           e.id AS endpoint_id, e.kind, e.url, e.secret_ciphertext
      FROM ev JOIN api_organization o ON o.id = ev.organization_id
              JOIN endpoint_target e ON e.organization_id = ev.organization_id
     WHERE e.active
       AND (e.kind = 'WEBHOOK' OR (e.event_type = ev.type AND NOT ev.only_webhook))),
d AS (
    INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                          status, attempts_allowed, next_attempt_at, lease_token, created_at,
                          updated_at)
    SELECT event_id, event_created_at, endpoint_id, organization_id, type, 'PENDING', 5,
           now(), gen_random_uuid(), now(), now()
      FROM target ORDER BY n
    RETURNING *)
SELECT d.id, d.lease_token, d.event_id, d.event_created_at, d.event_type, d.organization_id, d.endpoint_id,
       d.attempt_count, d.attempts_allowed, t.kind, t.url, t.secret_ciphertext, t.n, false AS endpoint_removed
  FROM d JOIN target t ON t.event_id = d.event_id AND t.endpoint_id = d.endpoint_id
 ORDER BY d.id;
COMMIT;
