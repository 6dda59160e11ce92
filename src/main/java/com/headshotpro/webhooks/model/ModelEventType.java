package com.headshotpro.webhooks.model;

import com.headshotpro.webhooks.outbox.EventPayloads;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The event types of models, as they are named on the wire ({@code "event": "model.created"}). */
public enum ModelEventType {
    CREATED("model.created"),
    STATUS_UPDATED("model.status.updated"),
    PHOTOS_READY("model.photos_ready"),
    FAVORITE_SELECTED("model.favorite_selected"),
    DELETED("model.deleted");

    private final String wireName;

    ModelEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ModelEventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ModelEventType::wireName).toList();
    }

    /** A payload shaped exactly like a real one of this type, with made-up values, for integrations. */
    public String sample(String organizationId, Instant now) {
        ModelObject model = ModelObject.of(
                "65a4f1c2e4b0a1b2c3d4e5f6",
                "user-123",
                "Sample headshot shoot",
                "api",
                this == CREATED ? "pending" : "finished",
                this == CREATED ? null : now,
                now.minusSeconds(3600),
                organizationId);
        Map<String, ?> extras = this == FAVORITE_SELECTED
                ? new ModelEvent.FavoriteSelected(
                                model,
                                ModelEvent.FavoritePhoto.of(
                                        "photo-1",
                                        new ModelEvent.Urls(
                                                "https://cdn.headshotpro.com/sample/preview.jpg",
                                                "https://cdn.headshotpro.com/sample/transparent.png",
                                                "https://cdn.headshotpro.com/sample/pfp.jpg"),
                                        now.plusSeconds(30L * 24 * 3600)))
                        .extras()
                : Map.of();
        return EventPayloads.serialize(new UUID(0, 0), wireName, now, "model", model, extras);
    }
}
