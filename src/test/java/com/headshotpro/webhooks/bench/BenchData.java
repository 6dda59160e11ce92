package com.headshotpro.webhooks.bench;

import com.headshotpro.webhooks.model.ModelObject;
import com.headshotpro.webhooks.outbox.EventPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Realistic inputs shared by the benchmarks: a model, its event payload, a webhook secret. */
final class BenchData {

    /** 64 hex characters, the shape of the secrets the service hands out. */
    static final String SECRET = "3f1c9a7be24d6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778";

    static final long TIMESTAMP = 1705320000L;
    static final UUID EVENT_ID = UUID.fromString("0b7e3f5c-2d4a-4c8e-9f61-3a5b7c9d1e2f");
    static final Instant CREATED_AT = Instant.parse("2024-01-15T12:00:00.000Z");

    private BenchData() {}

    static ModelObject model(String title, boolean finished) {
        return new ModelObject(
                "65a4f1c2e4b0a1b2c3d4e5f6",
                "user-7f3a9c2e-41b8-4d6a-9e0f-5c2b8a1d7e43",
                title,
                "api",
                finished ? "finished" : "pending",
                finished ? "2024-01-15T12:45:31.207Z" : null,
                "2024-01-15T11:58:02.114Z",
                "org-3b9d6e1f-8a2c-4f75-b0e4-7c1a5d9e2f68");
    }

    /** The extras of {@code model.favorite_selected}, as a map (the event's own records are package-private). */
    static Map<String, Object> favoriteExtras() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("preview", "https://cdn.headshotpro.com/models/65a4f1c2e4b0a1b2c3d4e5f6/photo-1/preview.jpg");
        urls.put("transparent", "https://cdn.headshotpro.com/models/65a4f1c2e4b0a1b2c3d4e5f6/photo-1/transparent.png");
        urls.put("pfp", "https://cdn.headshotpro.com/models/65a4f1c2e4b0a1b2c3d4e5f6/photo-1/pfp.jpg");
        Map<String, Object> photo = new LinkedHashMap<>();
        photo.put("id", "photo-1");
        photo.put("urls", urls);
        photo.put("expiresAt", "2024-02-14T12:00:00.000Z");
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("favoritePhoto", photo);
        return extras;
    }

    /**
     * A real {@code model.status.updated} body, its title padded so that the UTF-8 body is exactly {@code
     * bytes} long; {@code bytes} must be at least the unpadded size (436).
     */
    static byte[] body(int bytes) {
        String base = "Team headshots, Q1";
        int unpadded = payload(base).length;
        if (bytes < unpadded) {
            throw new IllegalArgumentException("bodyBytes must be at least " + unpadded);
        }
        byte[] body = payload(base + " ".repeat(bytes - unpadded));
        if (body.length != bytes) {
            throw new IllegalStateException("body is " + body.length + " bytes, wanted " + bytes);
        }
        return body;
    }

    private static byte[] payload(String title) {
        return EventPayloads.serialize(
                        EVENT_ID, "model.status.updated", CREATED_AT, "model", model(title, true), Map.of())
                .getBytes(StandardCharsets.UTF_8);
    }
}
