package com.headshotpro.webhooks.deliverylog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The replay's SQL, on the main pool, in the API call's transaction: the replay itself (one statement
 * however long the range, to the webhook or to one endpoint), whether one is running, and the
 * organization's replay lock.
 */
@Repository
class ReplayStore {

    private final JdbcClient jdbc;

    ReplayStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whom a replay sends to: the organization's webhook, or an endpoint of its own registered at
     * {@code registeredAt} (null for the webhook).
     */
    record Target(UUID id, @Nullable Instant registeredAt) {

        static Target webhook(UUID id) {
            return new Target(id, null);
        }

        static Target endpoint(UUID id, Instant registeredAt) {
            return new Target(id, registeredAt);
        }
    }

    /**
     * Which of the range's events a replay to the webhook takes, when {@code failedOnly}: those with no
     * succeeded delivery to the current webhook (that endpoint, or another of the organization's with the
     * same URL).
     */
    private static final String MISSED_BY_WEBHOOK = """
            NOT EXISTS (
                                SELECT 1 FROM delivery d JOIN endpoint_target e ON e.id = d.endpoint_id, target t
                                 WHERE d.event_id = ev.id AND d.event_created_at = ev.created_at AND d.status = 'SUCCEEDED' AND e.kind = 'WEBHOOK'
                                   AND (e.id = t.id OR e.url = t.url))""";

    /**
     * Which of the range's events a replay to an endpoint of the organization's own takes: those it was
     * there for (created since it was registered, of a type it takes now), and when {@code failedOnly} only
     * those with no succeeded delivery to it.
     */
    private static final String FOR_ENDPOINT = """
            AND ev.created_at >= :registered
                               AND EXISTS (SELECT 1 FROM target t WHERE t.event_types IS NULL OR ev.type = ANY (t.event_types))""";

    private static final String MISSED_BY_ENDPOINT = """
            NOT EXISTS (
                                SELECT 1 FROM delivery d
                                 WHERE d.event_id = ev.id AND d.event_created_at = ev.created_at AND d.status = 'SUCCEEDED'
                                   AND d.endpoint_id = :endpoint)""";

    /**
     * A replay in one statement: a new delivery to {@code target}, due now in event order, for each of the
     * organization's events created in [since, until) (test events aside) that the target takes (see
     * {@link #MISSED_BY_WEBHOOK}, {@link #FOR_ENDPOINT}). It reads at most {@code max + 1} events: when there
     * are more than {@code max} it makes nothing and returns empty; otherwise it records the replay (with
     * its endpoint) and returns how many deliveries it made.
     *
     * <p>Without Postgres's JIT, for the rest of the transaction: the statement's cost estimate for a long
     * range is far past {@code jit_above_cost}, and compiling it (1.4 s for 20,000 events) took twice as long
     * as running it, all of it before the first delivery could be sent.
     */
    OptionalInt replay(
            String organizationId,
            Target target,
            Instant since,
            Instant until,
            boolean failedOnly,
            int attemptsAllowed,
            int max,
            Instant now) {
        jdbc.sql("SET LOCAL jit = off").update();
        Instant registeredAt = target.registeredAt();
        int chosen = jdbc.sql("""
                        WITH target AS (
                            SELECT id, url, event_types FROM endpoint_target WHERE id = :endpoint),
                        chosen AS (
                            SELECT ev.id, ev.created_at, ev.type, row_number() OVER (ORDER BY ev.created_at, ev.id) AS n
                              FROM outbox_event ev
                             WHERE ev.organization_id = :org AND ev.created_at >= :since AND ev.created_at < :until
                               AND ev.type <> 'webhook.test' %s
                               AND (NOT :failedOnly OR %s)
                             ORDER BY ev.created_at, ev.id
                             LIMIT :max + 1),
                        counted AS (
                            SELECT count(*) AS deliveries FROM chosen),
                        r AS (
                            INSERT INTO replay (organization_id, endpoint_id, since, until, failed_only, deliveries, created_at)
                            SELECT :org, :endpoint, :since, :until, :failedOnly, deliveries, :now FROM counted
                             WHERE deliveries <= :max
                            RETURNING id),
                        made AS (
                            INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                                                  status, attempts_allowed, next_attempt_at, created_at, updated_at,
                                                  replay_id)
                            SELECT c.id, c.created_at, :endpoint, :org, c.type, 'PENDING', :allowed,
                                   CAST(:now AS timestamptz) + c.n * interval '1 microsecond', :now, :now, r.id
                              FROM chosen c, r
                             ORDER BY c.n)
                        SELECT deliveries FROM counted
                        """.formatted(
                                registeredAt == null ? "" : FOR_ENDPOINT,
                                registeredAt == null ? MISSED_BY_WEBHOOK : MISSED_BY_ENDPOINT))
                .param("endpoint", target.id())
                .param("org", organizationId)
                .param("since", utc(since))
                .param("until", utc(until))
                .param("registered", registeredAt == null ? null : utc(registeredAt))
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
