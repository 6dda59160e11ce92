package com.headshotpro.webhooks.delivery.web;

import com.headshotpro.webhooks.delivery.DeliveryLog;
import com.headshotpro.webhooks.delivery.DeliveryLog.DeliveryWithAttempts;
import com.headshotpro.webhooks.delivery.DeliveryLog.Page;
import com.headshotpro.webhooks.delivery.TestEvents;
import com.headshotpro.webhooks.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final TestEvents testEvents;

    DeliveryLogController(DeliveryLog log, TestEvents testEvents) {
        this.log = log;
        this.testEvents = testEvents;
    }

    record TestEventResponse(String eventId) {}

    @GetMapping("/deliveries")
    @Operation(summary = "Deliveries of the organization, newest first, with cursor paging")
    Page list(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) @Nullable @Pattern(regexp = "pending|succeeded|failed|cancelled")
                    String status,
            @RequestParam(required = false) @Nullable @Pattern(regexp = EVENT_TYPE, message = "is not an event type")
                    String event,
            @RequestParam(defaultValue = "20") @Min(1) @Max(DeliveryLog.MAX_LIMIT) int limit,
            @RequestParam(required = false)
                    @Nullable
                    @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "is not a cursor this API returned")
                    String cursor) {
        return log.list(Caller.organization(jwt), status, event, limit, cursor);
    }

    @GetMapping("/deliveries/{id}")
    @Operation(summary = "One delivery with its attempts")
    DeliveryWithAttempts get(@AuthenticationPrincipal Jwt jwt, @PathVariable long id) {
        return log.get(Caller.organization(jwt), id);
    }

    @PostMapping("/deliveries/{id}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "One new attempt now (at most 60 test events and redeliveries a minute, 429 beyond)")
    void redeliver(@AuthenticationPrincipal Jwt jwt, @PathVariable long id) {
        log.redeliver(Caller.organization(jwt), id);
    }

    @PostMapping("/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a signed webhook.test event to the webhook URL, through the normal dispatcher")
    TestEventResponse test(@AuthenticationPrincipal Jwt jwt) {
        return new TestEventResponse(testEvents.send(Caller.organization(jwt)));
    }
}
