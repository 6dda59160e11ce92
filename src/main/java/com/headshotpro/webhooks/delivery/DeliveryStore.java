package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.SealedSecret;
import com.headshotpro.webhooks.outbox.EventAppended;
import com.headshotpro.webhooks.transport.Attempt;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The engine's SQL: fan-out, claim, completion and cancellation, each one statement, so that a batch of
 * deliveries costs one round trip per step, and the endpoint health and backlog reads. (The delivery log,
 * redelivery and replay keep their statements in {@code deliverylog}.) What runs in an API call's
 * transaction (fan-out, cancellation) uses the main pool; what the delivery engine runs on its own (the claim, outcomes,
 * the health job's and the gauges' reads) uses the engine's pool ({@link DeliveryDatabaseConfiguration}).
 */
@Repository
class DeliveryStore {

    private static final String DELIVERY_COLUMNS =
            "d.id, d.lease_token, d.event_id, d.event_created_at, d.event_type, d.organization_id, d.endpoint_id, "
                    + "d.attempt_count, d.attempts_allowed";

    private final JdbcClient jdbc;
    private final JdbcClient engine;

    DeliveryStore(JdbcClient jdbc, @Qualifier("deliveryJdbc") JdbcClient engine) {
        this.jdbc = jdbc;
        this.engine = engine;
    }

