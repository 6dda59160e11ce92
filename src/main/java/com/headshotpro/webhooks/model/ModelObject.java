package com.headshotpro.webhooks.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.headshotpro.webhooks.outbox.EventPayloads;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A model as receivers see it in {@code object}, field for field in the order of the contract; the
 * internal API answers with the same shape.
 */
public record ModelObject(
        @JsonProperty("_id") String id,
        String uid,
        String title,
        String trigger,
        String status,
        @Nullable String finishedAt,
        String createdAt,
        String organization) {

    static ModelObject of(
            String id,
            String uid,
            String title,
            String trigger,
            String status,
            @Nullable Instant finishedAt,
            Instant createdAt,
            String organization) {
        return new ModelObject(
                id,
                uid,
                title,
                trigger,
                status,
                EventPayloads.timeOrNull(finishedAt),
                EventPayloads.time(createdAt),
                organization);
    }
}
