package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.transport.Attempt;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What was sent where: an organization's deliveries newest first, and the attempts of one. Every query
 * is scoped to the organization, so another organization's delivery is as unknown as a missing one.
 */
@Service
public class DeliveryLog {

    public static final int MAX_LIMIT = 100;

    private static final Set<String> STATUSES = Set.of("PENDING", "SUCCEEDED", "FAILED", "CANCELLED");

    private static final String COLUMNS = """
            d.id, d.event_id, d.event_created_at, d.event_type, d.status, d.attempt_count, d.next_attempt_at,
            d.created_at, d.last_error, d.replay_id, d.endpoint_id, e.kind, e.url, e.disabled_at,
            e.removed AS endpoint_removed
            """;

    private final JdbcClient jdbc;

    DeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One delivery as the log shows it. {@code status} is PENDING, SUCCEEDED, FAILED or CANCELLED;
     * {@code nextAttemptAt} is when it is due while it is pending; {@code replayId} names the replay
     * that made it, if one did; {@code lastError} is why its last attempt failed or why it was cancelled.
     * {@code eventCreatedAt} places it in the history's partitions.
     */
    public record LoggedDelivery(
            long id,
            UUID eventId,
            Instant eventCreatedAt,
            String eventType,
            String status,
            int attemptCount,
            Instant nextAttemptAt,
            Instant createdAt,
            @Nullable Long replayId,
            @Nullable String lastError,
            Target endpoint) {

        public boolean pending() {
            return status.equals("PENDING");
        }
    }

    /** Where a delivery goes: WEBHOOK, ENDPOINT or ZAPIER; {@code disabledAt} while nothing is sent to it. */
    public record Target(
            UUID id, String kind, String url, @Nullable Instant disabledAt, boolean removed) {}

    /**
     * Filters of the list, each optional: status (lower case), event type, origin ({@code event} or
     * {@code replay}), endpoint (its id).
     */
    public record Filter(
            @Nullable String status,
            @Nullable String event,
            @Nullable String origin,
            @Nullable UUID endpoint) {}

    /** Up to {@code limit} deliveries with ids below {@code beforeId}, newest first. */
    @Transactional(readOnly = true)
    public List<LoggedDelivery> list(String organizationId, Filter filter, long beforeId, int limit) {
        // The status is written into the statement rather than bound, so that even a cached generic plan
        // may read an organization's failed deliveries from their partial index (delivery_failed_log).
        String status = filter.status() == null ? null : filter.status().toUpperCase(Locale.ROOT);
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unknown delivery status " + status);
        }
        return jdbc.sql("""
                        SELECT %s FROM delivery d JOIN endpoint_target e ON e.id = d.endpoint_id
                         WHERE d.organization_id = :org AND d.id < :before %s
                           AND (CAST(:event AS text) IS NULL OR d.event_type = :event)
                           AND (CAST(:origin AS text) IS NULL OR (d.replay_id IS NOT NULL) = (:origin = 'replay'))
                           AND (CAST(:endpoint AS uuid) IS NULL OR d.endpoint_id = :endpoint)
                         ORDER BY d.id DESC
                         LIMIT :limit
                        """.formatted(COLUMNS, status == null ? "" : "AND d.status = '" + status + "'"))
                .param("org", organizationId)
                .param("before", beforeId)
                .param("event", filter.event())
                .param("origin", filter.origin())
                .param("endpoint", filter.endpoint())
                .param("limit", limit)
                .query(DeliveryLog::delivery)
                .list();
    }

    @Transactional(readOnly = true)
    public Optional<LoggedDelivery> find(String organizationId, long id) {
        return jdbc.sql("""
                        SELECT %s FROM delivery d JOIN endpoint_target e ON e.id = d.endpoint_id
                         WHERE d.organization_id = ? AND d.id = ?
                        """.formatted(COLUMNS))
                .params(organizationId, id)
                .query(DeliveryLog::delivery)
                .optional();
    }

    /** Every attempt of the delivery, first to last. */
    @Transactional(readOnly = true)
    public List<Attempt> attempts(LoggedDelivery delivery) {
        return jdbc.sql("""
                        SELECT number, attempted_at, duration_ms, status_code, error, response
                          FROM delivery_attempt WHERE delivery_id = ? AND event_created_at = ? ORDER BY number
                        """)
                .params(delivery.id(), ReplayStore.utc(delivery.eventCreatedAt()))
                .query((rs, row) -> new Attempt(
                        rs.getInt("number"),
                        instant(rs, "attempted_at"),
                        rs.getInt("duration_ms"),
                        rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getString("response")))
                .list();
    }

    private static LoggedDelivery delivery(ResultSet rs, int row) throws SQLException {
        OffsetDateTime disabledAt = rs.getObject("disabled_at", OffsetDateTime.class);
        return new LoggedDelivery(
                rs.getLong("id"),
                rs.getObject("event_id", UUID.class),
                instant(rs, "event_created_at"),
                rs.getString("event_type"),
                rs.getString("status"),
                rs.getInt("attempt_count"),
                instant(rs, "next_attempt_at"),
                instant(rs, "created_at"),
                rs.getObject("replay_id", Long.class),
                rs.getString("last_error"),
                new Target(
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("url"),
                        disabledAt == null ? null : disabledAt.toInstant(),
                        rs.getBoolean("endpoint_removed")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
