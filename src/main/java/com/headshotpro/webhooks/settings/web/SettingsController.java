package com.headshotpro.webhooks.settings.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.endpoint.UrlPolicy;
import com.headshotpro.webhooks.organization.ApiOrganization;
import com.headshotpro.webhooks.settings.SettingsService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/settings")
@Tag(name = "Admin: API settings", description = "TeamLead admins of an organization with the API feature")
@SecurityRequirement(name = "bearer")
class SettingsController {

    static final String ZAPIER_CONNECT_URL = "https://zapier.com/apps/headshotpro/integrations";

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    record SettingsResponse(
            String organization, boolean apiEnabled, WebhookResponse webhook, SecretStatus apiKey, Zapier zapier) {}

    record SecretStatus(boolean exists, @Nullable Instant createdAt) {}

    /** Why and since when no deliveries are made to the webhook; saving its URL again enables it. */
    record Disabled(Instant at, String reason) {}

    record WebhookResponse(
            @Nullable String url,
            SecretStatus secret,
            @Nullable Disabled disabled,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String newSecret) {

        static WebhookResponse of(Optional<EndpointView> webhook) {
            return webhook.map(WebhookResponse::of)
                    .orElse(new WebhookResponse(null, new SecretStatus(false, null), null, null));
        }

        static WebhookResponse of(EndpointView webhook) {
            Instant disabledAt = webhook.disabledAt();
            return new WebhookResponse(
                    webhook.url(),
                    new SecretStatus(true, webhook.secretCreatedAt()),
                    disabledAt == null ? null : new Disabled(disabledAt, String.valueOf(webhook.disabledReason())),
                    webhook.newSecret());
        }

        @Override
        public String toString() {
            return "WebhookResponse[url=" + url + ", newSecret=" + (newSecret == null ? "none" : "<masked>") + "]";
        }
    }

    record Zapier(String connectUrl) {}

    record WebhookRequest(
            @NotBlank @Size(max = UrlPolicy.MAX_LENGTH) String url) {}

    record NewSecretResponse(String secret, Instant createdAt) {

        @Override
        public String toString() {
            return "NewSecretResponse[secret=<masked>]";
        }
    }

    record NewApiKeyResponse(String apiKey, Instant createdAt) {

        @Override
        public String toString() {
            return "NewApiKeyResponse[apiKey=<masked>]";
        }
    }

    @GetMapping
    @Operation(summary = "Read the organization's API settings (never shows a secret)")
    SettingsResponse get(ApiOrganization organization) {
        var current = settings.settings(organization.id());
        return new SettingsResponse(
                organization.id(),
                true,
                WebhookResponse.of(current.webhook()),
                new SecretStatus(
                        current.apiKeyCreatedAt().isPresent(),
                        current.apiKeyCreatedAt().orElse(null)),
                new Zapier(ZAPIER_CONNECT_URL));
    }

    @PutMapping("/webhook")
    @Operation(
            summary = "Set the webhook URL; the first save returns the new signing secret once, as newSecret. "
                    + "Saving enables a disabled webhook, even with the same URL")
    WebhookResponse saveWebhook(ApiOrganization organization, @Valid @RequestBody WebhookRequest request) {
        return WebhookResponse.of(settings.saveWebhook(organization.id(), request.url()));
    }

    @DeleteMapping("/webhook")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove the webhook; its pending deliveries are cancelled")
    void deleteWebhook(ApiOrganization organization) {
        settings.deleteWebhook(organization.id());
    }

    @PostMapping("/webhook/secret")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Regenerate the signing secret; the old one is invalid at once")
    NewSecretResponse regenerateSecret(ApiOrganization organization) {
        EndpointView webhook = settings.regenerateSecret(organization.id());
        return new NewSecretResponse(String.valueOf(webhook.newSecret()), webhook.secretCreatedAt());
    }

    @PostMapping("/api-key")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create or replace the organization API key (for Zapier); shown once")
    NewApiKeyResponse createApiKey(ApiOrganization organization) {
        var key = settings.createApiKey(organization.id());
        return new NewApiKeyResponse(key.apiKey(), key.createdAt());
    }
}
