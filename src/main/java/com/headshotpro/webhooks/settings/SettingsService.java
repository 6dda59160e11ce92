package com.headshotpro.webhooks.settings;

import com.headshotpro.webhooks.endpoint.CheckedUrl;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.settings.ApiKeyService.NewApiKey;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The API settings page of one organization: webhook URL, signing secret, API key. */
@Service
public class SettingsService {

    private final EndpointService endpoints;
    private final ApiKeyService apiKeys;

    SettingsService(EndpointService endpoints, ApiKeyService apiKeys) {
        this.endpoints = endpoints;
        this.apiKeys = apiKeys;
    }

    /** What the settings page shows: never a secret's or key's value. */
    public record Settings(Optional<EndpointView> webhook, Optional<Instant> apiKeyCreatedAt) {}

    @Transactional(readOnly = true)
    public Settings settings(String organizationId) {
        return new Settings(endpoints.webhook(organizationId), apiKeys.createdAt(organizationId));
    }

    /** Not one transaction: the URL check resolves its host name, which must not hold a database connection. */
    public EndpointView saveWebhook(String organizationId, String url) {
        CheckedUrl checked = endpoints.checkUrl("url", url);
        return endpoints.saveWebhook(organizationId, checked);
    }

    @Transactional
    public void deleteWebhook(String organizationId) {
        if (!endpoints.deleteWebhook(organizationId)) {
            throw new NotFoundException("Webhook");
        }
    }

    @Transactional
    public EndpointView regenerateSecret(String organizationId) {
        return endpoints.regenerateWebhookSecret(organizationId);
    }

    @Transactional
    public NewApiKey createApiKey(String organizationId) {
        return apiKeys.createOrReplace(organizationId);
    }
}
