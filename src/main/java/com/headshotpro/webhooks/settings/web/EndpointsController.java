package com.headshotpro.webhooks.settings.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.headshotpro.webhooks.endpoint.EndpointService.Definition;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.settings.EndpointSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organization's endpoints: the webhook, the endpoints it registers beside it (each with the event
 * types it wants and its pace) and its Zapier subscriptions, listed together; its own endpoints managed
 * here, the webhook through {@code /api/v1/settings/webhook} and Zapier subscriptions by Zapier.
 */
@RestController
@RequestMapping("/api/v1/endpoints")
@Tag(name = "Admin: endpoints", description = "TeamLead admins of an organization with the API feature")
@SecurityRequirement(name = "bearer")
class EndpointsController {

    static final int MAX_DESCRIPTION = 500;

    private static final String EMPTY_EVENT_TYPES =
            "must name at least one event type, or be null for every event type";

    private final EndpointSettings endpoints;

    EndpointsController(EndpointSettings endpoints) {
        this.endpoints = endpoints;
    }

    record SecretStatus(boolean exists, Instant createdAt) {}

    /** Why and since when no deliveries are made to the endpoint. */
    record Disabled(Instant at, String reason) {}

    /**
     * An endpoint; {@code eventTypes} null for every event type, {@code maxPerSecond} null for no limit,
     * {@code currentPerSecond} the pace it is sent at now (lower than {@code maxPerSecond} while its receiver's
     * 429s or 503s slow it down; null for no limit), {@code newSecret} only in the response that made the
     * secret.
     */
    record EndpointResponse(
            UUID id,
            String kind,
            String url,
            @Nullable String description,
            @Nullable List<String> eventTypes,
            @Nullable Integer maxPerSecond,

            @Schema(
                    description = "The requests a second it is sent at now: maxPerSecond, or less while its receiver's"
                            + " 429 or 503 answers without Retry-After slow it down; null for no limit")
            @Nullable
            Integer currentPerSecond,

            boolean enabled,
            @Nullable Disabled disabled,
            SecretStatus secret,
            Instant createdAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String newSecret) {

        static EndpointResponse of(EndpointView endpoint, @Nullable Integer currentPerSecond) {
            Instant disabledAt = endpoint.disabledAt();
            return new EndpointResponse(
                    endpoint.id(),
                    endpoint.kind().name().toLowerCase(Locale.ROOT),
                    endpoint.url(),
                    endpoint.description(),
                    endpoint.eventTypes(),
                    endpoint.maxPerSecond(),
                    currentPerSecond,
                    disabledAt == null,
                    disabledAt == null ? null : new Disabled(disabledAt, String.valueOf(endpoint.disabledReason())),
                    new SecretStatus(true, endpoint.secretCreatedAt()),
                    endpoint.createdAt(),
                    endpoint.newSecret());
        }

        @Override
        public String toString() {
            return "EndpointResponse[id=" + id + ", newSecret=" + (newSecret == null ? "none" : "<masked>") + "]";
        }
    }

    record Items(List<EndpointResponse> items) {}

    record EndpointRequest(
            @NotBlank @Size(max = UrlPolicy.MAX_LENGTH) String url,
            @Nullable @Size(max = MAX_DESCRIPTION) String description,

            @Nullable @Size(min = 1, message = EMPTY_EVENT_TYPES)
            List<String> eventTypes,

            @Nullable @Min(1) @Max(1000) Integer maxPerSecond) {}

    /**
     * A PATCH body: the fields it names change, the others stay as they are; a null {@code description},
     * {@code eventTypes} or {@code maxPerSecond} sets none, every event type, no limit. {@code enabled} true
     * enables a disabled endpoint, false disables it.
     */
    static final class EndpointPatch implements EndpointSettings.Change {

        private final Set<String> named = new HashSet<>();

        @Size(min = 1, max = UrlPolicy.MAX_LENGTH)
        private @Nullable String url;

        @Size(max = MAX_DESCRIPTION)
        private @Nullable String description;

        @Size(min = 1, message = EMPTY_EVENT_TYPES)
        private @Nullable List<String> eventTypes;

        @Min(1)
        @Max(1000)
        private @Nullable Integer maxPerSecond;

        private @Nullable Boolean enabled;

