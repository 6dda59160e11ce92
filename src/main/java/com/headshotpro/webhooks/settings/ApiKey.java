package com.headshotpro.webhooks.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** An organization's API key, known only by its SHA-256; read here, written by {@link ApiKeyService} in SQL, never through JPA. */
@Entity
@Immutable
@Table(name = "api_key")
class ApiKey {

    @Id
    @Column(name = "organization_id")
    private String organizationId;

    /** New whenever the key is replaced; what the key made records it. */
    @Column(name = "key_id")
    private UUID keyId;

    @Column(name = "key_hash")
    private String keyHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected ApiKey() {}

    String organizationId() {
        return organizationId;
    }

    UUID keyId() {
        return keyId;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "ApiKey[organization=" + organizationId + ", hash=<masked>]";
    }
}
