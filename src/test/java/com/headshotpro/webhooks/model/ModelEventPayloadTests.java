package com.headshotpro.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.headshotpro.webhooks.outbox.EventPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact bytes receivers get, pinned by hand-written golden files in src/test/resources/golden. */
class ModelEventPayloadTests {

    private static final UUID EVENT_ID = UUID.fromString("123e4567-e89b-42d3-a456-426614174000");
    private static final Instant CREATED = Instant.parse("2024-01-15T12:00:00Z");
    private static final ModelObject MODEL = ModelObject.of(
            "65a4f1c2e4b0a1b2c3d4e5f6",
            "user-42",
            "Marketing team",
            "api",
            "finished",
            Instant.parse("2024-01-15T11:59:58.123456Z"),
            Instant.parse("2024-01-15T10:00:00Z"),
            "org-acme");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "model.created",
                "model.status.updated",
                "model.photos_ready",
                "model.favorite_selected",
                "model.deleted"
            })
    void eachEventSerializesExactlyAsTheContractShowsIt(String type) throws IOException {
        ModelEvent event = switch (type) {
            case "model.created" -> new ModelEvent.ModelCreated(MODEL);
            case "model.status.updated" -> new ModelEvent.ModelStatusUpdated(MODEL);
            case "model.photos_ready" -> new ModelEvent.PhotosReady(MODEL);
            case "model.favorite_selected" ->
                new ModelEvent.FavoriteSelected(
                        MODEL,
                        ModelEvent.FavoritePhoto.of(
                                "photo-7",
                                new ModelEvent.Urls(
                                        "https://cdn.example.com/p.jpg",
                                        "https://cdn.example.com/t.png",
                                        "https://cdn.example.com/f.jpg"),
                                Instant.parse("2024-02-15T12:00:00Z")));
            default -> new ModelEvent.ModelDeleted(MODEL);
        };
        assertThat(event.type().wireName()).isEqualTo(type);
        String payload = EventPayloads.serialize(
                EVENT_ID, event.type().wireName(), CREATED, "model", event.model(), event.extras());
        assertThat(payload).isEqualTo(golden(type + ".json"));
    }

    @org.junit.jupiter.api.Test
    void nullFinishedAtAndNonAsciiTextAreKept() throws IOException {
        ModelObject model = ModelObject.of(
                "m-1",
                "user-42",
                "Zoë — équipe",
                "api",
                "pending",
                null,
                Instant.parse("2024-01-15T10:00:00Z"),
                "org-acme");
        String payload =
                EventPayloads.serialize(EVENT_ID, "model.created", CREATED, "model", model, java.util.Map.of());
        assertThat(payload).isEqualTo(golden("model.created-unfinished.json"));
    }

    @org.junit.jupiter.api.Test
    void samplesForZapierAreShapedLikeRealPayloads() {
        for (ModelEventType type : ModelEventType.values()) {
            String sample = type.sample("org-acme", CREATED);
            assertThat(sample)
                    .startsWith("{\"id\":\"evt_")
                    .contains("\"event\":\"" + type.wireName() + "\"")
                    .contains("\"objectType\":\"model\"");
            assertThat(sample.contains("\"favoritePhoto\"")).isEqualTo(type == ModelEventType.FAVORITE_SELECTED);
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ModelEventPayloadTests.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
