package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.outbox.Outbox;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signed {@code webhook.test} events to the webhook URL, through the normal dispatcher, within the manual-send limit. */
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

    /** Sends a test event; returns its public id. */
    @Transactional
    public String send(String organizationId) {
        EndpointView webhook = endpoints.webhook(organizationId).orElseThrow(() -> new NotFoundException("Webhook"));
        limits.takeManualSend(organizationId);
        var event = outbox.append(new Outbox.NewEvent(
                organizationId,
                "webhook.test",
                "webhook",
                new TestObject(organizationId, webhook.url()),
                Map.of(),
                true));
        return EventPayloads.publicId(event.id());
    }
}
