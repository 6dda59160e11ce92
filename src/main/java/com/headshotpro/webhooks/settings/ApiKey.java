package com.headshotpro.webhooks.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An organization's API key, known only by its SHA-256. */
@Entity
@Table(name = "api_key")
class ApiKey {

    @Id
    @Column(name = "organization_id")
    private String organizationId;

    @Column(name = "key_hash")
    private String keyHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected ApiKey() {}

    ApiKey(String organizationId, String keyHash, Instant createdAt) {
        this.organizationId = organizationId;
        this.keyHash = keyHash;
        this.createdAt = createdAt;
    }

    void replace(String keyHash, Instant createdAt) {
        this.keyHash = keyHash;
        this.createdAt = createdAt;
    }

    String organizationId() {
        return organizationId;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "ApiKey[organization=" + organizationId + ", hash=<masked>]";
    }
}
