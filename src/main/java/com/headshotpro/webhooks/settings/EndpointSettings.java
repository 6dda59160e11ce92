package com.headshotpro.webhooks.settings;

import com.headshotpro.webhooks.delivery.Deliveries;
import com.headshotpro.webhooks.deliverylog.TestEvents;
import com.headshotpro.webhooks.endpoint.CheckedUrl;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.Definition;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.model.ModelEventType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The organization's endpoints as its TeamLead manages them: all of them listed (the webhook, its own
 * endpoints, its Zapier subscriptions), and its own endpoints made, changed, removed, given a new secret and
 * sent a test event. URLs pass the webhook's URL policy, checked before any transaction opens (resolving a
 * host name must not hold a database connection); event types must be the models' ones.
 */
@Service
public class EndpointSettings {

    private final EndpointService endpoints;
    private final TestEvents testEvents;
    private final EndpointsProperties properties;
    private final Deliveries deliveries;

    EndpointSettings(
            EndpointService endpoints, TestEvents testEvents, EndpointsProperties properties, Deliveries deliveries) {
        this.endpoints = endpoints;
        this.testEvents = testEvents;
        this.properties = properties;
        this.deliveries = deliveries;
    }

    /**
     * What a TeamLead asks of a new endpoint, or of a change: the URL unchecked, the event types as named on
     * the wire.
     */
    public record NewEndpoint(
            String url,
            @Nullable String description,
            @Nullable List<String> eventTypes,
            @Nullable Integer maxPerSecond) {}

    /** A change of the fields of an endpoint that a request names, the others left as they are. */
    public interface Change {

        /** The new URL, unchecked; null when the change leaves the URL as it is. */
        @Nullable
        String url();

        /** The current definition with the fields the change names, but the URL (checked apart), changed. */
        Definition applyTo(Definition current);

        /** True enables the endpoint, false disables it, null leaves it as it is. */
        @Nullable
        Boolean enabled();
    }

    public List<EndpointView> all(String organizationId) {
        return endpoints.all(organizationId);
    }

    public EndpointView find(String organizationId, UUID id) {
        return endpoints.find(organizationId, id).orElseThrow(() -> new NotFoundException("Endpoint"));
    }

    /** Not one transaction: the URL check resolves its host name, which must not hold a database connection. */
    public EndpointView create(String organizationId, NewEndpoint wanted) {
        List<String> eventTypes = knownEventTypes(wanted.eventTypes());
        CheckedUrl url = endpoints.checkUrl("url", wanted.url());
        return endpoints.create(
                organizationId,
                new Definition(url, wanted.description(), eventTypes, wanted.maxPerSecond()),
                properties.maxPerOrganization());
    }

    /** Not one transaction, as {@link #create}; the change itself is applied under the endpoint's lock. */
    public EndpointView change(String organizationId, UUID id, Change change) {
        String url = change.url();
        CheckedUrl checked = url == null ? null : endpoints.checkUrl("url", url);
        UnaryOperator<Definition> apply = current -> {
            Definition changed = change.applyTo(current);
            knownEventTypes(changed.eventTypes());
            return checked == null ? changed : changed.withUrl(checked);
        };
        return endpoints.change(organizationId, id, apply, change.enabled());
    }

    public void remove(String organizationId, UUID id) {
        endpoints.remove(organizationId, id);
    }

    public EndpointView regenerateSecret(String organizationId, UUID id) {
        return endpoints.regenerateSecret(organizationId, id);
    }

    /**
     * The pace each endpoint is sent at now, by id: the one its receiver slowed it to, else its
     * {@code maxPerSecond}; none for an endpoint sent to without a limit.
     */
    public Map<UUID, Integer> currentPaces(List<EndpointView> views) {
        Map<UUID, Integer> slowed =
                deliveries.slowedPaces(views.stream().map(EndpointView::id).toList());
        Map<UUID, Integer> paces = new HashMap<>(slowed);
        for (EndpointView view : views) {
            if (view.maxPerSecond() != null) {
                paces.putIfAbsent(view.id(), view.maxPerSecond());
            }
        }
        return paces;
    }

    /** Sends a test event to one endpoint; returns its public id. */
    public String sendTestEvent(String organizationId, UUID id) {
        return testEvents.send(organizationId, id);
    }

    /** The event types, each a model event type (named in the refusal when it is not), duplicates dropped. */
    private static @Nullable List<String> knownEventTypes(@Nullable List<String> eventTypes) {
        if (eventTypes == null) {
            return null;
        }
        if (eventTypes.isEmpty()) {
            throw new InvalidFieldException(
                    "eventTypes", "must name at least one event type, or be null for every event type");
        }
        for (String type : eventTypes) {
            if (ModelEventType.of(type).isEmpty()) {
                throw new InvalidFieldException(
                        "eventTypes",
                        "names an unknown event type, " + type + "; known are "
                                + String.join(", ", ModelEventType.wireNames()));
            }
        }
        return eventTypes.stream().distinct().toList();
    }
}
