package com.headshotpro.webhooks.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * What the engine tells the features that make deliveries by hand (the delivery log's redeliveries and
 * replays): how many attempts a new delivery gets on the ladder, and where replayed deliveries are counted;
 * and what it tells the endpoint settings: the paces the receivers slowed their endpoints to.
 * Everything else of the engine is its own.
 */
@NamedInterface("api")
@Component
public class Deliveries {

    private final RetryLadder ladder;
    private final DeliveryMetrics metrics;
    private final DeliveryStore store;

    Deliveries(DeliveryProperties properties, DeliveryMetrics metrics, DeliveryStore store) {
        this.ladder = properties.ladder();
        this.metrics = metrics;
        this.store = store;
    }

    /** The attempts a new delivery gets before it has failed: one more than the ladder's delays. */
    public int attemptsPerDelivery() {
        return ladder.attempts();
    }

    /**
     * The endpoints among {@code endpointIds} that their receivers slowed down ({@link Pace}), with the
     * requests a second each is sent now.
     */
    public Map<UUID, Integer> slowedPaces(Collection<UUID> endpointIds) {
        return store.slowedPaces(endpointIds);
    }

    /** Counts deliveries a replay made ({@code hooks.replays.deliveries}). */
    public void replayed(int deliveries) {
        metrics.replayed(deliveries);
    }
}
