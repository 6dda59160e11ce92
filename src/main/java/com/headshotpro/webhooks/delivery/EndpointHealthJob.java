package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.outbox.EventPayloads;
import com.headshotpro.webhooks.web.Durations;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Disables endpoints that are dead: at least one delivery failed for good, and no attempt succeeded for
 * {@code hooks.delivery.disable-after} (5 days). Their pending deliveries are cancelled and no new ones
 * are made until it is enabled again (the webhook by saving its URL); each is named in a WARN and counted. Every replica may run
 * this: an endpoint is disabled once.
 */
@Component
class EndpointHealthJob {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealthJob.class);

    private final DeliveryStore store;
    private final EndpointService endpoints;
    private final DeliveryMetrics metrics;
    private final Duration disableAfter;
    private final Clock clock;

    EndpointHealthJob(
            DeliveryStore store,
            EndpointService endpoints,
            DeliveryMetrics metrics,
            DeliveryProperties properties,
            Clock clock) {
        this.store = store;
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.disableAfter = properties.disableAfter();
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${hooks.delivery.disable-check-interval:1m}",
            initialDelayString = "${hooks.delivery.disable-check-interval:1m}")
    void scheduled() {
        disableDeadEndpoints();
    }

    /** Returns how many endpoints it disabled. */
    int disableDeadEndpoints() {
        int disabled = 0;
        for (DeliveryStore.FailingEndpoint failing :
                store.failingSince(clock.instant().minus(disableAfter))) {
            String reason = "No delivery succeeded for " + Durations.words(disableAfter) + ", since "
                    + EventPayloads.time(failing.failingSince()) + ".";
            var endpoint = endpoints.disable(failing.id(), reason);
            if (endpoint.isPresent()) {
                disabled++;
                metrics.endpointDisabled();
                log.warn(
                        "Endpoint disabled: organization={} kind={} host={} failingSince={}; it is enabled again when"
                                + " its URL is saved (the webhook) or it is enabled (an endpoint)",
                        endpoint.get().organizationId(),
                        endpoint.get().kind().name().toLowerCase(Locale.ROOT),
                        host(endpoint.get().url()),
                        failing.failingSince());
            }
        }
        return disabled;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "?" : host;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
