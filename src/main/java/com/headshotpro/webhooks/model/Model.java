package com.headshotpro.webhooks.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/** A model (a photo shoot) as the service that owns it reports it. */
@Entity
@Table(name = "model")
class Model implements Persistable<String> {

    /** New models are inserted straight away, without the select a merge of an assigned id would make. */
    @Transient
    private boolean isNew;

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

    Model(
            String id,
            String organizationId,
            String uid,
            String title,
            String trigger,
            String status,
            Instant createdAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.uid = uid;
        this.title = title;
        this.trigger = trigger;
        this.status = status;
        this.createdAt = createdAt;
        this.isNew = true;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        this.isNew = false;
    }

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
