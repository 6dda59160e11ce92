package com.headshotpro.webhooks.deliverylog;

import com.headshotpro.webhooks.database.RetentionProperties;
import com.headshotpro.webhooks.delivery.Deliveries;
import com.headshotpro.webhooks.delivery.DeliveryProperties;
import com.headshotpro.webhooks.endpoint.Endpoint;
import com.headshotpro.webhooks.endpoint.EndpointService;
import com.headshotpro.webhooks.endpoint.EndpointService.EndpointView;
import com.headshotpro.webhooks.failure.ConflictException;
import com.headshotpro.webhooks.failure.InvalidFieldException;
import com.headshotpro.webhooks.failure.NotFoundException;
import com.headshotpro.webhooks.failure.TooLargeException;
import com.headshotpro.webhooks.web.Durations;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
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
 * <p>A replay may name one endpoint of the organization's own instead: then only the events it was there
 * for (created since it was registered, of a type it takes now) are replayed to it, at its current URL
 * with its current secret, and only those whose delivery to it did not succeed unless {@code failedOnly} is
 * false; the webhook's and other endpoints' deliveries are not looked at. Naming the webhook's id is a
 * replay of the webhook. A Zapier subscription is not an endpoint one replays to: it is as unknown as a
 * missing id.
 *
 * <p>Limits, so that no organization's replays reach anyone else: one replay at a time per organization
 * (another is refused at once, never kept waiting, while one is being made or still has deliveries
 * waiting), {@code hooks.delivery.replays-per-hour} replays in any hour ({@link SendLimits}; a replay refused
 * before it reads the history does not count), and at most {@code hooks.delivery.replay-max} deliveries
 * per replay (a larger one makes none, and counts: it read as much as one). A replay being made holds its organization's advisory lock, which another replica's
 * replay tries for and does not wait on; on this replica it is refused before it takes a connection. All
 * of these are the organization's, whichever endpoint a replay names: a replay of an endpoint and one of
 * the webhook take turns and count against the same hour.
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

    /**
     * Makes the replay's deliveries to the webhook, or to {@code endpointId} when it names one of the
     * organization's endpoints; returns how many.
     */
    public int replay(
            String organizationId,
            @Nullable UUID endpointId,
            Instant since,
            @Nullable Instant until,
            boolean failedOnly) {
        Instant now = clock.instant();
        Instant end = until == null || until.isAfter(now) ? now : until;
        if (since.isBefore(now.minus(retention.retention()))) {
            throw new InvalidFieldException(
                    "since", "must be within the retention of " + Durations.words(retention.retention()));
        }
        if (!since.isBefore(end)) {
            throw new InvalidFieldException(
                    until == null ? "since" : "until", "must leave a range: since before until");
        }
        if (!beingMade.add(organizationId)) {
            throw beingMade();
        }
        OptionalInt deliveries;
        try {
            deliveries = Objects.requireNonNull(
                    transactions.execute(status -> make(organizationId, endpointId, since, end, failedOnly, now)));
        } finally {
            beingMade.remove(organizationId);
        }
        if (deliveries.isEmpty()) {
            // made nothing, but it read the range as a replay would: it counts against the hourly limit
            throw new TooLargeException(
                    "Replay too large",
                    "This replay would make more than " + replayMax
                            + " deliveries, the most one replay may make; replay a shorter range");
        }
        return deliveries.getAsInt();
    }

    /** The replay's deliveries, or none and empty when it would make more than {@code replayMax}. */
    private OptionalInt make(
            String organizationId,
            @Nullable UUID endpointId,
            Instant since,
            Instant end,
            boolean failedOnly,
            Instant now) {
        EndpointView target = target(organizationId, endpointId);
        if (!store.tryLockReplays(organizationId)) {
            throw beingMade();
        }
        if (store.replayRunning(organizationId)) {
            throw new ConflictException(
                    "Replay running",
                    "A replay of this organization is still being delivered; try again when it has finished");
        }
        limits.takeReplay(organizationId);
        OptionalInt deliveries = store.replay(
                organizationId,
                target.kind() == Endpoint.Kind.WEBHOOK
                        ? ReplayStore.Target.webhook(target.id())
                        : ReplayStore.Target.endpoint(target.id(), target.createdAt()),
                since,
                end,
                failedOnly,
                engine.attemptsPerDelivery(),
                replayMax,
                now);
        deliveries.ifPresent(engine::replayed);
        return deliveries;
    }

    /**
     * Where the replay goes, checked before the replay takes its lock or counts: the webhook, or the
     * endpoint named. A disabled one is refused, since nothing would be sent to it.
     */
    private EndpointView target(String organizationId, @Nullable UUID endpointId) {
        EndpointView target = endpointId == null
                ? endpoints.webhook(organizationId).orElseThrow(() -> new NotFoundException("Webhook"))
                : endpoints
                        .find(organizationId, endpointId)
                        .filter(e -> e.kind() != Endpoint.Kind.ZAPIER)
                        .orElseThrow(() -> new NotFoundException("Endpoint"));
        if (target.disabledAt() != null) {
            throw new ConflictException(
                    target.kind() == Endpoint.Kind.WEBHOOK
                            ? "The webhook is disabled; save its URL to enable it, then replay"
                            : "The endpoint is disabled; enable it (PATCH {\"enabled\": true}), then replay");
        }
        return target;
    }

    private static ConflictException beingMade() {
        return new ConflictException(
                "Replay running", "Another replay of this organization is being made; try again when it has finished");
    }
}
