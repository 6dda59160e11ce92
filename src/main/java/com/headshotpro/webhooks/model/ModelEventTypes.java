package com.headshotpro.webhooks.model;

import com.headshotpro.webhooks.outbox.EventPayloads;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The event types of models, and made-up examples of each for integrations that want a sample. */
public final class ModelEventTypes {

    public static final List<String> ALL = List.of(
            "model.created", "model.status.updated", "model.photos_ready", "model.favorite_selected", "model.deleted");

    private ModelEventTypes() {}

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    /** A payload shaped exactly like a real one of this type, with made-up values. */
    public static String sample(String type, String organizationId, Instant now) {
        Instant created = now.minusSeconds(3600);
        ModelObject model = ModelObject.of(
                "65a4f1c2e4b0a1b2c3d4e5f6",
                "user-123",
                "Sample headshot shoot",
                "api",
                type.equals("model.created") ? "pending" : "finished",
                type.equals("model.created") ? null : now,
                created,
                organizationId);
        Map<String, ?> extras = type.equals("model.favorite_selected")
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
        return EventPayloads.serialize(new UUID(0, 0), type, now, "model", model, extras);
    }
}
