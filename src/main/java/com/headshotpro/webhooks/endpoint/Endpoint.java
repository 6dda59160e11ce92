package com.headshotpro.webhooks.endpoint;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where an organization's events go: its webhook URL, one of the endpoints it registered beside it (each
 * with the event types it wants and the pace it can take), or one Zapier subscription. The signing secret
 * is held only encrypted; a removed endpoint keeps its row (for the delivery log) with {@code deletedAt}.
 */
@Entity
@Table(name = "endpoint")
public class Endpoint {

    /** The kinds of endpoint: the webhook (every event), a Zapier subscription (one event type), an endpoint (its filter). */
    public enum Kind {
        WEBHOOK,
        ZAPIER,
        ENDPOINT
    }

    @Id
    private UUID id;

    @Column(name = "organization_id")
    private String organizationId;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private String url;

    /** A Zapier subscription's one event type. */
    @Column(name = "event_type")
    private @Nullable String eventType;

    private @Nullable String description;

    /** The event types an endpoint of kind ENDPOINT receives; null: every type. */
    @Column(name = "event_types")
    private String @Nullable [] eventTypes;

    /** The most requests a second an endpoint may be sent; null: no limit. */
    @Column(name = "max_per_second")
    private @Nullable Integer maxPerSecond;

    @Column(name = "secret_ciphertext")
    private byte[] secretCiphertext;

    @Column(name = "secret_created_at")
    private Instant secretCreatedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "deleted_at")
    private @Nullable Instant deletedAt;

    @Column(name = "disabled_at")
    private @Nullable Instant disabledAt;

    @Column(name = "disabled_reason")
    private @Nullable String disabledReason;

    /** The API key a Zapier subscription was made with; replacing that key ends the subscription. */
    @Column(name = "api_key_id")
    private @Nullable UUID apiKeyId;

    @SuppressWarnings("NullAway.Init")
    protected Endpoint() {}

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