    /**
     * One delivery per active endpoint that takes the event, for each of the events, in one statement:
     * every enabled endpoint of the event's organization, if its API feature is on, that is its webhook, a
     * Zapier subscription of the event's type or an endpoint whose event types include it (all of them
     * when it has none); an event for one endpoint only (a test event) goes to that one alone. With a
     * lease token the new deliveries start out claimed by this replica, which sends them right after
     * commit, and are returned; without one they are due at once for any replica. A delivery to a paced
     * endpoint is never claimed here: it is due at once, for the claim's paced lane to take in its turn.
     */
    List<ClaimedDelivery> fanOut(
            List<EventAppended> events,
            int attemptsAllowed,
            Instant now,
            Instant dueAt,
            long leaseEndsAt,
            @Nullable UUID leaseToken) {
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] createdAts = new String[n];
        String[] organizations = new String[n];
        String[] types = new String[n];
        UUID[] onlyEndpoint = new UUID[n];
        for (int i = 0; i < n; i++) {
            EventAppended event = events.get(i);
            ids[i] = event.id();
            createdAts[i] = event.createdAt().toString();
            organizations[i] = event.organizationId();
            types[i] = event.type();
            onlyEndpoint[i] = event.onlyEndpoint();
        }
        return jdbc.sql("""
                        WITH ev AS (
                            SELECT * FROM unnest(:ids::uuid[], :createdAts::timestamptz[], :organizations::text[],
                                                 :types::text[], :onlyEndpoint::uuid[])
                                   WITH ORDINALITY AS ev(id, created_at, organization_id, type, only_endpoint, n)),
                        target AS (
                            SELECT ev.id AS event_id, ev.created_at AS event_created_at, ev.n, ev.organization_id, ev.type,
                                   e.id AS endpoint_id, e.kind, e.url, e.secret_ciphertext,
                                   CASE WHEN e.kind <> 'ENDPOINT' THEN false
                                        WHEN e.max_per_second IS NOT NULL THEN true
                                        ELSE EXISTS (SELECT 1 FROM endpoint_pace p
                                                      WHERE p.endpoint_id = e.id AND p.current_per_second IS NOT NULL)
                                   END AS paced
                              FROM ev JOIN api_organization o ON o.id = ev.organization_id
                                      JOIN endpoint_target e ON e.organization_id = ev.organization_id
                             WHERE e.active
                               AND CASE WHEN ev.only_endpoint IS NOT NULL THEN e.id = ev.only_endpoint
                                        WHEN e.kind = 'WEBHOOK' THEN true
                                        WHEN e.kind = 'ZAPIER' THEN e.event_type = ev.type
                                        ELSE e.event_types IS NULL OR ev.type = ANY (e.event_types) END),
                        d AS (
                            INSERT INTO delivery (event_id, event_created_at, endpoint_id, organization_id, event_type,
                                                  status, attempts_allowed, next_attempt_at, lease_token, created_at,
                                                  updated_at)
                            SELECT event_id, event_created_at, endpoint_id, organization_id, type, 'PENDING', :allowed,
                                   CASE WHEN paced THEN :now ELSE :due END, CASE WHEN paced THEN NULL ELSE CAST(:token AS uuid) END,
                                   :now, :now
                              FROM target ORDER BY n
                            RETURNING *)
                        SELECT %s, t.kind, t.url, t.secret_ciphertext, t.n, false AS endpoint_removed, false AS paced
                          FROM d JOIN target t ON t.event_id = d.event_id AND t.endpoint_id = d.endpoint_id
                         WHERE d.lease_token IS NOT NULL
                         ORDER BY d.id
                        """.formatted(DELIVERY_COLUMNS))
                .param("ids", ids)
                .param("createdAts", createdAts)
                .param("organizations", organizations)
                .param("types", types)
                .param("onlyEndpoint", onlyEndpoint)
                .param("allowed", attemptsAllowed)
                .param("due", utc(dueAt))
                .param("token", leaseToken)
                .param("now", utc(now))
                .query(claimed(leaseEndsAt, rs -> events.get(rs.getInt("n") - 1).payload()))
                .list();
    }

    /**
     * Claims due deliveries for this replica until {@code leaseUntil} in three lanes: up to {@code limit}
     * first attempts; then, of what the first attempts left of {@code limit}, the due deliveries of paced
     * endpoints (a {@code max_per_second}, or a pace slowed by the receiver) within what each endpoint's
     * pace leaves of the current second; then retries, up to {@code retryLimit} and what is left. Deliveries
     * never tried are not queued behind others' retries, and a paced endpoint's backlog neither waits
     * behind others nor holds them up: the first and retry lanes leave paced endpoints out, and the paced
     * lane takes no more than their budgets.
     *
     * <p>A paced endpoint's budget is counted in its {@code endpoint_pace} row, locked for the statement
     * (a row another replica is claiming for is skipped: that replica spends the budget), so the requests
     * it is sent in any second of the clock, by all replicas together, never exceed its pace. The counted
     * second only moves forward: a replica whose clock is behind spends what is left of the latest one. Each lane
     * takes its oldest due rows, skips rows other replicas are claiming and the deliveries of
     * {@code busyOrganizations}, and returns what their attempts need. Commits on its own, before any HTTP
     * call. {@code leaseEndsAt} is when the lease ends on this replica's System.nanoTime, taken before the
     * statement is sent.
     */
    List<ClaimedDelivery> claimDue(
            int limit,
            int retryLimit,
            Instant now,
            Instant leaseUntil,
            long leaseEndsAt,
            UUID leaseToken,
            String[] busyOrganizations) {
        return engine.sql("""
                        WITH paced AS MATERIALIZED (
                            SELECT ARRAY(SELECT id FROM endpoint_target WHERE max_per_second IS NOT NULL
                                         UNION
                                         SELECT endpoint_id FROM endpoint_pace WHERE current_per_second IS NOT NULL)
                                   AS ids),
                        first AS MATERIALIZED (
                            SELECT id, event_created_at, false AS paced FROM delivery
                             WHERE status = 'PENDING' AND attempt_count = 0 AND next_attempt_at <= :now
                               AND NOT (organization_id = ANY (:busy))
                               AND endpoint_id <> ALL ((SELECT ids FROM paced)::uuid[])
                             ORDER BY next_attempt_at
                             LIMIT :limit
                               FOR UPDATE SKIP LOCKED),
                        budget AS MATERIALIZED (
                            SELECT p.endpoint_id,
                                   COALESCE(p.current_per_second, e.max_per_second)
                                       - CASE WHEN p.second >= :second THEN p.sent ELSE 0 END AS budget
                              FROM endpoint_pace p JOIN endpoint_target e ON e.id = p.endpoint_id
                             WHERE p.endpoint_id = ANY ((SELECT ids FROM paced)::uuid[])
                               AND COALESCE(p.current_per_second, e.max_per_second)
                                       > CASE WHEN p.second >= :second THEN p.sent ELSE 0 END
                               AND EXISTS (SELECT 1 FROM delivery d
                                            WHERE d.endpoint_id = p.endpoint_id AND d.status = 'PENDING'
                                              AND d.next_attempt_at <= :now)
                               FOR UPDATE OF p SKIP LOCKED),
                        paced_due AS MATERIALIZED (
                            SELECT d.id, d.event_created_at, d.endpoint_id
                              FROM budget b CROSS JOIN LATERAL (
                                       SELECT id, event_created_at, endpoint_id FROM delivery
                                        WHERE endpoint_id = b.endpoint_id AND status = 'PENDING'
                                          AND next_attempt_at <= :now AND NOT (organization_id = ANY (:busy))
                                        ORDER BY next_attempt_at
                                        LIMIT b.budget
                                          FOR UPDATE SKIP LOCKED) d
                             LIMIT :limit - (SELECT count(*) FROM first)),
                        spent AS (
                            UPDATE endpoint_pace p
                               SET sent = CASE WHEN p.second >= :second THEN p.sent ELSE 0 END + s.n,
                                   second = GREATEST(p.second, :second)
                              FROM (SELECT endpoint_id, count(*) AS n FROM paced_due GROUP BY endpoint_id) s
                             WHERE p.endpoint_id = s.endpoint_id),
                        retry AS (
                            SELECT id, event_created_at, false AS paced FROM delivery
                             WHERE status = 'PENDING' AND attempt_count > 0 AND next_attempt_at <= :now
                               AND NOT (organization_id = ANY (:busy))
                               AND endpoint_id <> ALL ((SELECT ids FROM paced)::uuid[])
                             ORDER BY next_attempt_at
                             LIMIT LEAST(:retryLimit,
                                         :limit - (SELECT count(*) FROM first) - (SELECT count(*) FROM paced_due))
                               FOR UPDATE SKIP LOCKED),
                        due AS (SELECT * FROM first
                                UNION ALL SELECT id, event_created_at, true FROM paced_due
                                UNION ALL SELECT * FROM retry),
                        d AS (
                            UPDATE delivery SET next_attempt_at = :leaseUntil, lease_token = :token
                              FROM due WHERE delivery.id = due.id AND delivery.event_created_at = due.event_created_at
                            RETURNING delivery.*, due.paced)
                        SELECT %s, e.kind, e.url, e.secret_ciphertext, ev.payload, NOT e.active AS endpoint_removed, d.paced
                          FROM d JOIN endpoint_target e ON e.id = d.endpoint_id
                                 JOIN outbox_event ev ON ev.id = d.event_id AND ev.created_at = d.event_created_at
                        """.formatted(DELIVERY_COLUMNS))
                .param("now", utc(now))
                .param("second", utc(now.truncatedTo(ChronoUnit.SECONDS)))
                .param("limit", limit)
                .param("retryLimit", retryLimit)
                .param("leaseUntil", utc(leaseUntil))
                .param("token", leaseToken)
                .param("busy", busyOrganizations)
                .query(claimed(leaseEndsAt, rs -> rs.getString("payload")))
                .list();
    }

    /**
     * Records outcomes and their attempts in one statement. Every attempt is recorded; an outcome whose
     * lease was lost (another replica took the delivery, or it was cancelled or redelivered meanwhile)
     * changes nothing else. The endpoints' health is kept with them: an endpoint with a successful
     * attempt is failing no more; one with only failed attempts is failing since its first, unless it
     * already was. So are the paces of the organizations' own endpoints ({@link Pace}): halved after a 429
     * or 503 without Retry-After, raised a step after a success, each at most once a second (a pace row
     * another statement holds is left as it is: the next outcome moves it).
     *
     * @return the ids of the deliveries whose outcome was taken
     */
    Set<Long> complete(List<Outcome> outcomes, Instant now) {
        int n = outcomes.size();
        Long[] ids = new Long[n];
        String[] days = new String[n];
        UUID[] tokens = new UUID[n];
        String[] statuses = new String[n];
        Integer[] counts = new Integer[n];
        String[] nexts = new String[n];
        String[] errors = new String[n];
        int attempts = outcomes.stream().mapToInt(o -> o.attempts().size()).sum();
        Long[] attemptIds = new Long[attempts];
        String[] attemptDays = new String[attempts];
        Integer[] numbers = new Integer[attempts];
        String[] ats = new String[attempts];
        Integer[] durations = new Integer[attempts];
        Integer[] codes = new Integer[attempts];
        String[] attemptErrors = new String[attempts];
        String[] responses = new String[attempts];
        Set<UUID> slowed = new HashSet<>();
        Set<UUID> raised = new HashSet<>();
        List<UUID> healthy = new java.util.ArrayList<>();
        List<UUID> failing = new java.util.ArrayList<>();
        List<String> failingSince = new java.util.ArrayList<>();
        int a = 0;
        for (int i = 0; i < n; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.deliveryId();
            days[i] = outcome.delivery().eventCreatedAt().toString();
            tokens[i] = outcome.leaseToken();
            statuses[i] = outcome.status().name();
            counts[i] = outcome.attemptCount();
            nexts[i] = outcome.nextAttemptAt().toString();
            errors[i] = outcome.lastError();
            for (Attempt attempt : outcome.attempts()) {
                attemptIds[a] = outcome.deliveryId();
                attemptDays[a] = days[i];
                numbers[a] = attempt.number();
                ats[a] = attempt.at().toString();
                durations[a] = attempt.durationMs();
                codes[a] = attempt.statusCode();
                attemptErrors[a] = attempt.error();
                responses[a] = attempt.response();
                a++;
            }
            if (outcome.delivery().toOwnEndpoint()) {
                if (outcome.attempts().stream().anyMatch(Pace::slowsDown)) {
                    slowed.add(outcome.delivery().endpointId());
                } else if (outcome.attempts().stream().anyMatch(Attempt::succeeded)) {
                    raised.add(outcome.delivery().endpointId());
                }
            }
            if (outcome.attempts().stream().anyMatch(Attempt::succeeded)) {
                healthy.add(outcome.delivery().endpointId());
            } else if (!outcome.attempts().isEmpty()) {
                failing.add(outcome.delivery().endpointId());
                failingSince.add(outcome.attempts().getFirst().at().toString());
            }
        }
        raised.removeAll(slowed);
        return new HashSet<>(engine.sql("""
                        WITH a AS (
                            INSERT INTO delivery_attempt (delivery_id, event_created_at, number, attempted_at,
                                                          duration_ms, status_code, error, response)
                            SELECT r.* FROM unnest(:attemptIds::bigint[], :attemptDays::timestamptz[], :numbers::int[],
                                                   :ats::timestamptz[], :durations::int[], :codes::int[],
                                                   :attemptErrors::text[], :responses::text[])
                                   AS r(delivery_id, event_created_at, number, attempted_at, duration_ms, status_code,
                                        error, response)
                             WHERE EXISTS (SELECT 1 FROM delivery d
                                            WHERE d.id = r.delivery_id AND d.event_created_at = r.event_created_at)),
                        recovered AS (
                            UPDATE endpoint_health h SET failing_since = NULL
                             WHERE h.endpoint_id = ANY (:healthy::uuid[]) AND h.failing_since IS NOT NULL),
                        failing AS (
                            INSERT INTO endpoint_health (endpoint_id, failing_since)
                            SELECT f.id, min(f.since) FROM unnest(:failing::uuid[], :failingSince::timestamptz[]) AS f(id, since)
                             WHERE NOT (f.id = ANY (:healthy::uuid[])) GROUP BY f.id
                            ON CONFLICT (endpoint_id) DO UPDATE SET failing_since = EXCLUDED.failing_since
                             WHERE endpoint_health.failing_since IS NULL),
                        slowed AS (
                            UPDATE endpoint_pace p
                               SET current_per_second = GREATEST(1, COALESCE(p.current_per_second, e.max_per_second, :ceiling) / 2),
                                   slowed_at = :now
                              FROM endpoint_target e
                             WHERE e.id = p.endpoint_id AND p.slowed_at <= :now - interval '1 second'
                               AND p.endpoint_id IN (SELECT endpoint_id FROM endpoint_pace
                                                      WHERE endpoint_id = ANY (:slowed::uuid[]) FOR UPDATE SKIP LOCKED)),
                        raised AS (
                            UPDATE endpoint_pace p
                               SET current_per_second = NULLIF(LEAST(p.current_per_second + GREATEST(1, COALESCE(e.max_per_second, :ceiling) / :steps),
                                                                     COALESCE(e.max_per_second, :ceiling)),
                                                               COALESCE(e.max_per_second, :ceiling)),
                                   raised_at = :now
                              FROM endpoint_target e
                             WHERE e.id = p.endpoint_id AND p.current_per_second IS NOT NULL
                               AND p.slowed_at <= :now - interval '1 second' AND p.raised_at <= :now - interval '1 second'
                               AND p.endpoint_id IN (SELECT endpoint_id FROM endpoint_pace
                                                      WHERE endpoint_id = ANY (:raised::uuid[])
                                                        AND current_per_second IS NOT NULL
                                                        FOR UPDATE SKIP LOCKED))
                        UPDATE delivery d
                           SET status = x.status, attempt_count = x.attempt_count,
                               next_attempt_at = x.next_attempt_at, lease_token = NULL,
                               last_error = COALESCE(x.last_error, d.last_error), updated_at = :now
                          FROM unnest(:ids::bigint[], :days::timestamptz[], :tokens::uuid[], :statuses::text[],
                                      :counts::int[], :nexts::timestamptz[], :errors::text[])
                               AS x(id, event_created_at, token, status, attempt_count, next_attempt_at, last_error)
                         WHERE d.id = x.id AND d.event_created_at = x.event_created_at AND d.lease_token = x.token AND d.status = 'PENDING'
                        RETURNING d.id
                        """)
                .param("now", utc(now))
                .param("ids", ids)
                .param("days", days)
                .param("tokens", tokens)
                .param("statuses", statuses)
                .param("counts", counts)
                .param("nexts", nexts)
                .param("errors", errors)
                .param("attemptIds", attemptIds)
                .param("attemptDays", attemptDays)
                .param("numbers", numbers)
                .param("ats", ats)
                .param("durations", durations)
                .param("codes", codes)
                .param("attemptErrors", attemptErrors)
                .param("responses", responses)
                .param("healthy", healthy.toArray(UUID[]::new))
                .param("failing", failing.toArray(UUID[]::new))
                .param("failingSince", failingSince.toArray(String[]::new))
                .param("slowed", slowed.toArray(UUID[]::new))
                .param("raised", raised.toArray(UUID[]::new))
                .param("ceiling", Pace.CEILING)
                .param("steps", Pace.STEPS)
                .query(Long.class)
                .list());
    }

    /** Cancels what is still to be sent to a removed or disabled endpoint, saying why. */
    int cancelPending(UUID endpointId, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE delivery SET status = 'CANCELLED', lease_token = NULL, updated_at = :now,
                               last_error = :reason
                         WHERE endpoint_id = :endpoint AND status = 'PENDING'
                        """)
                .param("endpoint", endpointId)
                .param("reason", reason)
                .param("now", utc(now))
                .update();
    }

    /** An endpoint that has failed since at least {@code cutoff} and has a delivery that failed for good since. */
    record FailingEndpoint(UUID id, Instant failingSince) {}

    List<FailingEndpoint> failingSince(Instant cutoff) {
        return engine.sql("""
                        SELECT h.endpoint_id, h.failing_since FROM endpoint_health h
                         WHERE h.failing_since <= :cutoff
                           AND EXISTS (SELECT 1 FROM delivery d
                                        WHERE d.endpoint_id = h.endpoint_id AND d.status = 'FAILED'
                                          AND d.updated_at >= h.failing_since)
                        """)
                .param("cutoff", utc(cutoff))
                .query((rs, row) -> new FailingEndpoint(
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getObject("failing_since", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Forgets an endpoint's failures: it was disabled, and starts afresh once it is enabled again. */
    void forgetFailures(UUID endpointId) {
        jdbc.sql("UPDATE endpoint_health SET failing_since = NULL WHERE endpoint_id = ?")
                .param(endpointId)
                .update();
    }

    /** The endpoints among {@code endpointIds} whose receivers slowed them down, with their current pace. */
    Map<UUID, Integer> slowedPaces(Collection<UUID> endpointIds) {
        Map<UUID, Integer> paces = new HashMap<>();
        jdbc.sql("""
                        SELECT endpoint_id, current_per_second FROM endpoint_pace
                         WHERE endpoint_id = ANY (:ids::uuid[]) AND current_per_second IS NOT NULL
                        """).param("ids", endpointIds.toArray(UUID[]::new)).query((ResultSet rs) -> {
            paces.put(rs.getObject("endpoint_id", UUID.class), rs.getInt("current_per_second"));
        });
        return paces;
    }

    /** Every endpoint slowed down by its receiver, with its organization's id and its current pace. */
    List<SlowedEndpoint> slowedEndpoints() {
        return engine.sql("""
                        SELECT p.endpoint_id, e.organization_id, p.current_per_second
                          FROM endpoint_pace p JOIN endpoint_target e ON e.id = p.endpoint_id
                         WHERE p.current_per_second IS NOT NULL AND e.active
                        """)
                .query((rs, row) -> new SlowedEndpoint(
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getString("organization_id"),
                        rs.getInt("current_per_second")))
                .list();
    }

    record SlowedEndpoint(UUID id, String organizationId, int currentPerSecond) {}

    /** The number of pending deliveries and the due time of the oldest due one, for the gauges. */
    Backlog backlog(Instant now) {
        return engine.sql("""
                        SELECT count(*) AS pending,
                               min(next_attempt_at) FILTER (WHERE next_attempt_at <= :now) AS oldest
                          FROM delivery WHERE status = 'PENDING'
                        """)
                .param("now", utc(now))
                .query((rs, row) -> new Backlog(
                        rs.getLong("pending"),
                        rs.getObject("oldest", OffsetDateTime.class) == null
                                ? null
                                : rs.getObject("oldest", OffsetDateTime.class).toInstant()))
                .single();
    }

    record Backlog(long pending, @Nullable Instant oldestDue) {}

    /** Reads the body of the row's event, from the row or from what the caller already has. */
    @FunctionalInterface
    private interface PayloadOf {
        String read(ResultSet rs) throws SQLException;
    }

    private static RowMapper<ClaimedDelivery> claimed(long leaseEndsAt, PayloadOf payload) {
        return (rs, row) -> new ClaimedDelivery(
                rs.getLong("id"),
                rs.getObject("lease_token", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getObject("event_created_at", OffsetDateTime.class).toInstant(),
                rs.getString("event_type"),
                rs.getString("organization_id"),
                rs.getObject("endpoint_id", UUID.class),
                rs.getString("kind"),
                rs.getString("url"),
                SealedSecret.read(rs, "secret_ciphertext"),
                payload.read(rs),
                rs.getInt("attempt_count"),
                rs.getInt("attempts_allowed"),
                rs.getBoolean("endpoint_removed"),
                rs.getBoolean("paced"),
                System.nanoTime(),
                leaseEndsAt);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
