package com.headshotpro.webhooks.deliverylog.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.headshotpro.webhooks.deliverylog.DeliveryLog;
import com.headshotpro.webhooks.deliverylog.DeliveryLog.LoggedDelivery;
import com.headshotpro.webhooks.deliverylog.Redeliveries;
import com.headshotpro.webhooks.deliverylog.Replays;
import com.headshotpro.webhooks.deliverylog.TestEvents;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.transport.Attempt;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Admin: delivery log", description = "What was sent where, every attempt, and redelivery")
@SecurityRequirement(name = "bearer")
class DeliveryLogController {

    static final String EVENT_TYPE = "[a-z][a-z0-9_.]{0,63}";

    private final DeliveryLog log;
    private final Redeliveries redeliveries;
    private final TestEvents testEvents;
    private final Replays replays;

    DeliveryLogController(DeliveryLog log, Redeliveries redeliveries, TestEvents testEvents, Replays replays) {
        this.log = log;
        this.redeliveries = redeliveries;
        this.testEvents = testEvents;
        this.replays = replays;
    }

    /** Where a delivery goes; {@code disabledAt} while no deliveries are made to it. */
    record Endpoint(
            UUID id, String kind, String url, @Nullable Instant disabledAt) {}

    /**
     * One delivery. {@code origin} is {@code event} for a delivery made when its event happened (or a
     * test event), {@code replay} for one made by a replay ({@code replayId}). {@code nextAttemptAt} is
     * set while it is pending: the ladder's next rung, or what the receiver asked for in Retry-After.
     * {@code lastError} is why its last attempt failed, or why it was cancelled.
     */
    record Delivery(
            long id,
            String eventId,
            String event,
            Endpoint endpoint,
            String status,
            int attemptCount,
            @Nullable Instant nextAttemptAt,
            Instant createdAt,
            String origin,
            @Nullable Long replayId,
            @Nullable String lastError) {

        static Delivery of(LoggedDelivery d) {
            return new Delivery(
                    d.id(),
                    EventPayloads.publicId(d.eventId()),
                    d.eventType(),
                    new Endpoint(
                            d.endpoint().id(),
                            d.endpoint().kind().toLowerCase(Locale.ROOT),
                            d.endpoint().url(),
                            d.endpoint().disabledAt()),
                    d.status().toLowerCase(Locale.ROOT),
                    d.attemptCount(),
                    d.pending() ? d.nextAttemptAt() : null,
                    d.createdAt(),
                    d.replayId() == null ? "event" : "replay",
                    d.replayId(),
                    d.lastError());
        }
    }

    record Page(List<Delivery> items, @Nullable String nextCursor) {}

    /** One delivery, its fields at the top level as in the list, and its attempts. */
    record DeliveryWithAttempts(@JsonUnwrapped Delivery delivery, List<Attempt> attempts) {}

    record TestEventResponse(String eventId) {}

    /**
     * @param since the first events to replay, created at or after this time (within the retention)
     * @param until the end of the range, exclusive; now when absent
     * @param failedOnly only the events whose delivery to the webhook (or the endpoint) did not succeed (the
     *     default)
     * @param endpoint an endpoint of the organization's own to replay to (an id of {@code GET
     *     /api/v1/endpoints}); the webhook when absent
     */
    record ReplayRequest(
            @NotNull Instant since,
            @Nullable Instant until,
            @Nullable Boolean failedOnly,

            @Schema(
                    description = "An endpoint of the organization's own to replay to, its id in"
                            + " GET /api/v1/endpoints; the webhook when absent")
            @Nullable
            UUID endpoint) {}

    /** How many deliveries the replay made, and the endpoint it replays to when the request named one. */
    record ReplayResponse(
            int deliveries,

            @Schema(description = "The endpoint the replay goes to, when the request named one")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Nullable
            UUID endpoint) {}

    @GetMapping("/deliveries")
    @Operation(
            summary = "Deliveries of the organization, newest first, with cursor paging",
            description = "Filters: status, event (type), origin (event: made when the event happened; replay: made"
                    + " by a replay), endpoint (the id of the webhook, an endpoint or a Zapier subscription)")
    Page list(
            ApiOrganization organization,
            @RequestParam(required = false) @Nullable @Pattern(regexp = "pending|succeeded|failed|cancelled")
                    String status,
            @RequestParam(required = false) @Nullable @Pattern(regexp = EVENT_TYPE, message = "is not an event type")
                    String event,
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "event|replay", message = "must be event or replay")
                    String origin,
            @RequestParam(required = false) @Nullable UUID endpoint,
            @RequestParam(defaultValue = "20") @Min(1) @Max(DeliveryLog.MAX_LIMIT) int limit,
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "is not a cursor this API returned")
                    String cursor) {
        long before = cursor == null ? Long.MAX_VALUE : DeliveryCursor.decode(cursor);
        List<LoggedDelivery> rows =
                log.list(organization.id(), new DeliveryLog.Filter(status, event, origin, endpoint), before, limit + 1);
        List<Delivery> items = rows.stream().limit(limit).map(Delivery::of).toList();
        return new Page(
                items,
                rows.size() > limit ? DeliveryCursor.encode(items.getLast().id()) : null);
    }

    @GetMapping("/deliveries/{id}")
    @Operation(summary = "One delivery with its attempts")
    DeliveryWithAttempts get(ApiOrganization organization, @PathVariable long id) {
        LoggedDelivery delivery = log.find(organization.id(), id).orElseThrow(() -> new NotFoundException("Delivery"));
        return new DeliveryWithAttempts(Delivery.of(delivery), log.attempts(delivery));
    }

    @PostMapping("/deliveries/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "One new attempt now (at most 60 test events and redeliveries a minute, 429 beyond)")
    void redeliver(ApiOrganization organization, @PathVariable long id) {
        redeliveries.redeliver(organization.id(), id);
    }

    @PostMapping("/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Replay the organization's events of a time range to the current webhook, or to one endpoint",
            description = "Each event created in [since, until) whose delivery to the webhook did not succeed (or "
                    + "every one, with failedOnly false) gets a new delivery: the same event id and body, signed "
                    + "afresh, oldest first. With endpoint (the id of one of the organization's own endpoints), the "
                    + "replay goes to that endpoint at its current URL with its current secret instead: the events "
                    + "created since it was registered, of a type it takes, whose delivery to it did not succeed (or "
                    + "every one, with failedOnly false); the response then names the endpoint. 409 at once while "
                    + "another replay of the organization (to any endpoint) is being made or still has deliveries "
                    + "waiting, or when the webhook or endpoint is disabled; 422 when it would make more than "
                    + "hooks.delivery.replay-max deliveries (it then makes none); 429 with Retry-After beyond "
                    + "hooks.delivery.replays-per-hour replays of the organization in an hour, whichever endpoints "
                    + "they named; 404 without a webhook, or for an endpoint that is unknown, another "
                    + "organization's, removed or a Zapier subscription; 400 for an endpoint that is not an id.")
    ReplayResponse replay(ApiOrganization organization, @Valid @RequestBody ReplayRequest request) {
        boolean failedOnly = request.failedOnly() == null || request.failedOnly();
        int deliveries =
                replays.replay(organization.id(), request.endpoint(), request.since(), request.until(), failedOnly);
        return new ReplayResponse(deliveries, request.endpoint());
    }

    @PostMapping("/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a signed webhook.test event to the webhook URL, through the normal dispatcher")
    TestEventResponse test(ApiOrganization organization) {
        return new TestEventResponse(testEvents.send(organization.id()));
    }
}
