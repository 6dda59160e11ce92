package com.headshotpro.webhooks.zapier.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.security.ApiKeyAuthentication;
import com.headshotpro.webhooks.zapier.ZapierService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Zapier's REST hooks, authenticated with the organization API key. */
@RestController
@RequestMapping("/zapier/v1")
@Tag(name = "Zapier", description = "REST hooks for the Zapier app, with the organization API key in X-API-Key")
@SecurityRequirement(name = "apiKey")
class ZapierController {

    private final ZapierService zapier;

    ZapierController(ZapierService zapier) {
        this.zapier = zapier;
    }

    record Me(String organization, String name) {}

    record SubscribeRequest(
            @NotBlank @Size(max = UrlPolicy.MAX_LENGTH) String targetUrl,
            @NotBlank @Size(max = 64) String event) {}

    record Subscription(
            UUID id,
            String targetUrl,
            String event,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

        @Override
        public String toString() {
            return "Subscription[id=" + id + ", event=" + event + ", secret=<masked>]";
        }
    }

    @GetMapping("/me")
    @Operation(summary = "Zapier's connection test: the organization of the API key")
    Me me(ApiOrganization organization) {
        return new Me(organization.id(), organization.name());
    }

    @PostMapping("/hooks")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Subscribe a Zapier hook to one event type; returns its signing secret once. The target's host "
                    + "must be one of hooks.zapier.target-hosts; the subscription ends when the API key is replaced")
    Subscription subscribe(
            ApiOrganization organization,
            @Parameter(hidden = true) ApiKeyAuthentication key,
            @Valid @RequestBody SubscribeRequest request) {
        EndpointView created = zapier.subscribe(organization.id(), key.keyId(), request.targetUrl(), request.event());
        return new Subscription(created.id(), created.url(), request.event(), created.newSecret());
    }

    @DeleteMapping("/hooks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unsubscribe a Zapier hook; nothing more is sent to it")
    void unsubscribe(ApiOrganization organization, @PathVariable UUID id) {
        zapier.unsubscribe(organization.id(), id);
    }

    @GetMapping(value = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The latest payloads of one event type, newest first; a made-up sample when there are none")
    ResponseEntity<String> events(
            ApiOrganization organization,
            @RequestParam @Size(max = 64) String event,
            @RequestParam(defaultValue = "3") @Min(1) @Max(100) int limit) {
        List<String> payloads = zapier.latestPayloads(organization.id(), event, limit);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("[" + String.join(",", payloads) + "]");
    }
}
