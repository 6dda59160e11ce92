package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.outbox.EventPayloads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Disables endpoints that are dead: at least one delivery failed for good, and no attempt succeeded for
 * {@code hooks.delivery.disable-after} (5 days). Their pending deliveries are cancelled and no new ones
 * are made until the URL is saved again; each is named in a WARN and counted. Every replica may run
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
            String reason = "No delivery succeeded for " + words(disableAfter) + ", since "
                    + EventPayloads.time(failing.failingSince()) + ".";
            var endpoint = endpoints.disable(failing.id(), reason);
            if (endpoint.isPresent()) {
                disabled++;
                metrics.endpointDisabled();
                log.warn(
                        "Endpoint disabled: organization={} kind={} host={} failingSince={}; it is enabled again when"
                                + " its URL is saved",
                        endpoint.get().organizationId(),
                        endpoint.get().eventType() == null ? "webhook" : "zapier",
                        host(endpoint.get().url()),
                        failing.failingSince());
            }
        }
        return disabled;
    }

    /** "5 days", "3 hours", "90 seconds": the largest whole unit. */
    static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0 && seconds >= 86_400) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0 && seconds >= 3600) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0 && seconds >= 60) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
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
