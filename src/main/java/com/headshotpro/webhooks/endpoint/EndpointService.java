package com.headshotpro.webhooks.endpoint;

import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The organization's endpoints: its webhook URL and its Zapier subscriptions, each with its own signing
 * secret. Secrets leave this service in plain text exactly once, when they are made.
 */
@Service
public class EndpointService {

    private final EndpointRepository endpoints;
    private final UrlPolicy urlPolicy;
    private final SecretCipher cipher;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EndpointService(
            EndpointRepository endpoints,
            UrlPolicy urlPolicy,
            SecretCipher cipher,
            ApplicationEventPublisher events,
            Clock clock) {
        this.endpoints = endpoints;
        this.urlPolicy = urlPolicy;
        this.cipher = cipher;
        this.events = events;
        this.clock = clock;
    }

    /**
     * An endpoint as the API shows it; {@code newSecret} is set only in the response that made it, and
     * {@code disabledAt} while deliveries to it are stopped (see {@link #disable}).
     */
    public record EndpointView(
            UUID id,
            String organizationId,
            String url,
            @Nullable String eventType,
            Instant secretCreatedAt,
            @Nullable String newSecret,
            @Nullable Instant disabledAt,
            @Nullable String disabledReason) {

        static EndpointView of(Endpoint endpoint, @Nullable String newSecret) {
            return new EndpointView(
                    endpoint.id(),
                    endpoint.organizationId(),
                    endpoint.url(),
                    endpoint.eventType(),
                    endpoint.secretCreatedAt(),
                    newSecret,
                    endpoint.disabledAt(),
                    endpoint.disabledReason());
        }

        @Override
        public String toString() {
            return "EndpointView[id=" + id + ", newSecret=" + (newSecret == null ? "none" : "<masked>") + "]";
        }
    }

    /** A live Zapier subscription as a TeamLead sees it: never its secret. */
    public record SubscriptionView(UUID id, String event, String targetUrl, Instant createdAt) {

        static SubscriptionView of(Endpoint endpoint) {
            return new SubscriptionView(
                    endpoint.id(), String.valueOf(endpoint.eventType()), endpoint.url(), endpoint.createdAt());
        }
    }

    @Transactional(readOnly = true)
    public Optional<EndpointView> webhook(String organizationId) {
        return endpoints.findActiveWebhook(organizationId).map(e -> EndpointView.of(e, null));
    }

    /**
     * Checks a target URL against the URL policy, resolving its host name, for the request field
     * {@code field}. Resolving may be slow, so this must run before any transaction opens.
     */
    public CheckedUrl checkUrl(String field, String url) {
        Assert.state(
                !TransactionSynchronizationManager.isActualTransactionActive(),
                "URL checks resolve host names: call them before a transaction opens");
        try {
            return new CheckedUrl(urlPolicy.check(url));
        } catch (UrlPolicy.RejectedUrlException e) {
            throw new InvalidFieldException(field, e.getMessage());
        }
    }

    /** Sets the webhook URL; the first save makes the signing secret and returns it, once. */
    @Transactional
    public EndpointView saveWebhook(String organizationId, CheckedUrl url) {
        Optional<Endpoint> existing = endpoints.findActiveWebhookForUpdate(organizationId);
        if (existing.isPresent()) {
            existing.get().changeUrl(url.value());
            return EndpointView.of(existing.get(), null);
        }
        String secret = SecretGenerator.signingSecret();
        Endpoint created = new Endpoint(
                organizationId, Endpoint.Kind.WEBHOOK, url.value(), null, null, cipher.encrypt(secret), now());
        try {
            endpoints.saveAndFlush(created);
        } catch (DataIntegrityViolationException e) {
            throw new ConflictException("The webhook was saved concurrently; retry");
        }
        return EndpointView.of(created, secret);
    }

    /** Removes the webhook and cancels what was still to be sent to it. */
    @Transactional
    public boolean deleteWebhook(String organizationId) {
        Optional<Endpoint> webhook = endpoints.findActiveWebhookForUpdate(organizationId);
        webhook.ifPresent(this::remove);
        return webhook.isPresent();
    }

