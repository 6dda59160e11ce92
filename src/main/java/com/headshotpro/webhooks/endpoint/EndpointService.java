package com.headshotpro.webhooks.endpoint;

import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The organization's endpoints: its webhook URL, the endpoints it registers beside it and its Zapier
 * subscriptions, each with its own signing secret. Secrets leave this service in plain text exactly once, when they are made.
 */
@Service
public class EndpointService {

    private static final List<Endpoint.Kind> LISTED_ORDER =
            List.of(Endpoint.Kind.WEBHOOK, Endpoint.Kind.ENDPOINT, Endpoint.Kind.ZAPIER);

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
     * {@code disabledAt} while deliveries to it are stopped (see {@link #disable}). {@code eventType} is a
     * Zapier subscription's one type; {@code eventTypes} what the endpoint receives (null: every type).
     */
    public record EndpointView(
            UUID id,
            String organizationId,
            Endpoint.Kind kind,
            String url,
            @Nullable String description,
            @Nullable String eventType,
            @Nullable List<String> eventTypes,
            @Nullable Integer maxPerSecond,
            Instant createdAt,
            Instant secretCreatedAt,
            @Nullable String newSecret,
            @Nullable Instant disabledAt,
            @Nullable String disabledReason) {

        static EndpointView of(Endpoint endpoint, @Nullable String newSecret) {
            return new EndpointView(
                    endpoint.id(),
                    endpoint.organizationId(),
                    endpoint.kind(),
                    endpoint.url(),
                    endpoint.description(),
                    endpoint.eventType(),
                    endpoint.eventTypes(),
                    endpoint.maxPerSecond(),
                    endpoint.createdAt(),
                    endpoint.secretCreatedAt(),
                    newSecret,
                    endpoint.disabledAt(),
                    endpoint.disabledReason());
        }

        @Override
        public String toString() {
            return "EndpointView[id=" + id + ", kind=" + kind + ", newSecret="
                    + (newSecret == null ? "none" : "<masked>") + "]";
        }
    }

    /**
     * What an organization chooses for an endpoint of its own: where it goes, what it is for, the event
     * types it receives (null: every type; never empty) and the most requests a second it takes (null: no
     * limit). The caller checks the event types; the database holds the rest to its rules.
     */
    public record Definition(
            CheckedUrl url,
            @Nullable String description,
            @Nullable List<String> eventTypes,
            @Nullable Integer maxPerSecond) {

        public Definition {
            Assert.isTrue(eventTypes == null || !eventTypes.isEmpty(), "an empty filter would receive nothing");
            eventTypes = eventTypes == null ? null : List.copyOf(eventTypes);
        }

        public Definition withUrl(CheckedUrl url) {
            return new Definition(url, description, eventTypes, maxPerSecond);
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
            endpoints.update(existing.get());
            return EndpointView.of(existing.get(), null);
        }
        String secret = SecretGenerator.signingSecret();
        Endpoint created = new Endpoint(
                organizationId, Endpoint.Kind.WEBHOOK, url.value(), null, null, cipher.encrypt(secret), now());
        try {
            endpoints.insert(created);
        } catch (DuplicateKeyException e) {
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
        endpoints.update(webhook);
        return EndpointView.of(webhook, secret);
    }

    /** Every endpoint of the organization: the webhook first, then its own endpoints, then its Zapier subscriptions. */
    @Transactional(readOnly = true)
    public List<EndpointView> all(String organizationId) {
        return endpoints.findActiveOf(organizationId).stream()
                .sorted(Comparator.comparing((Endpoint e) -> LISTED_ORDER.indexOf(e.kind()))
                        .thenComparing(Endpoint::createdAt)
                        .thenComparing(Endpoint::id))
                .map(e -> EndpointView.of(e, null))
                .toList();
    }

    /** One endpoint of the organization, of any kind; another organization's is as unknown as a missing one. */
    @Transactional(readOnly = true)
    public Optional<EndpointView> find(String organizationId, UUID id) {
        return endpoints.findActive(id, organizationId).map(e -> EndpointView.of(e, null));
    }

    /**
     * An endpoint of the organization's own, with a new signing secret, returned once. An organization has
     * at most {@code maxEndpoints} besides its webhook; concurrent creations of one organization take turns,
     * so the limit holds under races too.
     */
    @Transactional
    public EndpointView create(String organizationId, Definition definition, int maxEndpoints) {
        endpoints.lockEndpointsOf(organizationId);
        if (endpoints.countActive(organizationId, Endpoint.Kind.ENDPOINT) >= maxEndpoints) {
            throw new ConflictException("The organization has " + maxEndpoints
                    + " endpoints besides its webhook, the most it may have; remove one first");
        }
        String secret = SecretGenerator.signingSecret();
        Endpoint created = new Endpoint(organizationId, definition, cipher.encrypt(secret), now());
        endpoints.insert(created);
        return EndpointView.of(created, secret);
    }

    /**
     * Changes an endpoint of the organization's own: {@code change} makes its new definition from the
     * current one, read under the endpoint's lock so that concurrent changes of other fields are kept;
     * {@code enabled} true enables a disabled endpoint, false disables it as {@link #disable} does, null
     * leaves it as it is.
     */
    @Transactional
    public EndpointView change(
            String organizationId, UUID id, UnaryOperator<Definition> change, @Nullable Boolean enabled) {
        Endpoint endpoint = ownEndpointForUpdate(organizationId, id);
        endpoint.define(change.apply(endpoint.definition()));
        if (Boolean.TRUE.equals(enabled)) {
            endpoint.enable();
        }
        if (Boolean.FALSE.equals(enabled) && endpoint.disabledAt() == null) {
            disable(endpoint, "Disabled by the organization."); // writes the new definition too
        } else {
            endpoints.update(endpoint);
        }
        return EndpointView.of(endpoint, null);
    }

    /** Removes an endpoint of the organization's own and cancels what was still to be sent to it. */
    @Transactional
    public void remove(String organizationId, UUID id) {
        remove(ownEndpointForUpdate(organizationId, id));
    }

    /** A new secret for an endpoint of the organization's own: the old one stops signing at once, for retries too. */
    @Transactional
    public EndpointView regenerateSecret(String organizationId, UUID id) {
        Endpoint endpoint = ownEndpointForUpdate(organizationId, id);
        String secret = SecretGenerator.signingSecret();
        endpoint.replaceSecret(cipher.encrypt(secret), now());
        endpoints.update(endpoint);
        return EndpointView.of(endpoint, secret);
    }

    /**
     * An endpoint of kind ENDPOINT of the organization, locked; the webhook and Zapier subscriptions have
     * APIs of their own, which this one leaves them to.
     */
    private Endpoint ownEndpointForUpdate(String organizationId, UUID id) {
        Endpoint endpoint =
                endpoints.findActiveForUpdate(id, organizationId).orElseThrow(() -> new NotFoundException("Endpoint"));
        switch (endpoint.kind()) {
            case WEBHOOK ->
                throw new ConflictException("This is the webhook: change it through /api/v1/settings/webhook");
            case ZAPIER ->
                throw new ConflictException(
                        "This is a Zapier subscription: Zapier changes it; remove it through /api/v1/zapier/subscriptions");
            case ENDPOINT -> {
                return endpoint;
            }
        }
        throw new IllegalStateException("unknown kind " + endpoint.kind());
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
        if (endpoints.countActive(organizationId, Endpoint.Kind.ZAPIER) >= maxSubscriptions) {
            throw new ConflictException("The organization has " + maxSubscriptions
                    + " Zapier subscriptions, the most it may have; remove one first");
        }
        String secret = SecretGenerator.signingSecret();
        Endpoint created = new Endpoint(
                organizationId,
                Endpoint.Kind.ZAPIER,
                targetUrl.value(),
                eventType,
                apiKeyId,
                cipher.encrypt(secret),
                now());
        endpoints.insert(created);
        return EndpointView.of(created, secret);
    }

    /**
     * Stops deliveries to an endpoint, for {@code reason} (it has not taken one for too long, or it answered
     * 410 Gone): its pending deliveries are cancelled ({@link EndpointDisabled}) and no new ones are made
     * until it is enabled again (the webhook by saving its URL, an endpoint of the organization's own by
     * {@link #change}).
     *
     * @return the endpoint, if this call disabled it (not when it was already disabled or removed)
     */
    @Transactional
    public Optional<EndpointView> disable(UUID id, String reason) {
        Optional<Endpoint> endpoint = endpoints.findActiveForUpdate(id).filter(e -> e.disabledAt() == null);
        endpoint.ifPresent(e -> disable(e, reason));
        return endpoint.map(e -> EndpointView.of(e, null));
    }

    private void disable(Endpoint endpoint, String reason) {
        endpoint.disable(reason, now());
        endpoints.update(endpoint);
        events.publishEvent(new EndpointDisabled(endpoint.id()));
    }

    /**
     * A Zapier subscription whose target answered 410 Gone: removed, as Zapier's REST hooks ask, with
     * what was still to be sent to it.
     */
    @Transactional
    public void removeGoneSubscription(UUID id) {
        endpoints
                .findActiveForUpdate(id)
                .filter(e -> e.kind() == Endpoint.Kind.ZAPIER)
                .ifPresent(this::remove);
    }

    /** Ends a subscription of this organization; another organization's is as unknown as a missing one. */
    @Transactional
    public void unsubscribe(String organizationId, UUID id) {
        remove(endpoints
                .findActiveSubscriptionForUpdate(id, organizationId)
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
        endpoints.update(endpoint);
        events.publishEvent(new EndpointRemoved(endpoint.id()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
