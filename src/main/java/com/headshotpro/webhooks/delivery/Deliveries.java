package com.headshotpro.webhooks.delivery;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * What the engine tells the features that make deliveries by hand (the delivery log's redeliveries and
 * replays): how many attempts a new delivery gets on the ladder, and where replayed deliveries are counted.
 * Everything else of the engine is its own.
 */
@NamedInterface("api")
@Component
public class Deliveries {

    private final RetryLadder ladder;
    private final DeliveryMetrics metrics;

    Deliveries(DeliveryProperties properties, DeliveryMetrics metrics) {
        this.ladder = properties.ladder();
        this.metrics = metrics;
    }

    /** The attempts a new delivery gets before it has failed: one more than the ladder's delays. */
    public int attemptsPerDelivery() {
        return ladder.attempts();
    }

    /** Counts deliveries a replay made ({@code hooks.replays.deliveries}). */
    public void replayed(int deliveries) {
        metrics.replayed(deliveries);
    }
}
