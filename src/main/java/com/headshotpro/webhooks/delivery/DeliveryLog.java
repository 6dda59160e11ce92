package com.headshotpro.webhooks.delivery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery log TeamLead admins see: deliveries newest first with cursor paging, one delivery with
 * its attempts, and redelivery. Every query is scoped to the caller's organization, so another
 * organization's delivery is as unknown as a missing one.
 */
@Service
public class DeliveryLog {

    public static final int MAX_LIMIT = 100;

    private static final String COLUMNS = """
            d.id, d.event_id, d.event_created_at, d.event_type, d.status, d.attempt_count, d.next_attempt_at, d.created_at,
            d.last_error, d.replay_id, e.kind, e.url, e.disabled_at, e.deleted_at IS NOT NULL AS endpoint_removed
            """;

    private final JdbcClient jdbc;
    private final ManualSendLimit limit;
    private final int maxRedeliveries;
    private final Clock clock;

    DeliveryLog(JdbcClient jdbc, ManualSendLimit limit, DeliveryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.limit = limit;
        this.maxRedeliveries = properties.maxRedeliveries();
        this.clock = clock;
    }

    /** Where a delivery goes; {@code disabledAt} while no deliveries are made to it. */
    public record Endpoint(
            String kind, String url, @Nullable Instant disabledAt) {}

    /**
     * One delivery. {@code origin} is {@code event} for a delivery made when its event happened (or a
     * test event), {@code replay} for one made by a replay ({@code replayId}). {@code nextAttemptAt} is
     * set while it is pending: the ladder's next rung, or what the receiver asked for in Retry-After.
     * {@code lastError} is why its last attempt failed, or why it was cancelled.
     */
    public record Delivery(
            long id,
            String eventId,
            String event,
            Endpoint endpoint,
            String status,
            int attemptCount,
            @Nullable Instant nextAttemptAt,
            Instant createdAt,
            String origin,
            @Nullable Long replayId,
            @Nullable String lastError,
            @JsonIgnore boolean endpointRemoved,
            @JsonIgnore Instant eventCreatedAt) {}

    public record Page(List<Delivery> items, @Nullable String nextCursor) {}

    /** One delivery, its fields at the top level as in the list, and its attempts. */
    public record DeliveryWithAttempts(@JsonUnwrapped Delivery delivery, List<Attempt> attempts) {}

    @Transactional(readOnly = true)
    public Page list(
            String organizationId,
            @Nullable String status,
            @Nullable String event,
            @Nullable String origin,
            int limit,
            @Nullable String cursor) {
        String statusFilter = status == null ? null : status.toUpperCase(Locale.ROOT);
        long before = cursor == null ? Long.MAX_VALUE : decodeCursor(cursor);
        List<Delivery> rows = jdbc.sql("""
                        SELECT %s FROM delivery d JOIN endpoint e ON e.id = d.endpoint_id
                         WHERE d.organization_id = :org AND d.id < :before
                           AND (CAST(:status AS text) IS NULL OR d.status = :status)
                           AND (CAST(:event AS text) IS NULL OR d.event_type = :event)
                           AND (CAST(:origin AS text) IS NULL OR (d.replay_id IS NOT NULL) = (:origin = 'replay'))
                         ORDER BY d.id DESC
                         LIMIT :limit
                        """.formatted(COLUMNS))
                .param("org", organizationId)
                .param("before", before)
                .param("status", statusFilter)
                .param("event", event)
                .param("origin", origin)
                .param("limit", limit + 1)
                .query(DeliveryLog::delivery)
                .list();
        boolean more = rows.size() > limit;
        List<Delivery> items = more ? rows.subList(0, limit) : rows;
        return new Page(List.copyOf(items), more ? encodeCursor(items.getLast().id()) : null);
    }

