package com.headshotpro.webhooks.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where an organization's events go: its webhook URL, one of the endpoints it registered beside it (each
 * with the event types it wants and the pace it can take), or one Zapier subscription. The signing secret
 * is held only encrypted; a removed endpoint keeps its row (for the delivery log) with {@code deletedAt}.
 * A row of {@code endpoint}, read and written by {@link EndpointRepository}; a change made here is kept once
 * the repository's {@code update} is called.
 */
public class Endpoint {

    /** The kinds of endpoint: the webhook (every event), a Zapier subscription (one event type), an endpoint (its filter). */
    public enum Kind {
        WEBHOOK,
        ZAPIER,
        ENDPOINT
    }

    private final UUID id;
    private final String organizationId;
    private final Kind kind;
    private String url;

    /** A Zapier subscription's one event type. */
    private final @Nullable String eventType;

    private @Nullable String description;

    /** The event types an endpoint of kind ENDPOINT receives; null: every type. */
    private String @Nullable [] eventTypes;

    /** The most requests a second an endpoint may be sent; null: no limit. */
    private @Nullable Integer maxPerSecond;

    private byte[] secretCiphertext;
    private Instant secretCreatedAt;
    private final Instant createdAt;
    private @Nullable Instant deletedAt;
    private @Nullable Instant disabledAt;
    private @Nullable String disabledReason;

    /** The API key a Zapier subscription was made with; replacing that key ends the subscription. */
    private final @Nullable UUID apiKeyId;

    /** An endpoint as its row holds it. */
    Endpoint(
            UUID id,
            String organizationId,
            Kind kind,
            String url,
            @Nullable String eventType,
            @Nullable String description,
            String @Nullable [] eventTypes,
            @Nullable Integer maxPerSecond,
            byte[] secretCiphertext,
            Instant secretCreatedAt,
            Instant createdAt,
            @Nullable Instant deletedAt,
            @Nullable Instant disabledAt,
            @Nullable String disabledReason,
            @Nullable UUID apiKeyId) {
        this.id = id;
        this.organizationId = organizationId;
        this.kind = kind;
        this.url = url;
        this.eventType = eventType;
        this.description = description;
        this.eventTypes = eventTypes;
        this.maxPerSecond = maxPerSecond;
        this.secretCiphertext = secretCiphertext;
        this.secretCreatedAt = secretCreatedAt;
        this.createdAt = createdAt;
        this.deletedAt = deletedAt;
        this.disabledAt = disabledAt;
        this.disabledReason = disabledReason;
        this.apiKeyId = apiKeyId;
    }

    /** A new endpoint of the given kind, with its first secret. */
    Endpoint(
            String organizationId,
            Kind kind,
            String url,
            @Nullable String eventType,
            @Nullable UUID apiKeyId,
            byte[] secretCiphertext,
            Instant now) {
        this.id = UUID.randomUUID();
        this.organizationId = organizationId;
        this.kind = kind;
        this.url = url;
        this.eventType = eventType;
        this.apiKeyId = apiKeyId;
        this.secretCiphertext = secretCiphertext;
        this.secretCreatedAt = now;
        this.createdAt = now;
    }

    /** An endpoint of kind ENDPOINT, as {@code definition} describes it. */
    Endpoint(String organizationId, EndpointService.Definition definition, byte[] secretCiphertext, Instant now) {
        this(organizationId, Kind.ENDPOINT, definition.url().value(), null, null, secretCiphertext, now);
        define(definition);
    }

    public UUID id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public Kind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public @Nullable String eventType() {
        return eventType;
    }

    public @Nullable String description() {
        return description;
    }

    /** The event types it receives: null for every type (the webhook, an unfiltered endpoint). */
    public @Nullable List<String> eventTypes() {
        if (kind == Kind.ZAPIER) {
            return List.of(String.valueOf(eventType));
        }
        return eventTypes == null ? null : List.of(eventTypes);
    }

    public @Nullable Integer maxPerSecond() {
        return maxPerSecond;
    }

    /** What the organization chose for an endpoint of kind ENDPOINT. */
    EndpointService.Definition definition() {
        return new EndpointService.Definition(new CheckedUrl(url), description, eventTypes(), maxPerSecond);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant secretCreatedAt() {
        return secretCreatedAt;
    }

    public @Nullable Instant disabledAt() {
        return disabledAt;
    }

    public @Nullable String disabledReason() {
        return disabledReason;
    }

    byte[] secretCiphertext() {
        return secretCiphertext;
    }

    String @Nullable [] eventTypeArray() {
        return eventTypes;
    }

    @Nullable
    Instant deletedAt() {
        return deletedAt;
    }

    @Nullable
    UUID apiKeyId() {
        return apiKeyId;
    }

    /** A new URL, or the same one saved again: either way the endpoint is enabled. */
    void changeUrl(String url) {
        this.url = url;
        enable();
    }

    /** Where an endpoint of kind ENDPOINT goes and what for; whether it is enabled does not change. */
    void define(EndpointService.Definition definition) {
        this.url = definition.url().value();
        this.description = definition.description();
        List<String> types = definition.eventTypes();
        this.eventTypes = types == null ? null : types.toArray(String[]::new);
        this.maxPerSecond = definition.maxPerSecond();
    }

    void enable() {
        this.disabledAt = null;
        this.disabledReason = null;
    }

    void replaceSecret(byte[] secretCiphertext, Instant now) {
        this.secretCiphertext = secretCiphertext;
        this.secretCreatedAt = now;
    }

    void delete(Instant now) {
        this.deletedAt = now;
    }

    void disable(String reason, Instant now) {
        this.disabledAt = now;
        this.disabledReason = reason;
    }

    @Override
    public String toString() {
        return "Endpoint[id=" + id + ", organization=" + organizationId + ", kind=" + kind + ", secret=<masked>]";
    }
}
