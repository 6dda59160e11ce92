package com.headshotpro.webhooks.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A model (a photo shoot) as the service that owns it reports it. Created in SQL, many at a time
 * ({@link ModelService}); loaded here to change.
 */
@Entity
@Table(name = "model")
class Model {

    @Id
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    private String uid;
    private String title;
    private String trigger;
    private String status;

    @Column(name = "finished_at")
    private @Nullable Instant finishedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected Model() {}

    /** Changes the status; returns whether it changed. */
    boolean changeStatus(String status, @Nullable Instant finishedAt) {
        boolean changed = !this.status.equals(status);
        this.status = status;
        if (finishedAt != null) {
            this.finishedAt = finishedAt;
        }
        return changed;
    }

    String id() {
        return id;
    }

    String organizationId() {
        return organizationId;
    }

    /** The model as payloads and responses show it, at this moment. */
    ModelObject snapshot() {
        return ModelObject.of(id, uid, title, trigger, status, finishedAt, createdAt, organizationId);
    }
}
