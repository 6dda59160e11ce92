package com.headshotpro.webhooks.zapier;

import com.headshotpro.webhooks.endpoint.CheckedUrl;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.endpoint.EndpointService.SubscriptionView;
import com.headshotpro.webhooks.failure.InvalidCredentialsException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.model.ModelEventType;
import com.headshotpro.webhooks.outbox.Outbox;
import com.headshotpro.webhooks.security.ApiKeys;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Zapier's REST hooks for an organization with the API feature: the connection test, subscriptions
 * (each an endpoint with its own secret, at most {@code hooks.zapier.max-subscriptions}, targets on
 * {@code hooks.zapier.target-hosts} only, ended when the API key that made them is replaced), and sample
 * payloads; and the subscriptions as a TeamLead sees and removes them.
 */
@Service
public class ZapierService {

    private final EndpointService endpoints;
    private final ApiKeys apiKeys;
    private final Outbox outbox;
    private final ZapierProperties properties;
    private final TargetHosts targetHosts;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ZapierService(
            EndpointService endpoints,
            ApiKeys apiKeys,
            Outbox outbox,
            ZapierProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.endpoints = endpoints;
        this.apiKeys = apiKeys;
        this.outbox = outbox;
        this.properties = properties;
        this.targetHosts = new TargetHosts(properties.targetHosts());
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A subscription made with the API key {@code apiKeyId}. The URL checks come first, outside any
     * transaction (resolving a host name must not hold a database connection); then, in one transaction, the
     * key must still be current (a key replaced meanwhile is refused as the filter would refuse it now) and
     * stays so until the subscription is stored, so a replacement cannot miss it.
     */
    public EndpointView subscribe(String organizationId, UUID apiKeyId, String targetUrl, String event) {
        requireKnown(event);
        targetHosts.refusal(targetUrl).ifPresent(reason -> {
            throw new InvalidFieldException("targetUrl", reason);
        });
        CheckedUrl checked = endpoints.checkUrl("targetUrl", targetUrl);
        EndpointView created = transactions.execute(status -> {
            if (!apiKeys.holdIfCurrent(apiKeyId)) {
                throw new InvalidCredentialsException();
            }
            return endpoints.subscribe(organizationId, checked, event, apiKeyId, properties.maxSubscriptions());
        });
        return Objects.requireNonNull(created);
    }

    public void unsubscribe(String organizationId, UUID id) {
        endpoints.unsubscribe(organizationId, id);
    }

    /** The organization's live subscriptions, for its TeamLead. */
    public List<SubscriptionView> subscriptions(String organizationId) {
        return endpoints.subscriptions(organizationId);
    }

    /** The latest payloads of one event type, newest first; a made-up sample when there are none. */
    public List<String> latestPayloads(String organizationId, String event, int limit) {
        ModelEventType type = requireKnown(event);
        List<String> payloads = outbox.latest(organizationId, event, limit);
        return payloads.isEmpty() ? List.of(type.sample(organizationId, clock.instant())) : payloads;
    }

    private static ModelEventType requireKnown(String event) {
        return ModelEventType.of(event)
                .orElseThrow(() -> new InvalidFieldException(
                        "event", "must be one of " + String.join(", ", ModelEventType.wireNames())));
    }
}
