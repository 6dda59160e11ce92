package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.endpoint.Endpoint;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.outbox.Outbox;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signed {@code webhook.test} events to one endpoint (the webhook URL, or an endpoint of the organization's
 * own), through the normal dispatcher, within the manual-send limit.
 */
@Service
public class TestEvents {

    private final EndpointService endpoints;
    private final Outbox outbox;
    private final SendLimits limits;

    TestEvents(EndpointService endpoints, Outbox outbox, SendLimits limits) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.limits = limits;
    }

    /** The {@code object} of a test event. */
    record TestObject(String organization, String url) {}

    /** Sends a test event to the webhook; returns its public id. */
    @Transactional
    public String send(String organizationId) {
        EndpointView webhook = endpoints.webhook(organizationId).orElseThrow(() -> new NotFoundException("Webhook"));
        return sendTo(webhook);
    }

    /**
     * Sends a test event to one endpoint of the organization (the webhook or one of its own; a Zapier
     * subscription takes Zapier's events only), even if its event types leave the test out; returns its
     * public id. A disabled endpoint is refused: nothing would be sent.
     */
    @Transactional
    public String send(String organizationId, UUID endpointId) {
        EndpointView endpoint =
                endpoints.find(organizationId, endpointId).orElseThrow(() -> new NotFoundException("Endpoint"));
        if (endpoint.kind() == Endpoint.Kind.ZAPIER) {
            throw new ConflictException("A Zapier subscription receives only the events it subscribed to");
        }
        if (endpoint.disabledAt() != null) {
            throw new ConflictException("The endpoint is disabled; enable it first");
        }
        return sendTo(endpoint);
    }

    private String sendTo(EndpointView endpoint) {
        limits.takeManualSend(endpoint.organizationId());
        var event = outbox.append(new Outbox.NewEvent(
                endpoint.organizationId(),
                "webhook.test",
                "webhook",
                new TestObject(endpoint.organizationId(), endpoint.url()),
                Map.of(),
                endpoint.id()));
        return EventPayloads.publicId(event.id());
    }
}
