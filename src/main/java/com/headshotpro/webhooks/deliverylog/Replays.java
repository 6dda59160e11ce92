package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.delivery.Deliveries;
import com.headshotpro.webhooks.delivery.DeliveryProperties;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.history.RetentionProperties;
import com.headshotpro.webhooks.web.ApiException;
import com.headshotpro.webhooks.web.Durations;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays: what a customer's webhook missed while it was down, absent or disabled, in one call. Each of
 * the organization's events created in [since, until) gets a new delivery to the current webhook (the
 * same event id and body, signed afresh), oldest first, in one statement however long the range; only
 * the events whose delivery to the webhook did not succeed, unless {@code failedOnly} is false.
 *
 * <p>Limits, so that no organization's replays reach anyone else: one replay at a time per organization
 * (another is refused at once, never kept waiting, while one is being made or still has deliveries
 * waiting), {@code hooks.delivery.replays-per-hour} replays in any hour ({@link SendLimits}; a refused
 * replay does not count), and at most {@code hooks.delivery.replay-max} deliveries per replay (a larger
 * one makes none). A replay being made holds its organization's advisory lock, which another replica's
 * replay tries for and does not wait on; on this replica it is refused before it takes a connection.
 */
@Service
public class Replays {

    private final EndpointService endpoints;
    private final ReplayStore store;
    private final SendLimits limits;
    private final Deliveries engine;
    private final RetentionProperties retention;
    private final int replayMax;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Set<String> beingMade = ConcurrentHashMap.newKeySet();

    Replays(
            EndpointService endpoints,
            ReplayStore store,
            SendLimits limits,
            Deliveries engine,
            RetentionProperties retention,
            DeliveryProperties properties,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.endpoints = endpoints;
        this.store = store;
        this.limits = limits;
        this.engine = engine;
        this.retention = retention;
        this.replayMax = properties.replayMax();
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Makes the replay's deliveries; returns how many. */
    public int replay(String organizationId, Instant since, @Nullable Instant until, boolean failedOnly) {
        Instant now = clock.instant();
        Instant end = until == null || until.isAfter(now) ? now : until;
        if (since.isBefore(now.minus(retention.retention()))) {
            throw ApiException.invalidField(
                    "since", "must be within the retention of " + Durations.words(retention.retention()));
        }
        if (!since.isBefore(end)) {
            throw ApiException.invalidField(
                    until == null ? "since" : "until", "must leave a range: since before until");
        }
        if (!beingMade.add(organizationId)) {
            throw beingMade();
        }
        try {
            Integer deliveries = transactions.execute(status -> make(organizationId, since, end, failedOnly, now));
            return Objects.requireNonNull(deliveries);
        } finally {
            beingMade.remove(organizationId);
        }
    }

    private int make(String organizationId, Instant since, Instant end, boolean failedOnly, Instant now) {
        EndpointView webhook = endpoints.webhook(organizationId).orElseThrow(() -> ApiException.notFound("Webhook"));
        if (webhook.disabledAt() != null) {
            throw ApiException.conflict("The webhook is disabled; save its URL to enable it, then replay");
        }
        if (!store.tryLockReplays(organizationId)) {
            throw beingMade();
        }
        if (store.replayRunning(organizationId)) {
            throw ApiException.conflict(
                    "Replay running",
                    "A replay of this organization is still being delivered; try again when it has finished");
        }
        limits.takeReplay(organizationId); // given back by the rollback if the replay is too large
        OptionalInt deliveries = store.replay(
                organizationId, webhook.id(), since, end, failedOnly, engine.attemptsPerDelivery(), replayMax, now);
        if (deliveries.isEmpty()) {
            throw ApiException.unprocessable(
                    "Replay too large",
                    "This replay would make more than " + replayMax
                            + " deliveries, the most one replay may make; replay a shorter range");
        }
        engine.replayed(deliveries.getAsInt());
        return deliveries.getAsInt();
    }

    private static ApiException beingMade() {
        return ApiException.conflict(
                "Replay running", "Another replay of this organization is being made; try again when it has finished");
    }
}
