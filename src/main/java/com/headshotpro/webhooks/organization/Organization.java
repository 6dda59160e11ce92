package com.headshotpro.webhooks.organization;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * An organization as the service that owns it reports it: its name and whether its API feature is on. Read
 * here; written by {@link OrganizationService#upsert} in one SQL statement, never through JPA.
 */
@Entity
@Immutable
@Table(name = "organization")
class Organization {

    @Id
    private String id;

    private String name;

    @Column(name = "api_enabled")
    private boolean apiEnabled;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @SuppressWarnings("NullAway.Init")
    protected Organization() {}

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    boolean apiEnabled() {
        return apiEnabled;
    }
}