    /** A new secret for the webhook: the old one stops signing at once, for retries too. */
    @Transactional
    public EndpointView regenerateWebhookSecret(String organizationId) {
        Endpoint webhook = endpoints
                .findActiveWebhookForUpdate(organizationId)
                .orElseThrow(() -> new NotFoundException("Webhook"));
        String secret = SecretGenerator.signingSecret();
        webhook.replaceSecret(cipher.encrypt(secret), now());
        return EndpointView.of(webhook, secret);
    }

    /**
     * A Zapier REST-hook subscription: an endpoint of its own for one event type, belonging to the API key
     * {@code apiKeyId} that made it. An organization has at most {@code maxSubscriptions}; concurrent
     * subscriptions of one organization take turns, so the limit holds under races too.
     */
    @Transactional
    public EndpointView subscribe(
            String organizationId, CheckedUrl targetUrl, String eventType, UUID apiKeyId, int maxSubscriptions) {
        endpoints.lockSubscriptionsOf(organizationId);
        if (endpoints.countActiveSubscriptions(organizationId) >= maxSubscriptions) {
            throw new ConflictException("The organization has " + maxSubscriptions
                    + " Zapier subscriptions, the most it may have; remove one first");
        }
        String secret = SecretGenerator.signingSecret();
        Endpoint created = endpoints.save(new Endpoint(
                organizationId,
                Endpoint.Kind.ZAPIER,
                targetUrl.value(),
                eventType,
                apiKeyId,
                cipher.encrypt(secret),
                now()));
        return EndpointView.of(created, secret);
    }

    /**
     * Stops deliveries to an endpoint that has not taken one for too long: its pending deliveries are
     * cancelled ({@link EndpointDisabled}) and no new ones are made until its URL is saved again.
     *
     * @return the endpoint, if this call disabled it (not when it was already disabled or removed)
     */
    @Transactional
    public Optional<EndpointView> disable(UUID id, String reason) {
        Optional<Endpoint> endpoint = endpoints.findActive(id).filter(e -> e.disabledAt() == null);
        endpoint.ifPresent(e -> {
            e.disable(reason, now());
            events.publishEvent(new EndpointDisabled(e.id()));
        });
        return endpoint.map(e -> EndpointView.of(e, null));
    }

    /**
     * A Zapier subscription whose target answered 410 Gone: removed, as Zapier's REST hooks ask, with
     * what was still to be sent to it.
     */
    @Transactional
    public void removeGoneSubscription(UUID id) {
        endpoints.findActive(id).filter(e -> e.kind() == Endpoint.Kind.ZAPIER).ifPresent(this::remove);
    }

    /** Ends a subscription of this organization; another organization's is as unknown as a missing one. */
    @Transactional
    public void unsubscribe(String organizationId, UUID id) {
        remove(endpoints
                .findActiveSubscription(id, organizationId)
                .orElseThrow(() -> new NotFoundException("Subscription")));
    }

    /** The organization's live Zapier subscriptions, oldest first. */
    @Transactional(readOnly = true)
    public List<SubscriptionView> subscriptions(String organizationId) {
        return endpoints.findActiveSubscriptions(organizationId).stream()
                .map(SubscriptionView::of)
                .toList();
    }

    /**
     * Ends every live Zapier subscription of the organization that the API key {@code apiKeyId} did not
     * make, as an unsubscribe does: for the key's replacement, inside its transaction.
     *
     * @return how many were ended
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int endSubscriptionsNotMadeWith(String organizationId, UUID apiKeyId) {
        List<Endpoint> ended = endpoints.findActiveSubscriptionsNotMadeWithForUpdate(organizationId, apiKeyId);
        ended.forEach(this::remove);
        return ended.size();
    }

    private void remove(Endpoint endpoint) {
        endpoint.delete(now());
        events.publishEvent(new EndpointRemoved(endpoint.id()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