        @JsonSetter("url")
        void url(@Nullable String url) {
            if (url == null) {
                throw new IllegalArgumentException("url must not be null");
            }
            this.url = url;
        }

        @JsonSetter("description")
        void description(@Nullable String description) {
            named.add("description");
            this.description = description;
        }

        @JsonSetter("eventTypes")
        void eventTypes(@Nullable List<String> eventTypes) {
            named.add("eventTypes");
            this.eventTypes = eventTypes;
        }

        @JsonSetter("maxPerSecond")
        void maxPerSecond(@Nullable Integer maxPerSecond) {
            named.add("maxPerSecond");
            this.maxPerSecond = maxPerSecond;
        }

        @JsonSetter("enabled")
        void enabled(@Nullable Boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public @Nullable String url() {
            return url;
        }

        @Override
        public Definition applyTo(Definition current) {
            return new Definition(
                    current.url(),
                    named.contains("description") ? description : current.description(),
                    named.contains("eventTypes") ? eventTypes : current.eventTypes(),
                    named.contains("maxPerSecond") ? maxPerSecond : current.maxPerSecond());
        }

        @Override
        public @Nullable Boolean enabled() {
            return enabled;
        }
    }

    record TestEventResponse(String eventId) {}

    private EndpointResponse respond(EndpointView endpoint) {
        return EndpointResponse.of(
                endpoint, endpoints.currentPaces(List.of(endpoint)).get(endpoint.id()));
    }

    @GetMapping
    @Operation(
            summary = "Every endpoint of the organization (never a secret)",
            description = "The webhook first (kind webhook), then the organization's own endpoints (kind endpoint),"
                    + " then its Zapier subscriptions (kind zapier, read-only here)")
    Items list(ApiOrganization organization) {
        List<EndpointView> all = endpoints.all(organization.id());
        Map<UUID, Integer> paces = endpoints.currentPaces(all);
        return new Items(all.stream()
                .map(endpoint -> EndpointResponse.of(endpoint, paces.get(endpoint.id())))
                .toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Register an endpoint beside the webhook; its new signing secret is returned once, as newSecret",
            description = "The URL rules are the webhook's. eventTypes null or absent: every event type; an unknown"
                    + " one or an empty list is a 400. maxPerSecond 1-1000, or null for no limit. 409 beyond"
                    + " hooks.endpoints.max-per-organization endpoints (the webhook not counted).")
    EndpointResponse create(ApiOrganization organization, @Valid @RequestBody EndpointRequest request) {
        return respond(endpoints.create(
                organization.id(),
                new EndpointSettings.NewEndpoint(
                        request.url(), request.description(), request.eventTypes(), request.maxPerSecond())));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One endpoint of the organization, of any kind (never its secret)")
    EndpointResponse get(ApiOrganization organization, @PathVariable UUID id) {
        return respond(endpoints.find(organization.id(), id));
    }

    @PatchMapping("/{id}")
    @Operation(
            summary = "Change an endpoint's url, description, eventTypes or maxPerSecond; enabled true enables a"
                    + " disabled one, false disables it",
            description = "Only the fields named change. The webhook (409) is changed through"
                    + " /api/v1/settings/webhook, a Zapier subscription (409) by Zapier.")
    EndpointResponse change(
            ApiOrganization organization, @PathVariable UUID id, @Valid @RequestBody EndpointPatch patch) {
        return respond(endpoints.change(organization.id(), id, patch));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an endpoint; its pending deliveries are cancelled")
    void remove(ApiOrganization organization, @PathVariable UUID id) {
        endpoints.remove(organization.id(), id);
    }

    @PostMapping("/{id}/secret")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Regenerate an endpoint's signing secret; the old one is invalid at once",
            description = "Returns the endpoint with its new secret, once, as newSecret.")
    EndpointResponse regenerateSecret(ApiOrganization organization, @PathVariable UUID id) {
        return respond(endpoints.regenerateSecret(organization.id(), id));
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Send a signed webhook.test event to this endpoint only (the webhook or one of the"
                    + " organization's own), whatever its event types",
            description = "Counts against the test events and redeliveries of a minute (429 beyond); 409 for a"
                    + " disabled endpoint or a Zapier subscription.")
    TestEventResponse test(ApiOrganization organization, @PathVariable UUID id) {
        return new TestEventResponse(endpoints.sendTestEvent(organization.id(), id));
    }
}
