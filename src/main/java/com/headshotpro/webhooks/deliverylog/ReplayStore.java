package com.headshotpro.webhooks.deliverylog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The replay's SQL, on the main pool, in the API call's transaction: the replay itself (one statement
 * however long the range), whether one is running, and the organization's replay lock.
 */
@Repository
class ReplayStore {

    private final JdbcClient jdbc;

    ReplayStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A replay in one statement: a new delivery to {@code webhook}, due now in event order, for each of the
     * organization's events created in [since, until) (test events aside) that, when {@code failedOnly},
     * has no succeeded delivery to the current webhook (that endpoint, or another of the organization's
     * with the same URL). It reads at most {@code max + 1} events: when there are more than {@code max} it
     * makes nothing and returns empty; otherwise it records the replay and returns how many deliveries it
     * made.
     *
     * <p>Without Postgres's JIT, for the rest of the transaction: the statement's cost estimate for a long
     * range is far past {@code jit_above_cost}, and compiling it (1.4 s for 20,000 events) took twice as long
     * as running it, all of it before the first delivery could be sent.
     */
    OptionalInt replay(
            String organizationId,
            UUID webhook,
            Instant since,
            Instant until,
            boolean failedOnly,
            int attemptsAllowed,
            int max,
            Instant now) {
        jdbc.sql("SET LOCAL jit = off").update();
        int chosen = jdbc.sql("""
                        WITH target AS (
                            SELECT id, url FROM endpoint_target WHERE id = :webhook),
                        chosen AS (
                            SELECT ev.id, ev.created_at, ev.type, row_number() OVER (ORDER BY ev.created_at, ev.id) AS n
                              FROM outbox_event ev
                             WHERE ev.organization_id = :org AND ev.created_at >= :since AND ev.created_at < :until
                               AND ev.type <> 'webhook.test'
                               AND (NOT :failedOnly OR NOT EXISTS (
                                    SELECT 1 FROM delivery d JOIN endpoint_target e ON e.id = d.endpoint_id, target t
                                     WHERE d.event_id = ev.id AND d.event_created_at = ev.created_at AND d.status = 'SUCCEEDED' AND e.kind = 'WEBHOOK'
                                       AND (e.id = t.id OR e.url = t.url)))
                             ORDER BY ev.created_at, ev.id
                             LIMIT :max + 1),
                        counted AS (
                            SELECT count(*) AS deliveries FROM chosen),
                        r AS (
                            INSERT INTO replay (organization_id, endpoint_id, since, until, failed_only, deliveries, created_at)
                            SELECT :org, :webhook, :since, :until, :failedOnly, deliveries, :now FROM counted
                             WHERE deliveries <= :max
                            RETURNING id),
                        made AS (
                            INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                                                  status, attempts_allowed, next_attempt_at, created_at, updated_at,
                                                  replay_id)
                            SELECT c.id, c.created_at, :webhook, :org, c.type, 'PENDING', :allowed,
                                   CAST(:now AS timestamptz) + c.n * interval '1 microsecond', :now, :now, r.id
                              FROM chosen c, r
                             ORDER BY c.n)
                        SELECT deliveries FROM counted
                        """)
                .param("webhook", webhook)
                .param("org", organizationId)
                .param("since", utc(since))
                .param("until", utc(until))
                .param("failedOnly", failedOnly)
                .param("allowed", attemptsAllowed)
                .param("max", max)
                .param("now", utc(now))
                .query(Integer.class)
                .single();
        return chosen > max ? OptionalInt.empty() : OptionalInt.of(chosen);
    }

    /** Whether a replay of the organization still has deliveries waiting. */
    boolean replayRunning(String organizationId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM delivery d JOIN replay r ON r.id = d.replay_id
                                        WHERE r.organization_id = ? AND d.status = 'PENDING' AND d.replay_id IS NOT NULL)
                        """).param(organizationId).query(Boolean.class).single();
    }

    /**
     * Takes the organization's replay lock until the transaction ends, if no other transaction holds it;
     * never waits. Returns whether it was taken.
     */
    boolean tryLockReplays(String organizationId) {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended('replay:' || ?, 0))")
                .param(organizationId)
                .query(Boolean.class)
                .single();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
