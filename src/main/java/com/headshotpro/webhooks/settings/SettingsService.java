package com.headshotpro.webhooks.settings;

import com.headshotpro.webhooks.endpoint.CheckedUrl;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.organization.OrganizationService;
import com.headshotpro.webhooks.organization.OrganizationService.OrganizationView;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.outbox.Outbox;
import com.headshotpro.webhooks.settings.ApiKeyService.NewApiKey;
import com.headshotpro.webhooks.web.ApiException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The API settings page of one organization: webhook URL, signing secret, API key. */
@Service
public class SettingsService {

    private final OrganizationService organizations;
    private final EndpointService endpoints;
    private final ApiKeyService apiKeys;
    private final Outbox outbox;

    SettingsService(
            OrganizationService organizations, EndpointService endpoints, ApiKeyService apiKeys, Outbox outbox) {
        this.organizations = organizations;
        this.endpoints = endpoints;
        this.apiKeys = apiKeys;
        this.outbox = outbox;
    }

    /** What the settings page shows: never a secret's or key's value. */
    public record Settings(
            OrganizationView organization, Optional<EndpointView> webhook, Optional<Instant> apiKeyCreatedAt) {}

    @Transactional(readOnly = true)
    public Settings settings(String organizationId) {
        OrganizationView organization = organizations.requireApiEnabled(organizationId);
        return new Settings(organization, endpoints.webhook(organizationId), apiKeys.createdAt(organizationId));
    }

    /** Not one transaction: the URL check resolves its host name, which must not hold a database connection. */
    public EndpointView saveWebhook(String organizationId, String url) {
        organizations.requireApiEnabled(organizationId);
        CheckedUrl checked = endpoints.checkUrl("url", url);
        return endpoints.saveWebhook(organizationId, checked);
    }

    @Transactional
    public void deleteWebhook(String organizationId) {
        organizations.requireApiEnabled(organizationId);
        if (!endpoints.deleteWebhook(organizationId)) {
            throw ApiException.notFound("Webhook");
        }
    }

    @Transactional
    public EndpointView regenerateSecret(String organizationId) {
        organizations.requireApiEnabled(organizationId);
        return endpoints.regenerateWebhookSecret(organizationId);
    }

    /** Sends a signed {@code webhook.test} event to the webhook URL, through the normal dispatcher. */
    @Transactional
    public String sendTestEvent(String organizationId) {
        organizations.requireApiEnabled(organizationId);
        EndpointView webhook = endpoints.webhook(organizationId).orElseThrow(() -> ApiException.notFound("Webhook"));
        var event = outbox.append(
                organizationId,
                "webhook.test",
                "webhook",
                new TestObject(organizationId, webhook.url()),
                Map.of(),
                true);
        return EventPayloads.publicId(event.id());
    }

    /** The {@code object} of a test event. */
    record TestObject(String organization, String url) {}

    @Transactional
    public NewApiKey createApiKey(String organizationId) {
        organizations.requireApiEnabled(organizationId);
        return apiKeys.createOrReplace(organizationId);
    }
}