    @Transactional(readOnly = true)
    public DeliveryWithAttempts get(String organizationId, long id) {
        Delivery delivery = find(organizationId, id).orElseThrow(() -> ApiException.notFound("Delivery"));
        List<Attempt> attempts = jdbc.sql("""
                        SELECT number, attempted_at, duration_ms, status_code, error, response
                          FROM delivery_attempt WHERE delivery_id = ? AND event_created_at = ? ORDER BY number
                        """)
                .params(id, DeliveryStore.utc(delivery.eventCreatedAt()))
                .query((rs, row) -> new Attempt(
                        rs.getInt("number"),
                        rs.getObject("attempted_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("duration_ms"),
                        rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getString("response")))
                .list();
        return new DeliveryWithAttempts(delivery, attempts);
    }

    /**
     * One new attempt now, through the normal dispatcher: a finished delivery gets exactly one more
     * attempt; a pending one is made due now with one attempt more than its ladder had. A delivery being
     * attempted at this moment is a conflict, so that it is never sent twice at once, and so is one
     * redelivered {@code max-redeliveries} times already; each redelivery counts against the
     * organization's manual-send allowance ({@link ManualSendLimit}).
     */
    @Transactional
    public void redeliver(String organizationId, long id) {
        Delivery delivery = find(organizationId, id).orElseThrow(() -> ApiException.notFound("Delivery"));
        if (delivery.endpointRemoved()) {
            throw new ApiException(
                    HttpStatus.CONFLICT, "Endpoint removed", "The endpoint of this delivery has been removed");
        }
        if (redeliveries(delivery) >= maxRedeliveries) {
            throw ApiException.conflict("This delivery was redelivered " + maxRedeliveries
                    + " times, the most it may be; send a test event to check the endpoint instead");
        }
        limit.take(organizationId);
        int updated = jdbc.sql("""
                        UPDATE delivery
                           SET attempts_allowed = CASE WHEN status = 'PENDING' THEN attempts_allowed + 1
                                                       ELSE attempt_count + 1 END,
                               redeliveries = redeliveries + 1,
                               status = 'PENDING', next_attempt_at = :now, lease_token = NULL, updated_at = :now
                         WHERE id = :id AND event_created_at = :day AND organization_id = :org
                           AND redeliveries < :max
                           AND NOT (status = 'PENDING' AND lease_token IS NOT NULL AND next_attempt_at > :now)
                        """)
                .param("now", DeliveryStore.utc(clock.instant()))
                .param("id", delivery.id())
                .param("day", DeliveryStore.utc(delivery.eventCreatedAt()))
                .param("org", organizationId)
                .param("max", maxRedeliveries)
                .update();
        if (updated == 0) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "Delivery in progress",
                    "This delivery is being attempted right now; try again shortly");
        }
    }

    private int redeliveries(Delivery delivery) {
        return jdbc.sql("SELECT redeliveries FROM delivery WHERE id = ? AND event_created_at = ?")
                .params(delivery.id(), DeliveryStore.utc(delivery.eventCreatedAt()))
                .query(Integer.class)
                .single();
    }

    private Optional<Delivery> find(String organizationId, long id) {
        return jdbc.sql("""
                        SELECT %s FROM delivery d JOIN endpoint e ON e.id = d.endpoint_id
                         WHERE d.organization_id = ? AND d.id = ?
                        """.formatted(COLUMNS))
                .params(organizationId, id)
                .query(DeliveryLog::delivery)
                .optional();
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        String status = rs.getString("status");
        OffsetDateTime disabledAt = rs.getObject("disabled_at", OffsetDateTime.class);
        Long replayId = rs.getObject("replay_id", Long.class);
        return new Delivery(
                rs.getLong("id"),
                EventPayloads.publicId(rs.getObject("event_id", UUID.class)),
                rs.getString("event_type"),
                new Endpoint(
                        rs.getString("kind").toLowerCase(Locale.ROOT),
                        rs.getString("url"),
                        disabledAt == null ? null : disabledAt.toInstant()),
                status.toLowerCase(Locale.ROOT),
                rs.getInt("attempt_count"),
                status.equals("PENDING")
                        ? rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant()
                        : null,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                replayId == null ? "event" : "replay",
                replayId,
                rs.getString("last_error"),
                rs.getBoolean("endpoint_removed"),
                rs.getObject("event_created_at", OffsetDateTime.class).toInstant());
    }

    private static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("d:" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!decoded.startsWith("d:")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(decoded.substring(2));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this API returned");
        }
    }
}
