package com.headshotpro.webhooks.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A model (a photo shoot) as the service that owns it reports it: a row of {@code model}. */
record Model(
        String id,
        String organizationId,
        String uid,
        String title,
        String trigger,
        String status,
        @Nullable Instant finishedAt,
        Instant createdAt) {

    /** The model with a new status, and the time it finished if one is given (else the one it had). */
    Model withStatus(String status, @Nullable Instant finishedAt) {
        return new Model(
                id,
                organizationId,
                uid,
                title,
                trigger,
                status,
                finishedAt != null ? finishedAt : this.finishedAt,
                createdAt);
    }

    /** The model as payloads and responses show it. */
    ModelObject snapshot() {
        return ModelObject.of(id, uid, title, trigger, status, finishedAt, createdAt, organizationId);
    }
}
