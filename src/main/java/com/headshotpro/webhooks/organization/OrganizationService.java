package com.headshotpro.webhooks.organization;

import com.headshotpro.webhooks.failure.NotPermittedException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organizations: upserted by internal services, read by every feature that must know who is allowed. */
@Service
public class OrganizationService {

    private final JdbcClient jdbc;
    private final Clock clock;

    OrganizationService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An organization as other features see it. */
    public record OrganizationView(String id, String name, boolean apiEnabled) {}

    /** Creates or updates the organization in one statement, so concurrent first calls all succeed. */
    @Transactional
    public OrganizationView upsert(String id, String name, boolean apiEnabled) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        INSERT INTO organization (id, name, api_enabled, created_at, updated_at)
                        VALUES (:id, :name, :apiEnabled, :now, :now)
                        ON CONFLICT (id) DO UPDATE
                           SET name = EXCLUDED.name, api_enabled = EXCLUDED.api_enabled, updated_at = EXCLUDED.updated_at
                        """)
                .param("id", id)
                .param("name", name)
                .param("apiEnabled", apiEnabled)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        return new OrganizationView(id, name, apiEnabled);
    }

    /**
     * The organization, if its API feature is on (see {@link ApiOrganization}). An organization the
     * service has not heard of has no API feature either.
     */
    @Transactional(readOnly = true)
    public ApiOrganization requireApiEnabled(String id) {
        return jdbc.sql("SELECT id, name FROM organization WHERE id = :id AND api_enabled")
                .param("id", id)
                .query((row, n) -> new ApiOrganization(row.getString("id"), row.getString("name")))
                .optional()
                .orElseThrow(OrganizationService::apiFeatureDisabled);
    }

    /** What {@link #requireApiEnabled} throws for an organization whose API feature is off. */
    public static NotPermittedException apiFeatureDisabled() {
        return new NotPermittedException(
                "API feature not enabled",
                "The organization's API feature is not enabled; contact support to turn it on");
    }
}
