package com.headshotpro.webhooks.model;

import com.headshotpro.webhooks.outbox.EventPayloads;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What can happen to a model; each event carries the model as it was when it happened. */
sealed interface ModelEvent {

    ModelObject model();

    ModelEventType type();

    /** Fields of the payload after {@code object}. */
    default Map<String, ?> extras() {
        return Map.of();
    }

    record ModelCreated(ModelObject model) implements ModelEvent {
        public ModelEventType type() {
            return ModelEventType.CREATED;
        }
    }

    record ModelStatusUpdated(ModelObject model) implements ModelEvent {
        public ModelEventType type() {
            return ModelEventType.STATUS_UPDATED;
        }
    }

    record PhotosReady(ModelObject model) implements ModelEvent {
        public ModelEventType type() {
            return ModelEventType.PHOTOS_READY;
        }
    }

    record FavoriteSelected(ModelObject model, FavoritePhoto favoritePhoto) implements ModelEvent {
        public ModelEventType type() {
            return ModelEventType.FAVORITE_SELECTED;
        }

        @Override
        public Map<String, ?> extras() {
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("favoritePhoto", favoritePhoto);
            return extras;
        }
    }

    record ModelDeleted(ModelObject model) implements ModelEvent {
        public ModelEventType type() {
            return ModelEventType.DELETED;
        }
    }

    /** The selected photo: its id, download links that expire, and when they do. */
    record FavoritePhoto(String id, Urls urls, String expiresAt) {

        static FavoritePhoto of(String id, Urls urls, Instant expiresAt) {
            return new FavoritePhoto(id, urls, EventPayloads.time(expiresAt));
        }
    }

    record Urls(String preview, String transparent, String pfp) {}
}
