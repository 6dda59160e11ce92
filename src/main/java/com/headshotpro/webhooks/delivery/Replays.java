package com.headshotpro.webhooks.delivery;

import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.history.HistoryPartitions;
import com.headshotpro.webhooks.history.RetentionProperties;
import com.headshotpro.webhooks.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replays: what a customer's webhook missed while it was down, absent or disabled, in one call. Each of
 * the organization's events created in [since, until) gets a new delivery to the current webhook (the
 * same event id and body, signed afresh), oldest first, in one statement however long the range; only
 * the events whose delivery to the webhook did not succeed, unless {@code failedOnly} is false. One
 * replay at a time per organization: another is refused while the last one still has deliveries waiting.
 */
@Service
public class Replays {

    private final EndpointService endpoints;
    private final DeliveryStore store;
    private final DeliveryMetrics metrics;
    private final RetentionProperties retention;
    private final HistoryPartitions history;
    private final RetryLadder ladder;
    private final Clock clock;

    Replays(
            EndpointService endpoints,
            DeliveryStore store,
            DeliveryMetrics metrics,
            RetentionProperties retention,
            HistoryPartitions history,
            DeliveryProperties properties,
            Clock clock) {
        this.endpoints = endpoints;
        this.store = store;
        this.metrics = metrics;
        this.retention = retention;
        this.history = history;
        this.ladder = properties.ladder();
        this.clock = clock;
    }

    /** Makes the replay's deliveries; returns how many. */
    @Transactional
    public int replay(String organizationId, Instant since, @Nullable Instant until, boolean failedOnly) {
        Instant now = clock.instant();
        Instant end = until == null || until.isAfter(now) ? now : until;
        if (since.isBefore(now.minus(retention.retention()))) {
            throw ApiException.invalidField(
                    "since", "must be within the retention of " + EndpointHealthJob.words(retention.retention()));
        }
        if (!since.isBefore(end)) {
            throw ApiException.invalidField(
                    until == null ? "since" : "until", "must leave a range: since before until");
        }
        EndpointView webhook = endpoints.webhook(organizationId).orElseThrow(() -> ApiException.notFound("Webhook"));
        if (webhook.disabledAt() != null) {
            throw ApiException.conflict("The webhook is disabled; save its URL to enable it, then replay");
        }
        store.lockReplays(organizationId);
        if (store.replayRunning(organizationId)) {
            throw ApiException.conflict(
                    "A replay of this organization is still being delivered; try again when it has finished");
        }
        int deliveries = store.replay(organizationId, webhook.id(), since, end, failedOnly, ladder.attempts(), now);
        history.analyzeDeliveries(since, end);
        metrics.replayed(deliveries);
        return deliveries;
    }
}
