package com.headshotpro.webhooks.zapier;

import com.headshotpro.webhooks.endpoint.CheckedUrl;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.model.ModelEventType;
import com.headshotpro.webhooks.outbox.Outbox;
import com.headshotpro.webhooks.web.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Zapier's REST hooks for an organization with the API feature: the connection test, subscriptions
 * (each an endpoint with its own secret, at most {@code hooks.zapier.max-subscriptions}), and sample
 * payloads.
 */
@Service
public class ZapierService {

    private final EndpointService endpoints;
    private final Outbox outbox;
    private final ZapierProperties properties;
    private final Clock clock;

    ZapierService(EndpointService endpoints, Outbox outbox, ZapierProperties properties, Clock clock) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** Not one transaction: the URL check resolves its host name, which must not hold a database connection. */
    public EndpointView subscribe(String organizationId, String targetUrl, String event) {
        requireKnown(event);
        CheckedUrl checked = endpoints.checkUrl("targetUrl", targetUrl);
        return endpoints.subscribe(organizationId, checked, event, properties.maxSubscriptions());
    }

    public void unsubscribe(String organizationId, UUID id) {
        endpoints.unsubscribe(organizationId, id);
    }

    /** The latest payloads of one event type, newest first; a made-up sample when there are none. */
    public List<String> latestPayloads(String organizationId, String event, int limit) {
        ModelEventType type = requireKnown(event);
        List<String> payloads = outbox.latest(organizationId, event, limit);
        return payloads.isEmpty() ? List.of(type.sample(organizationId, clock.instant())) : payloads;
    }

    private static ModelEventType requireKnown(String event) {
        return ModelEventType.of(event)
                .orElseThrow(() -> ApiException.invalidField(
                        "event", "must be one of " + String.join(", ", ModelEventType.wireNames())));
    }
}
