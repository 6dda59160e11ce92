package com.headshotpro.webhooks.outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place webhook bodies are made. A body is serialized once, when its event is stored; those
 * bytes are signed and sent on every attempt. The mapper here is private, so no application-wide
 * Jackson setting can change what receivers get.
 */
public final class EventPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventPayloads() {}

    /** UTC ISO-8601 with milliseconds and {@code Z}, the only time format payloads use. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    public static @Nullable String timeOrNull(@Nullable Instant instant) {
        return instant == null ? null : time(instant);
    }

    /** The public id of an event: {@code evt_} and its UUID. */
    public static String publicId(UUID eventId) {
        return "evt_" + eventId;
    }

    /**
     * The body of an event: {@code id, event, createdAt, objectType, object}, then the event's extra
     * fields in their order. {@code object} and the extras are records or maps whose component order is
     * the field order.
     */
    public static String serialize(
            UUID eventId, String type, Instant createdAt, String objectType, Object object, Map<String, ?> extras) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", publicId(eventId));
        body.put("event", type);
        body.put("createdAt", time(createdAt));
        body.put("objectType", objectType);
        body.put("object", object);
        body.putAll(extras);
        return JSON.writeValueAsString(body);
    }
}
