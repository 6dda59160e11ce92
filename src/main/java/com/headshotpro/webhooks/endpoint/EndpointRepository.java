package com.headshotpro.webhooks.endpoint;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code endpoint} table, in SQL. It reads live endpoints only ({@code deleted_at IS NULL}); a read
 * "for update" holds the row until the transaction ends.
 */
@Repository
class EndpointRepository {

    private static final String COLUMNS = """
            id, organization_id, kind, url, event_type, description, event_types, max_per_second,
            secret_ciphertext, secret_created_at, created_at, deleted_at, disabled_at, disabled_reason, api_key_id
            """;

    /** Locks the row; the pace and health rows that reference it are not held up. */
    private static final String FOR_UPDATE = " FOR NO KEY UPDATE";

    private final JdbcClient jdbc;

    EndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the endpoint now, so that a second webhook made concurrently fails here, as a duplicate key. */
    void insert(Endpoint endpoint) {
        jdbc.sql("INSERT INTO endpoint (" + COLUMNS + """
                        ) VALUES (:id, :organization, :kind, :url, :eventType, :description, :eventTypes::text[],
                                  :maxPerSecond, :secret, :secretCreatedAt, :createdAt, :deletedAt, :disabledAt,
                                  :disabledReason, :apiKeyId)
                        """)
                .param("id", endpoint.id())
                .param("organization", endpoint.organizationId())
                .param("kind", endpoint.kind().name())
                .param("eventType", endpoint.eventType())
                .param("apiKeyId", endpoint.apiKeyId())
                .param("createdAt", time(endpoint.createdAt()))
                .params(changeable(endpoint))
                .update();
    }

    /** Writes what may change of an endpoint: everything but its id, organization, kind and origin. */
    void update(Endpoint endpoint) {
        jdbc.sql("""
                        UPDATE endpoint
                           SET url = :url, description = :description, event_types = :eventTypes::text[],
                               max_per_second = :maxPerSecond, secret_ciphertext = :secret,
                               secret_created_at = :secretCreatedAt, deleted_at = :deletedAt,
                               disabled_at = :disabledAt, disabled_reason = :disabledReason
                         WHERE id = :id
                        """).param("id", endpoint.id()).params(changeable(endpoint)).update();
    }

    private static Map<String, @Nullable Object> changeable(Endpoint endpoint) {
        var params = new HashMap<String, @Nullable Object>();
        params.put("url", endpoint.url());
        params.put("description", endpoint.description());
        params.put("eventTypes", endpoint.eventTypeArray());
        params.put("maxPerSecond", endpoint.maxPerSecond());
        params.put("secret", endpoint.secretCiphertext());
        params.put("secretCreatedAt", time(endpoint.secretCreatedAt()));
        params.put("deletedAt", time(endpoint.deletedAt()));
        params.put("disabledAt", time(endpoint.disabledAt()));
        params.put("disabledReason", endpoint.disabledReason());
        return params;
    }

    Optional<Endpoint> findActiveWebhook(String organizationId) {
        return one("organization_id = :organization AND kind = 'WEBHOOK'", "", organizationId, null);
    }

    Optional<Endpoint> findActiveWebhookForUpdate(String organizationId) {
        return one("organization_id = :organization AND kind = 'WEBHOOK'", FOR_UPDATE, organizationId, null);
    }

    /** A live endpoint of any organization, locked. */
    Optional<Endpoint> findActiveForUpdate(UUID id) {
        return one("id = :id", FOR_UPDATE, null, id);
    }

    /** A live endpoint of the organization: another organization's is as unknown as a missing one. */
    Optional<Endpoint> findActive(UUID id, String organizationId) {
        return one("id = :id AND organization_id = :organization", "", organizationId, id);
    }

    Optional<Endpoint> findActiveForUpdate(UUID id, String organizationId) {
        return one("id = :id AND organization_id = :organization", FOR_UPDATE, organizationId, id);
    }

    Optional<Endpoint> findActiveSubscriptionForUpdate(UUID id, String organizationId) {
        return one("id = :id AND organization_id = :organization AND kind = 'ZAPIER'", FOR_UPDATE, organizationId, id);
    }

    List<Endpoint> findActiveOf(String organizationId) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM endpoint WHERE organization_id = :organization AND deleted_at IS NULL")
                .param("organization", organizationId)
                .query(EndpointRepository::endpoint)
                .list();
    }

    List<Endpoint> findActiveSubscriptions(String organizationId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM endpoint
                        WHERE organization_id = :organization AND kind = 'ZAPIER' AND deleted_at IS NULL
                        ORDER BY created_at, id
                        """)
                .param("organization", organizationId)
                .query(EndpointRepository::endpoint)
                .list();
    }

    /** The organization's live subscriptions that the API key did not make (or made before keys were kept), locked. */
    List<Endpoint> findActiveSubscriptionsNotMadeWithForUpdate(String organizationId, UUID apiKeyId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM endpoint
                        WHERE organization_id = :organization AND kind = 'ZAPIER' AND deleted_at IS NULL
                          AND (api_key_id IS NULL OR api_key_id <> :apiKey)
                          FOR NO KEY UPDATE
                        """)
                .param("organization", organizationId)
                .param("apiKey", apiKeyId)
                .query(EndpointRepository::endpoint)
                .list();
    }

    /** How many live endpoints of this kind the organization has. */
    long countActive(String organizationId, Endpoint.Kind kind) {
        return jdbc.sql("""
                        SELECT count(*) FROM endpoint
                         WHERE organization_id = :organization AND kind = :kind AND deleted_at IS NULL
                        """)
                .param("organization", organizationId)
                .param("kind", kind.name())
                .query(Long.class)
                .single();
    }

    /**
     * Holds the organization's subscription lock until the transaction ends (a Postgres advisory lock), so
     * that concurrent subscriptions take turns and the limit holds.
     */
    void lockSubscriptionsOf(String organizationId) {
        advisoryLock("zapier:" + organizationId);
    }

    /** Holds the organization's endpoint lock until the transaction ends, as {@link #lockSubscriptionsOf}. */
    void lockEndpointsOf(String organizationId) {
        advisoryLock("endpoints:" + organizationId);
    }

    private void advisoryLock(String name) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))")
                .param("name", name)
                .query((row, n) -> n)
                .single();
    }

    private Optional<Endpoint> one(String where, String lock, @Nullable String organizationId, @Nullable UUID id) {
        var statement =
                jdbc.sql("SELECT " + COLUMNS + " FROM endpoint WHERE " + where + " AND deleted_at IS NULL" + lock);
        if (organizationId != null) {
            statement = statement.param("organization", organizationId);
        }
        if (id != null) {
            statement = statement.param("id", id);
        }
        return statement.query(EndpointRepository::endpoint).optional();
    }

    private static Endpoint endpoint(ResultSet row, int n) throws SQLException {
        Array eventTypes = row.getArray("event_types");
        return new Endpoint(
                row.getObject("id", UUID.class),
                row.getString("organization_id"),
                Endpoint.Kind.valueOf(row.getString("kind")),
                row.getString("url"),
                row.getString("event_type"),
                row.getString("description"),
                eventTypes == null ? null : (String[]) eventTypes.getArray(),
                row.getObject("max_per_second", Integer.class),
                row.getBytes("secret_ciphertext"),
                instant(row, "secret_created_at"),
                instant(row, "created_at"),
                instantOrNull(row, "deleted_at"),
                instantOrNull(row, "disabled_at"),
                row.getString("disabled_reason"),
                row.getObject("api_key_id", UUID.class));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
