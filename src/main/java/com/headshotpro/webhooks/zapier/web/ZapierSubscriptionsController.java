package com.headshotpro.webhooks.zapier.web;

import com.headshotpro.webhooks.endpoint.EndpointService.SubscriptionView;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.zapier.ZapierService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The organization's Zapier subscriptions as its TeamLead sees them: listed, and removed one by one. */
@RestController
@RequestMapping("/api/v1/zapier/subscriptions")
@Tag(name = "Admin: Zapier subscriptions", description = "TeamLead admins of an organization with the API feature")
@SecurityRequirement(name = "bearer")
class ZapierSubscriptionsController {

    private final ZapierService zapier;

    ZapierSubscriptionsController(ZapierService zapier) {
        this.zapier = zapier;
    }

    record Item(UUID id, String event, String targetUrl, Instant createdAt) {

        static Item of(SubscriptionView subscription) {
            return new Item(
                    subscription.id(), subscription.event(), subscription.targetUrl(), subscription.createdAt());
        }
    }

    record Items(List<Item> items) {}

    @GetMapping
    @Operation(summary = "The organization's live Zapier subscriptions, oldest first (never their secrets)")
    Items list(ApiOrganization organization) {
        return new Items(
                zapier.subscriptions(organization.id()).stream().map(Item::of).toList());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a Zapier subscription; its pending deliveries are cancelled and nothing more is sent")
    void remove(ApiOrganization organization, @PathVariable UUID id) {
        zapier.unsubscribe(organization.id(), id);
    }
}
